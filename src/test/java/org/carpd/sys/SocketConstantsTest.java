package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * The unicast sockets' constants and sockaddr layouts against the system headers: Linux
 * {@code struct sockaddr_in} starts with a 16-bit family, FreeBSD's with {@code sin_len} and an
 * 8-bit family (AF_INET6 is 10 on Linux, 28 on FreeBSD). Checked on a little-endian host.
 */
class SocketConstantsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sockaddrsAreLaidOutAsEachKernelReadsThem() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        byte[] v4 = IpPrefix.parseAddress("192.0.2.7");
        assertThat(HEX.formatHex(SocketConstants.LINUX.sockaddrIn(v4))).isEqualTo("02000000c000020700000000" + "00000000");
        assertThat(HEX.formatHex(SocketConstants.FREEBSD.sockaddrIn(v4))).isEqualTo("10020000c000020700000000" + "00000000");
        byte[] v6 = IpPrefix.parseAddress("fe80::2");
        assertThat(HEX.formatHex(SocketConstants.LINUX.sockaddrIn6(v6, 3)))
                .isEqualTo("0a00" + "0000" + "00000000" + "fe800000000000000000000000000002" + "03000000");
        assertThat(HEX.formatHex(SocketConstants.FREEBSD.sockaddrIn6(v6, 3)))
                .isEqualTo("1c1c" + "0000" + "00000000" + "fe800000000000000000000000000002" + "03000000");
    }

    @Test
    void optionNumbersAreTheHeadersValues() {
        // <linux/in.h> IP_HDRINCL 3; <linux/in6.h> IPV6_HDRINCL 36, IPV6_UNICAST_HOPS 16, IPV6_TCLASS 67;
        // <linux/ipv6.h> IPV6_CHECKSUM 7; <asm-generic/socket.h> SO_BINDTODEVICE 25, SO_ATTACH_FILTER 26
        SocketConstants linux = SocketConstants.LINUX;
        assertThat(new int[] {linux.ipHdrincl(), linux.ipv6Hdrincl(), linux.ipv6UnicastHops(), linux.ipv6Tclass(),
                linux.ipv6Checksum(), linux.soBindToDevice(), linux.soAttachFilter(), linux.solSocket()})
                .containsExactly(3, 36, 16, 67, 7, 25, 26, 1);
        // <netinet/in.h> IP_HDRINCL 2; <netinet6/in6.h> IPV6_UNICAST_HOPS 4, IPV6_TCLASS 61, IPV6_CHECKSUM 26;
        // <sys/socket.h> SOL_SOCKET 0xffff, SO_RCVBUF 0x1002, SOCK_CLOEXEC 0x10000000, MSG_DONTWAIT 0x80
        SocketConstants bsd = SocketConstants.FREEBSD;
        assertThat(new int[] {bsd.ipHdrincl(), bsd.ipv6UnicastHops(), bsd.ipv6Tclass(), bsd.ipv6Checksum(),
                bsd.solSocket(), bsd.soRcvbuf(), bsd.sockCloexec(), bsd.msgDontWait(), bsd.afInet6()})
                .containsExactly(2, 4, 61, 26, 0xffff, 0x1002, 0x10000000, 0x80, 28);
    }
}
