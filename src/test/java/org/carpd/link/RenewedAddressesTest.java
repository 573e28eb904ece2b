package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Address notifications as the Linux kernel builds them (net/ipv4/devinet.c inet_fill_ifaddr,
 * net/ipv6/addrconf.c inet6_fill_ifaddr: struct ifaddrmsg, then IFA_ADDRESS, IFA_LOCAL, IFA_LABEL,
 * IFA_FLAGS and IFA_CACHEINFO attributes): only the renewal of an address the monitor already read
 * spares a read.
 */
class RenewedAddressesTest {
    private static final byte[] VIP = {(byte) 192, 0, 2, 101};
    private static final byte[] LINK_LOCAL = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    /** Interface 3 has the VIP and the link-local address. */
    private static final KnownAddresses KNOWN = (index, address) -> index == 3
            && (Arrays.equals(address, VIP) || Arrays.equals(address, LINK_LOCAL));

    /** One notification: nlmsghdr, ifaddrmsg, then the kernel's attributes for the family. */
    private static ByteBuffer notice(ByteBuffer b, int type, int index, byte[] address) {
        int start = b.position();
        boolean v4 = address.length == 4;
        b.putInt(0).putShort((short) type).putShort((short) 0).putInt(0).putInt(0);
        b.put((byte) (v4 ? 2 : 10)).put((byte) (v4 ? 24 : 64)).put((byte) 0x80).put((byte) 0).putInt(index);
        attribute(b, 1, address);                                 // IFA_ADDRESS
        if (v4) {
            attribute(b, 2, address);                             // IFA_LOCAL
            attribute(b, 3, "eth0\0".getBytes());                 // IFA_LABEL: 5 bytes, padded to 8
        }
        attribute(b, 8, new byte[] {(byte) 0x80, 0, 0, 0});       // IFA_FLAGS: IFA_F_PERMANENT
        attribute(b, 6, new byte[16]);                            // IFA_CACHEINFO
        b.putInt(start, b.position() - start);
        return b;
    }

    private static void attribute(ByteBuffer b, int type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }

    private static boolean only(ByteBuffer b) {
        return RenewedAddresses.only(b.array(), b.position(), KNOWN);
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
    }

    @Test
    void theRenewalOfAnAddressAlreadyReadIsNoNews() {
        assertThat(only(notice(buffer(), 20, 3, VIP))).isTrue();
        assertThat(only(notice(buffer(), 20, 3, LINK_LOCAL))).isTrue();
        assertThat(only(notice(notice(buffer(), 20, 3, VIP), 20, 3, LINK_LOCAL))).as("two in one datagram").isTrue();
    }

    @Test
    void aNewAddressARemovalOrAnotherInterfaceIsNews() {
        assertThat(only(notice(buffer(), 20, 3, new byte[] {(byte) 192, 0, 2, 102}))).as("not read yet").isFalse();
        assertThat(only(notice(buffer(), 21, 3, VIP))).as("RTM_DELADDR").isFalse();
        assertThat(only(notice(buffer(), 20, 4, VIP))).as("the same address on another interface").isFalse();
        assertThat(only(notice(notice(buffer(), 20, 3, VIP), 21, 3, LINK_LOCAL))).as("a removal after a renewal")
                .isFalse();
    }

    /** On a point-to-point link IFA_ADDRESS is the peer's: the interface's own address is IFA_LOCAL. */
    @Test
    void theLocalAddressNamesTheAddressWhereThereIsOne() {
        ByteBuffer b = buffer();
        b.putInt(0).putShort((short) 20).putShort((short) 0).putInt(0).putInt(0);
        b.put((byte) 2).put((byte) 32).put((byte) 0).put((byte) 0).putInt(3);
        attribute(b, 1, new byte[] {(byte) 198, 51, 100, 1});   // the peer
        attribute(b, 2, VIP);
        b.putInt(0, b.position());
        assertThat(only(b)).isTrue();
    }

    @Test
    void anythingMalformedOrEmptyIsNews() {
        ByteBuffer whole = notice(buffer(), 20, 3, VIP);
        assertThat(RenewedAddresses.only(whole.array(), 0, KNOWN)).as("empty").isFalse();
        assertThat(RenewedAddresses.only(whole.array(), whole.position() - 4, KNOWN)).as("cut short").isFalse();
        ByteBuffer noAddress = buffer();
        noAddress.putInt(24).putShort((short) 20).putShort((short) 0).putInt(0).putInt(0)
                .put((byte) 2).put((byte) 24).put((byte) 0).put((byte) 0).putInt(3);
        assertThat(only(noAddress)).as("no address attribute").isFalse();
        ByteBuffer badAttribute = notice(buffer(), 20, 3, VIP);
        badAttribute.putShort(24, (short) 2);                         // an attribute shorter than its header
        assertThat(only(badAttribute)).isFalse();
    }
}
