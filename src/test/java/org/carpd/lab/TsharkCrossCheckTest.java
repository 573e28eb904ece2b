package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.AnnouncementFrames;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frames carpd builds, read back by an independent decoder: Wireshark's dissectors (tshark,
 * with protocol 112 decoded as CARP) must see the fields carpd wrote and good checksums.
 */
@Tag("lab")
class TsharkCrossCheckTest {
    private static final byte[] MAC = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

    @Test
    void tsharkAgreesWithTheFramesCarpdBuilds(@TempDir Path dir) throws IOException {
        AdvertAuthenticator auth = new AdvertAuthenticator(42, "secret".getBytes(StandardCharsets.UTF_8),
                List.of(IpPrefix.parse("192.0.2.100/24"), IpPrefix.parse("2001:db8::100/64")));
        ByteBuffer v4 = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(v4, MAC, IpPrefix.parseAddress("192.0.2.1"), 0x4242, CarpHeader.payload(42, 3, 77, 0x0102030405060708L, auth));
        ByteBuffer v6 = ByteBuffer.allocate(AdvertFrames.IPV6_FRAME_LENGTH);
        AdvertFrames.writeToGroup(v6, MAC, IpPrefix.parseAddress("fe80::1"), 0, CarpHeader.payload(42, 3, 77, 0x0102030405060709L, auth));
        ByteBuffer arp = ByteBuffer.allocate(AnnouncementFrames.ARP_FRAME_LENGTH);
        AnnouncementFrames.writeGratuitousArp(arp, MAC, IpPrefix.parseAddress("192.0.2.100"));
        ByteBuffer na = ByteBuffer.allocate(AnnouncementFrames.NA_FRAME_LENGTH);
        AnnouncementFrames.writeUnsolicitedNa(na, MAC, IpPrefix.parseAddress("2001:db8::100"), false);
        Path pcap = dir.resolve("frames.pcap");
        PcapWriter.write(pcap, List.of(v4.array(), v6.array(), arp.array(), na.array()));

        List<String> rows = tshark(pcap, "carp.version", "carp.type", "carp.vhid", "carp.advskew", "carp.authlen",
                "carp.demotion", "carp.adver_int", "carp.counter", "carp.checksum.status",
                "ip.checksum.status", "ip.ttl", "ip.dsfield.dscp", "ip.flags.df", "ip.dst", "ipv6.hlim",
                "ipv6.dst", "eth.dst");
        assertThat(rows.get(0)).isEqualTo(String.join("|", "2", "1", "42", "77", "7", "0", "3",
                "72623859790382856", "1", "1", "255", "56", "1", "224.0.0.18", "", "", "01:00:5e:00:00:12"));
        assertThat(rows.get(1)).isEqualTo(String.join("|", "2", "1", "42", "77", "7", "0", "3",
                "72623859790382857", "1", "", "", "", "", "", "255", "ff02::12", "33:33:00:00:00:12"));

        List<String> announcements = tshark(pcap, "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
                "arp.dst.proto_ipv4", "arp.isgratuitous", "icmpv6.type", "icmpv6.checksum.status",
                "icmpv6.nd.na.flag.o", "icmpv6.nd.na.flag.r", "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr",
                "ipv6.hlim", "ipv6.dst");
        assertThat(announcements.get(2)).isEqualTo(String.join("|", "1", "02:11:22:33:44:55", "192.0.2.100",
                "192.0.2.100", "1", "", "", "", "", "", "", "", ""));
        assertThat(announcements.get(3)).isEqualTo(String.join("|", "", "", "", "", "", "136", "1", "1", "0",
                "2001:db8::100", "02:11:22:33:44:55", "255", "ff02::1"));
    }

    private static List<String> tshark(Path pcap, String... fields) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("tshark", "-r", pcap.toString(),
                "-d", "ip.proto==112,carp", "-o", "ip.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=|"));
        Arrays.stream(fields).forEach(f -> command.addAll(List.of("-e", f)));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> rows = Arrays.asList(out.split("\n"));
        assertThat(rows).as("tshark output; stderr: %s", err).hasSizeGreaterThanOrEqualTo(4);
        return rows;
    }
}
