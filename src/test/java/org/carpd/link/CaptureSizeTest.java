package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.junit.jupiter.api.Test;

/** The capture's size from the protocols on an interface (the ring it gives: {@link TpacketRingTest}). */
class CaptureSizeTest {
    private static VhidConfig vhid(String text) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig parsed = new ConfigParser(path -> new byte[0]).parse("v.conf", text, errors);
        assertThat(errors).isEmpty();
        return parsed;
    }

    private static final VhidConfig CARP = vhid("interface = em0\nvhid = 1\npass = x\naddress = 192.0.2.1/24\n");
    private static final VhidConfig VRRP3 =
            vhid("interface = em0\nvhid = 2\nprotocol = vrrp3\npriority = 100\naddress = 192.0.2.2/24\n");
    private static final VhidConfig VRRP2 =
            vhid("interface = em0\nvhid = 3\nprotocol = vrrp2\npriority = 100\naddress = 192.0.2.3/24\n");

    @Test
    void aCarpOnlyInterfaceGetsTheShortSnapshotAndAnyVrrpVhidTheFullOne() {
        assertThat(CaptureSize.forVhids(List.of(CARP))).isEqualTo(CaptureSize.CARP_ONLY);
        assertThat(CaptureSize.forVhids(List.of(CARP, CARP))).isEqualTo(CaptureSize.CARP_ONLY);
        assertThat(CaptureSize.forVhids(List.of(CARP, VRRP3))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.forVhids(List.of(VRRP2, CARP))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.forVhids(List.of(VRRP3))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.WITH_VRRP.snaplen()).as("VRRP keeps the snapshot length of before").isEqualTo(1536);
    }

    @Test
    void onlyAShorterSnapshotFitsInALongerOne() {
        assertThat(CaptureSize.CARP_ONLY.fitsIn(CaptureSize.WITH_VRRP)).isTrue();
        assertThat(CaptureSize.CARP_ONLY.fitsIn(CaptureSize.CARP_ONLY)).isTrue();
        assertThat(CaptureSize.WITH_VRRP.fitsIn(CaptureSize.CARP_ONLY)).isFalse();
    }
}
