package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InterfaceInfo#hasAddress}, which tells the link monitor that an address notification
 * only renews an address it already read: every address of the reading counts, and no other.
 */
class InterfaceInfoHasAddressTest {
    private static final byte[] OWN = {(byte) 192, 0, 2, 10};
    private static final byte[] HOST_LINK_LOCAL = ipv6(0xfe, 0x80, 1);
    /** A VRRPv3 IPv6 router's link-local VIP, listed after the host's own. */
    private static final byte[] VIP_LINK_LOCAL = ipv6(0xfe, 0x80, 0x12);
    private static final byte[] GLOBAL = ipv6(0x20, 0x01, 5);

    private static byte[] ipv6(int first, int second, int last) {
        byte[] a = new byte[16];
        a[0] = (byte) first;
        a[1] = (byte) second;
        a[15] = (byte) last;
        return a;
    }

    private static final InterfaceInfo READING = new InterfaceInfo("eth0", 3, new byte[6], true, List.of(OWN),
            HOST_LINK_LOCAL, List.of(GLOBAL), List.of(HOST_LINK_LOCAL, VIP_LINK_LOCAL));

    @Test
    void everyAddressOfTheReadingIsKnownIncludingALaterLinkLocal() {
        assertThat(READING.hasAddress(OWN)).isTrue();
        assertThat(READING.hasAddress(HOST_LINK_LOCAL)).isTrue();
        assertThat(READING.hasAddress(GLOBAL)).isTrue();
        assertThat(READING.hasAddress(VIP_LINK_LOCAL)).as("the second link-local: its renewals need no read").isTrue();
    }

    @Test
    void anAddressNotInTheReadingIsNot() {
        assertThat(READING.hasAddress(new byte[] {(byte) 192, 0, 2, 11})).isFalse();
        assertThat(READING.hasAddress(ipv6(0xfe, 0x80, 2))).isFalse();
        assertThat(READING.hasAddress(ipv6(0x20, 0x01, 6))).isFalse();
    }
}
