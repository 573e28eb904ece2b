package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.carpd.core.CarpParams;
import org.carpd.core.ReceiveView;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.DropReason;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/** An interface's drop counts: by vhid (0: no configured vhid) and reason, each vhid's made at its first drop. */
class AdvertIntakeTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x0a};
    private static final byte[] PEER = IpPrefix.parseAddress("192.0.2.2");
    private static final List<IpPrefix> VIPS = List.of(IpPrefix.parse("192.0.2.100/24"));
    private static final AdvertAuthenticator KEY = new AdvertAuthenticator(1, "pw".getBytes(StandardCharsets.UTF_8), VIPS);

    private final AdvertIntake intake = new AdvertIntake(new ReceiveView("eth0", List.of(new ReceiveView.Vhid(
            new VhidSettings(new VhidKey("eth0", 1), false, VIPS, new CarpParams(1, 0, new byte[0], false)), List.of(), KEY)),
            List.of(IpPrefix.parseAddress("192.0.2.1")), List.of()));

    /** A CARP advert from the peer for {@code vhid}, authenticated with {@code key}. */
    private static byte[] advert(int vhid, AdvertAuthenticator key) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(frame, MAC, PEER, 1, CarpHeader.payload(vhid, 1, 0, 1, key));
        return frame.array();
    }

    @Test
    void noVhidHasCountsBeforeItsFirstDrop() {
        for (int vhid = 0; vhid < 256; vhid++) {
            assertThat(intake.drops(vhid)).as("vhid %d", vhid).isEmpty();
        }
    }

    @Test
    void dropsAreCountedByVhidAndReasonAndAVhidForgottenStartsAgainFromNothing() {
        AdvertAuthenticator wrong = new AdvertAuthenticator(1, "guess".getBytes(StandardCharsets.UTF_8), VIPS);
        AdvertAuthenticator other = new AdvertAuthenticator(9, "pw".getBytes(StandardCharsets.UTF_8), VIPS);
        for (int i = 0; i < 3; i++) {
            assertThat(intake.receive(advert(1, wrong), 0)).isInstanceOf(org.carpd.core.ReceiveFilter.Drop.class);
        }
        intake.receive(advert(9, other), 0);
        intake.truncated();
        intake.truncated();
        assertThat(intake.drops(1)).isEqualTo(Map.of(DropReason.BAD_AUTH, 3L));
        assertThat(intake.drops(0)).isEqualTo(Map.of(DropReason.UNKNOWN_VHID, 1L, DropReason.TRUNCATED, 2L));
        assertThat(intake.drops(9)).as("an unconfigured vhid's frames count on the interface").isEmpty();

        intake.forget(1);
        assertThat(intake.drops(1)).isEmpty();
        assertThat(intake.drops(0)).as("the interface's counts stay").containsEntry(DropReason.TRUNCATED, 2L);
        intake.receive(advert(1, wrong), 0);
        assertThat(intake.drops(1)).isEqualTo(Map.of(DropReason.BAD_AUTH, 1L));
    }

    @Test
    void countsFromTwoThreadsAreAllKept() throws Exception {
        Thread other = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                intake.truncated();
            }
        });
        other.start();
        for (int i = 0; i < 10_000; i++) {
            intake.truncated();
        }
        other.join();
        assertThat(intake.drops(0)).isEqualTo(Map.of(DropReason.TRUNCATED, 20_000L));
    }
}
