package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * carpd's VRRPv2 frames against an independent encoder and decoder: scapy's VRRP layer (Debian's
 * python3-scapy, installed by src/lab/install-deps.sh) builds the same adverts from the same
 * fields, byte for byte, and reads carpd's frames back with a checksum it recomputes itself.
 */
class Vrrp2ScapyCrossCheckTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x01};

    private record Case(int vrid, int priority, int intervalSeconds, String password, List<String> vips) {
    }

    private static final List<Case> CASES = List.of(
            new Case(51, 100, 1, "1111", List.of("192.0.2.100")),
            new Case(1, 255, 255, "", List.of("192.0.2.100", "198.51.100.7")),
            new Case(255, 0, 3, "8bytes!!", List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5")),
            new Case(7, 1, 10, "", List.of("203.0.113.254")));

    private static String carpd(Case c) {
        ByteBuffer frame = ByteBuffer.allocate(256);
        int length = AdvertFrames.writeToGroup(frame, MAC, IpPrefix.parseAddress("192.0.2.1"), 0x1234,
                Vrrp2Header.payload(c.vrid(), c.priority(), c.intervalSeconds(),
                        c.vips().stream().map(IpPrefix::parseAddress).toList(),
                        c.password().getBytes(StandardCharsets.US_ASCII)));
        return HexFormat.of().formatHex(frame.array(), 0, length);
    }

    /** scapy builds the frame from the fields (checksums its own); and decodes carpd's, checksum recomputed. */
    private static String scapy(Case c, String carpdHex) throws IOException, InterruptedException {
        String script = """
                import sys
                from scapy.all import Ether, IP, raw
                from scapy.layers.vrrp import VRRP
                vrid, prio, adv, pw, vips, theirs = sys.argv[1:7]
                pw = pw.encode().ljust(8, b"\\0")
                v = VRRP(version=2, type=1, vrid=int(vrid), priority=int(prio), authtype=1 if pw.strip(b"\\0") else 0,
                         adv=int(adv), addrlist=vips.split(","), auth1=int.from_bytes(pw[:4], "big"),
                         auth2=int.from_bytes(pw[4:], "big"))
                f = Ether(src="02:00:00:00:00:01", dst="01:00:5e:00:00:12") / IP(src="192.0.2.1", dst="224.0.0.18",
                         ttl=255, tos=0xe0, id=0x1234, flags="DF") / v
                print(raw(f).hex())
                p = Ether(bytes.fromhex(theirs))
                r = p[VRRP]
                sent = r.chksum
                del r.chksum
                again = VRRP(raw(r))
                print(r.version, r.type, r.vrid, r.priority, r.ipcount, r.authtype, r.adv, ",".join(r.addrlist),
                      int(sent == again.chksum), p[IP].ttl, p[IP].proto)
                """;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, Integer.toString(c.vrid()),
                Integer.toString(c.priority()), Integer.toString(c.intervalSeconds()), c.password(),
                String.join(",", c.vips()), carpdHex).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void scapyBuildsTheSameBytesAndReadsCarpdsFrames() throws Exception {
        for (Case c : CASES) {
            String ours = carpd(c);
            String[] lines = scapy(c, ours).strip().split("\n");
            assertThat(ours).as("%s", c).isEqualTo(lines[0]);
            assertThat(lines[1]).as("%s as scapy reads it", c).isEqualTo(String.join(" ", "2", "1",
                    Integer.toString(c.vrid()), Integer.toString(c.priority()), Integer.toString(c.vips().size()),
                    c.password().isEmpty() ? "0" : "1", Integer.toString(c.intervalSeconds()), String.join(",", c.vips()),
                    "1", "255", "112"));
        }
    }
}
