package org.carpd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.carpd.lab.PcapWriter;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.AnnouncementFrames;
import org.carpd.proto.InternetChecksum;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carpd sniff -r} on a capture holding good, bad and foreign frames. */
class SniffCommandTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 7};
    @TempDir
    Path dir;
    private Path pcap;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void capture() throws Exception {
        AdvertAuthenticator auth = new AdvertAuthenticator(3, "pw".getBytes(StandardCharsets.UTF_8),
                List.of(IpPrefix.parse("192.0.2.50/24")));
        byte[] good = advert(auth);
        byte[] arp = new byte[AnnouncementFrames.ARP_FRAME_LENGTH];
        AnnouncementFrames.writeGratuitousArp(ByteBuffer.wrap(arp), MAC, IpPrefix.parseAddress("192.0.2.50"));
        byte[] lowTtl = advert(auth);
        lowTtl[14 + 8] = 64;
        fixIpChecksum(lowTtl);
        byte[] badVersion = advert(auth);
        badVersion[34] = 0x41; // version 4: neither CARP (2) nor VRRP (3)
        byte[] vrrp = java.util.HexFormat.of().parseHex(org.carpd.proto.VrrpCodecTest.SCAPY_V4);
        byte[] truncated = Arrays.copyOf(good, 50);
        pcap = dir.resolve("mixed.pcap");
        PcapWriter.write(pcap, List.of(good, arp, lowTtl, badVersion, vrrp, truncated));
    }

    private static byte[] advert(AdvertAuthenticator auth) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(frame, MAC, IpPrefix.parseAddress("192.0.2.9"), 1, CarpHeader.payload(3, 2, 40, 0x0a0b0c0d0e0f1011L, auth));
        return frame.array();
    }

    private static void fixIpChecksum(byte[] frame) {
        frame[24] = 0;
        frame[25] = 0;
        int sum = InternetChecksum.compute(ByteBuffer.wrap(frame), 14, 20);
        frame[24] = (byte) (sum >>> 8);
        frame[25] = (byte) sum;
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void textLinesWithVerdictsAndRejectedFramesSkippingNonCarp() {
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "pw", "--address", "192.0.2.50/24")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).endsWith("192.0.2.9 > 224.0.0.18 vhid 3 advbase 2 advskew 40 demote 0 "
                + "counter 0x0a0b0c0d0e0f1011 ttl 255 ok checksum ok hmac ok");
        assertThat(lines.get(1)).endsWith("ttl 64 bad checksum ok hmac ok");
        assertThat(lines.get(2)).endsWith("192.0.2.9 > 224.0.0.18 rejected: unsupported CARP version");
        assertThat(lines.get(3)).endsWith("192.0.2.1 > 224.0.0.18 vrrp3 vrid 7 priority 150 interval 100cs "
                + "addresses 192.0.2.100,192.0.2.101 ttl 255 ok checksum ok");
        assertThat(lines.get(4)).endsWith("rejected: frame shorter than its headers claim");
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() {
        assertThat(run("sniff", "-r", pcap.toString(), "--json")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("{\"time\":\"2023-11-14T22:13:20.000000Z\",\"src\":\"192.0.2.9\","
                + "\"dst\":\"224.0.0.18\",\"version\":2,\"vhid\":3,\"advbase\":2,\"advskew\":40,\"demote\":0,"
                + "\"counter\":" + Long.toUnsignedString(0x0a0b0c0d0e0f1011L)
                + ",\"ttl\":\"ok\",\"checksum\":\"ok\",\"hmac\":\"unchecked\"}");
        assertThat(lines.get(1)).contains("\"ttl\":\"bad\"");
        assertThat(lines.get(2)).matches("\\{\"time\":\"[^\"]+\",\"rejected\":\"bad_version\"}");
        assertThat(lines.get(3)).endsWith("\"src\":\"192.0.2.1\",\"dst\":\"224.0.0.18\",\"version\":3,\"vrid\":7,"
                + "\"priority\":150,\"interval_cs\":100,\"addresses\":[\"192.0.2.100\",\"192.0.2.101\"],"
                + "\"ttl\":\"ok\",\"checksum\":\"ok\"}");
        assertThat(lines.get(4)).matches("\\{\"time\":\"[^\"]+\",\"rejected\":\"truncated\"}");
    }

    @Test
    void aVrrp2AdvertShowsItsAuthTypeButNeverItsPassword() throws Exception {
        ByteBuffer frame = ByteBuffer.allocate(64);
        int length = AdvertFrames.writeToGroup(frame, MAC, IpPrefix.parseAddress("192.0.2.9"), 1,
                org.carpd.proto.Vrrp2Header.payload(51, 100, 1, List.of(IpPrefix.parseAddress("192.0.2.100")),
                        "s3cr3t".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path v2 = dir.resolve("v2.pcap");
        PcapWriter.write(v2, List.of(Arrays.copyOf(frame.array(), length)));
        assertThat(run("sniff", "-r", v2.toString())).isZero();
        assertThat(out.toString().strip()).endsWith("192.0.2.9 > 224.0.0.18 vrrp2 vrid 51 priority 100 interval 1s auth "
                + "simple-text addresses 192.0.2.100 ttl 255 ok checksum ok");
        out.getBuffer().setLength(0);
        assertThat(run("sniff", "-r", v2.toString(), "--json")).isZero();
        assertThat(out.toString().strip()).endsWith("\"version\":2,\"vrid\":51,\"priority\":100,\"interval_s\":1,"
                + "\"auth\":\"simple-text\",\"addresses\":[\"192.0.2.100\"],\"ttl\":\"ok\",\"checksum\":\"ok\"}");
        assertThat(out.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void wrongPasswordIsBadAndMisuseIsAUsageError() {
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "nope", "--address", "192.0.2.50")).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith("hmac bad");
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "pw")).isEqualTo(2);
        assertThat(err.toString()).contains("--pass needs at least one --address");
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "01234567890123456789", "-a", "192.0.2.50")).isEqualTo(2);
        assertThat(run("sniff", "-r", dir.resolve("missing.pcap").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read capture file").contains("no such file");
        assertThat(run("sniff")).isEqualTo(2);
    }

    private int runWithEnvironment(java.util.Map<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((SniffCommand) cli.getSubcommands().get("sniff").getCommand()).environment = environment::get;
        return cli.execute(args);
    }

    @Test
    void thePasswordComesFromAFileOrTheEnvironmentAsWell() throws Exception {
        Path passfile = dir.resolve("web.pass");
        java.nio.file.Files.writeString(passfile, "pw\nsecond line ignored\n");
        assertThat(run("sniff", "-r", pcap.toString(), "--passfile", passfile.toString(), "-a", "192.0.2.50")).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith("hmac ok");
        out.getBuffer().setLength(0);
        assertThat(runWithEnvironment(java.util.Map.of("CARP_PW", "pw"), "sniff", "-r", pcap.toString(),
                "--pass-env", "CARP_PW", "-a", "192.0.2.50")).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith("hmac ok");
        assertThat(runWithEnvironment(java.util.Map.of(), "sniff", "-r", pcap.toString(),
                "--pass-env", "CARP_PW", "-a", "192.0.2.50")).isEqualTo(2);
        assertThat(err.toString()).contains("the environment variable CARP_PW is not set or empty");
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((SniffCommand) cli.getSubcommands().get("sniff").getCommand()).stdin =
                () -> new java.io.ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8));
        out.getBuffer().setLength(0);
        assertThat(cli.execute("sniff", "-r", pcap.toString(), "--passfile", "-", "-a", "192.0.2.50")).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith("hmac ok");
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "pw", "--pass-env", "X", "-a", "192.0.2.50"))
                .as("one source only").isEqualTo(2);
    }
    /** picocli's own errors quote the arguments: a --pass value never reaches the terminal. */
    @Test
    void commandLineErrorsNeverQuoteThePassword() {
        assertThat(run("sniff", "-r", pcap.toString(), "--pass=S3cretOne", "--pass=S3cretTwo", "-a", "192.0.2.50"))
                .isEqualTo(2);
        assertThat(run("sniff", "-r", pcap.toString(), "--pass", "S3cretThree", "--pass", "S3cretFour")).isEqualTo(2);
        assertThat(run("sniff", "-r", pcap.toString(), "--passs=S3cretFive")).isEqualTo(2);
        assertThat(err.toString()).contains("***").doesNotContain("S3cret");
        assertThat(out.toString()).doesNotContain("S3cret");
    }
}
