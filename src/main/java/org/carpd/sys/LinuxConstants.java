package org.carpd.sys;

/**
 * The Linux header values carpd passes to libc (the same on amd64 and arm64):
 * {@code <bits/socket.h>}, {@code <asm-generic/socket.h>}, {@code <linux/in.h>}, {@code <linux/in6.h>},
 * {@code <linux/ipv6.h>}, {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/socket.h>},
 * {@code <linux/if_packet.h>}.
 */
public final class LinuxConstants {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PEERCRED = 17;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int MSG_DONTWAIT = 0x40;
    /** Packet sockets' option level, and their option to see no outgoing frame (Linux 4.20). */
    public static final int SOL_PACKET = 263;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_HDRINCL = 3;
    public static final int IPV6_CHECKSUM = 7;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_HDRINCL = 36;
    public static final int IPV6_TCLASS = 67;
    /** The netlink family of routing messages (links, addresses, routes). */
    public static final int NETLINK_ROUTE = 0;
    /** rtnetlink multicast groups: link changes, IPv4 and IPv6 address changes. */
    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    /** rtnetlink address messages: struct nlmsghdr and struct ifaddrmsg lengths, the type, two attributes. */
    public static final int NLMSG_HEADER = 16;
    public static final int IFADDRMSG = 8;
    public static final int RTM_NEWADDR = 20;
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;

    private LinuxConstants() {
    }
}
