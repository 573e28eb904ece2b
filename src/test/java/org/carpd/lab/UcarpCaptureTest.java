package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.carpd.link.CapturedFrame;
import org.carpd.link.PcapFrameSource;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.DropReason;
import org.carpd.proto.HmacVerdict;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real ucarp (Debian's package) runs as MASTER in a namespace; its adverts are captured with
 * tcpdump and must decode and verify with carpd's codec, and {@code carpd sniff -r} must call
 * them {@code hmac ok} with the right password and address and {@code hmac bad} otherwise.
 */
@Tag("lab")
class UcarpCaptureTest {
    private static final String VIP = "192.0.2.200";
    /** One LAN for the class: ucarp is captured once, and the tests read the capture. */
    @RegisterExtension
    static final CarpdLab lab = new CarpdLab("u", "c");
    private static Path capture;

    @BeforeAll
    static void captureUcarp() throws Exception {
        lab.spawn("u", "ucarp.log", "ucarp", "-i", "eth0", "-s", Lab.SUBNET + ".1", "-v", "42", "-p", "s3cret",
                "-a", VIP, "-b", "1", "-k", "20", "-u", "/bin/true", "-d", "/bin/true");
        capture = lab.workDir().resolve("ucarp.pcap");
        lab.inNs("c", "timeout", "20", "tcpdump", "-q", "-i", "eth0", "-w", capture.toString(), "-c", "4",
                "ip proto 112");
    }

    @Test
    void ucarpAdvertsDecodeAndVerify() throws IOException {
        AdvertAuthenticator right = new AdvertAuthenticator(42, bytes("s3cret"), List.of(IpPrefix.parse(VIP + "/24")));
        AdvertAuthenticator wrongPassword = new AdvertAuthenticator(42, bytes("secret"), List.of(IpPrefix.parse(VIP)));
        AdvertAuthenticator wrongAddress = new AdvertAuthenticator(42, bytes("s3cret"), List.of(IpPrefix.parse("192.0.2.201")));
        int adverts = 0;
        try (PcapFrameSource frames = PcapFrameSource.openFile(capture)) {
            CapturedFrame frame;
            while ((frame = frames.next()) != null) {
                DecodedAdvert advert = new DecodedAdvert();
                assertThat(new AdvertDecoder(v -> right).decode(ByteBuffer.wrap(frame.data()), frames.linkType(), advert))
                        .as("ucarp advert accepted: %s", advert.dropReason()).isTrue();
                assertThat(advert.hmac()).isEqualTo(HmacVerdict.OK);
                assertThat(advert.vhid()).isEqualTo(42);
                assertThat(advert.advbase()).isEqualTo(1);
                assertThat(advert.advskew()).isEqualTo(20);
                assertThat(advert.sourceString()).isEqualTo(Lab.SUBNET + ".1");
                assertThat(advert.destinationString()).isEqualTo("224.0.0.18");
                for (AdvertAuthenticator wrong : List.of(wrongPassword, wrongAddress)) {
                    new AdvertDecoder(v -> wrong).decode(ByteBuffer.wrap(frame.data()), frames.linkType(), advert);
                    assertThat(advert.dropReason()).isEqualTo(DropReason.BAD_AUTH);
                }
                adverts++;
            }
        }
        assertThat(adverts).isEqualTo(4);
    }

    @Test
    void sniffReportsHmacOkWithTheRightSecretAndBadWithAWrongOne() throws IOException {
        String ok = Lab.run(CarpdJar.command("sniff", "-r", capture.toString(), "--pass", "s3cret",
                "--address", VIP + "/24"));
        assertThat(ok.lines()).hasSize(4).allMatch(line -> line.contains(" vhid 42 ") && line.endsWith("hmac ok"));

        String bad = Lab.run(CarpdJar.command("sniff", "-r", capture.toString(), "--pass", "wrong",
                "--address", VIP));
        assertThat(bad.lines()).hasSize(4).allMatch(line -> line.endsWith("hmac bad"));

        String json = Lab.run(CarpdJar.command("sniff", "-r", capture.toString(), "--json"));
        assertThat(json.lines()).hasSize(4).allMatch(line -> line.startsWith("{\"time\":\"")
                && line.contains("\"src\":\"192.0.2.1\",\"dst\":\"224.0.0.18\",\"version\":2,\"vhid\":42,"
                + "\"advbase\":1,\"advskew\":20,\"demote\":0,\"counter\":")
                && line.endsWith("\"ttl\":\"ok\",\"checksum\":\"ok\",\"hmac\":\"unchecked\"}"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
