package org.carpd.sys;

/**
 * The FreeBSD header values carpd passes to libc (FreeBSD 14, the same on amd64 and arm64):
 * {@code sys/sys/socket.h}, {@code sys/netinet/in.h}, {@code sys/netinet6/in6.h},
 * {@code sys/sys/sysctl.h}. Sockaddrs there start with a length byte, and there is no
 * SO_BINDTODEVICE, SO_ATTACH_FILTER or IPV6_HDRINCL.
 */
public final class FreeBsdConstants {
    /** As a PF_ROUTE socket's protocol: the messages of every address family. */
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    /** The routing socket (route(4)); also the sysctl MIB's second level for routing data. */
    public static final int PF_ROUTE = 17;
    public static final int AF_INET6 = 28;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x10000000;
    public static final int SOL_SOCKET = 0xffff;
    public static final int SO_RCVBUF = 0x1002;
    public static final int SO_RCVTIMEO = 0x1006;
    /** sys/socket.h (FreeBSD 14 on): report a receive buffer overflow as ENOBUFS on the next receive. */
    public static final int SO_RERROR = 0x00020000;
    public static final int MSG_DONTWAIT = 0x80;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_HDRINCL = 2;
    public static final int IPV6_UNICAST_HOPS = 4;
    public static final int IPV6_CHECKSUM = 26;
    public static final int IPV6_TCLASS = 61;
    /** sysctl MIB: CTL_NET, then PF_ROUTE, 0, 0, NET_RT_IFLIST, an interface index: its RTM_IFINFO. */
    public static final int CTL_NET = 4;
    public static final int NET_RT_IFLIST = 3;

    private FreeBsdConstants() {
    }
}
