package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.carpd.link.CStructImage.Abi;
import org.carpd.link.CStructImage.Member;
import org.carpd.link.FreeBsdRouteMessages.AddressChange;
import org.carpd.link.FreeBsdRouteMessages.Announcement;
import org.carpd.link.FreeBsdRouteMessages.Decoded;
import org.carpd.link.FreeBsdRouteMessages.LinkInfo;
import org.carpd.link.FreeBsdRouteMessages.Other;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PF_ROUTE decoder against byte images laid out from the member lists of FreeBSD 14's
 * sys/net/if.h (struct if_data, if_msghdr, ifa_msghdr, if_announcemsghdr) for amd64 and arm64,
 * with the values of sys/net/route.h (RTM_VERSION 5, RTM_NEWADDR 0xc, RTM_DELADDR 0xd, RTM_IFINFO
 * 0xe, RTM_IFANNOUNCE 0x11) and sys/net/if.h (IFF_UP 0x1, LINK_STATE_* 0..2, IFAN_* 0..1).
 */
class FreeBsdRouteMessagesTest {
    static List<Abi> abis() {
        return List.of(Abi.AMD64, Abi.ARM64);
    }

    private static CStructImage ifData(Abi abi) {
        CStructImage timeval = new CStructImage(abi, List.of(Member.of("time_t", "tv_sec"), Member.of("long", "tv_usec")));
        List<Member> members = new java.util.ArrayList<>(List.of(
                Member.of("uint8_t", "ifi_type"), Member.of("uint8_t", "ifi_physical"), Member.of("uint8_t", "ifi_addrlen"),
                Member.of("uint8_t", "ifi_hdrlen"), Member.of("uint8_t", "ifi_link_state"), Member.of("uint8_t", "ifi_vhid"),
                Member.of("uint16_t", "ifi_datalen"), Member.of("uint32_t", "ifi_mtu"), Member.of("uint32_t", "ifi_metric")));
        for (String counter : List.of("baudrate", "ipackets", "ierrors", "opackets", "oerrors", "collisions", "ibytes",
                "obytes", "imcasts", "omcasts", "iqdrops", "oqdrops", "noproto", "hwassist")) {
            members.add(Member.of("uint64_t", "ifi_" + counter));
        }
        members.add(Member.of("time_t", "ifi_epoch"));          // union { time_t; uint64_t }
        members.add(Member.struct(timeval, "ifi_lastchange"));  // union { struct timeval; 2 x uint64_t }
        return new CStructImage(abi, members);
    }

    private static List<Member> header() {
        return List.of(Member.of("u_short", "msglen"), Member.of("u_char", "version"), Member.of("u_char", "type"));
    }

    static CStructImage ifMsghdr(Abi abi) {
        List<Member> members = new java.util.ArrayList<>(header());
        members.addAll(List.of(Member.of("int", "ifm_addrs"), Member.of("int", "ifm_flags"), Member.of("u_short", "ifm_index"),
                Member.of("u_short", "_ifm_spare1"), Member.struct(ifData(abi), "ifm_data")));
        return new CStructImage(abi, members);
    }

    static CStructImage ifaMsghdr(Abi abi) {
        List<Member> members = new java.util.ArrayList<>(header());
        members.addAll(List.of(Member.of("int", "ifam_addrs"), Member.of("int", "ifam_flags"),
                Member.of("u_short", "ifam_index"), Member.of("u_short", "_ifam_spare1"), Member.of("int", "ifam_metric")));
        return new CStructImage(abi, members);
    }

    static CStructImage ifAnnounce(Abi abi) {
        List<Member> members = new java.util.ArrayList<>(header());
        members.addAll(List.of(Member.of("u_short", "ifan_index"), Member.of("char[16]", "ifan_name"),
                Member.of("u_short", "ifan_what")));
        return new CStructImage(abi, members);
    }

    /** An RTM_IFINFO for interface {@code index}, with {@code trailing} bytes of sockaddrs after it. */
    static byte[] ifinfo(Abi abi, int index, int flags, int linkState, int trailing) {
        CStructImage s = ifMsghdr(abi);
        return s.image(s.size() + trailing).set("msglen", s.size() + trailing).set("version", 5).set("type", 0xe)
                .set("ifm_flags", flags).set("ifm_index", index).set("ifm_data.ifi_link_state", linkState)
                .set("ifm_data.ifi_mtu", 1500).set("ifm_data.ifi_datalen", ifData(abi).size())
                .set("ifm_data.ifi_ipackets", -1L).set("ifm_data.ifi_lastchange.tv_usec", -1L).bytes();
    }

    static byte[] addr(Abi abi, int type, int index, int trailing) {
        CStructImage s = ifaMsghdr(abi);
        return s.image(s.size() + trailing).set("msglen", s.size() + trailing).set("version", 5).set("type", type)
                .set("ifam_index", index).set("ifam_flags", 0xffffffffL).set("ifam_metric", -1).bytes();
    }

    static byte[] announce(Abi abi, int index, String name, int what) {
        CStructImage s = ifAnnounce(abi);
        return s.image(s.size()).set("msglen", s.size()).set("version", 5).set("type", 0x11).set("ifan_index", index)
                .chars("ifan_name", name).set("ifan_what", what).bytes();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Decoded decode(Abi abi, byte[] bytes) {
        return FreeBsdRouteMessages.decode(bytes, bytes.length, abi.order());
    }

    @ParameterizedTest
    @MethodSource("abis")
    void theHeaderLayoutsAreTheDecodersSizes(Abi abi) {
        assertThat(ifMsghdr(abi).size()).isEqualTo(FreeBsdRouteMessages.IF_MSGHDR_LENGTH).isEqualTo(168);
        assertThat(ifMsghdr(abi).offset("ifm_data.ifi_link_state")).isEqualTo(FreeBsdRouteMessages.IFM_LINK_STATE);
        assertThat(ifaMsghdr(abi).size()).isEqualTo(FreeBsdRouteMessages.IFA_MSGHDR_LENGTH);
        assertThat(ifAnnounce(abi).size()).isEqualTo(FreeBsdRouteMessages.IF_ANNOUNCEMSGHDR_LENGTH);
        assertThat(ifAnnounce(abi).offset("ifan_what")).isEqualTo(FreeBsdRouteMessages.IFAN_WHAT);
    }

    @ParameterizedTest
    @MethodSource("abis")
    void rtmIfinfoCarriesFlagsAndTheLinkStateTheKernelUses(Abi abi) {
        assertThat(decode(abi, ifinfo(abi, 2, 0x8843, 2, 0)).messages()).containsExactly(new LinkInfo(2, 0x8843, 2));
        assertThat(new LinkInfo(2, 0x8843, 2).carrierUp()).isTrue();
        assertThat(new LinkInfo(2, 0x8843, 1).carrierUp()).as("no carrier (IFF_RUNNING is still set)").isFalse();
        assertThat(new LinkInfo(2, 0x8843, 0).carrierUp()).as("unknown counts as down, as carp_sc_state").isFalse();
        assertThat(new LinkInfo(2, 0x8842, 2).carrierUp()).as("administratively down").isFalse();
    }

    @ParameterizedTest
    @MethodSource("abis")
    void aSysctlIflistAnswerIsIfinfoThenItsAddressesEachWithSockaddrs(Abi abi) {
        byte[] answer = concat(ifinfo(abi, 3, 0x8843, 2, 56), addr(abi, 0xc, 3, 48), addr(abi, 0xc, 3, 88));
        Decoded decoded = decode(abi, answer);
        assertThat(decoded.malformed()).isZero();
        assertThat(decoded.messages()).containsExactly(new LinkInfo(3, 0x8843, 2), new AddressChange(3, true),
                new AddressChange(3, true));
    }

    @ParameterizedTest
    @MethodSource("abis")
    void addressAndInterfaceAnnouncements(Abi abi) {
        assertThat(decode(abi, concat(addr(abi, 0xd, 4, 0), announce(abi, 5, "vlan100", 0), announce(abi, 5, "vlan100", 1)))
                .messages()).containsExactly(new AddressChange(4, false), new Announcement(5, "vlan100", true),
                new Announcement(5, "vlan100", false));
        assertThat(decode(abi, announce(abi, 6, "0123456789abcdef", 0)).messages())
                .as("a name filling all 16 bytes has no NUL").containsExactly(new Announcement(6, "0123456789abcdef", true));
    }

    @ParameterizedTest
    @MethodSource("abis")
    void otherVersionsAndTypesAreSkippedByTheirLength(Abi abi) {
        byte[] route = new byte[152];  // an RTM_ADD (struct rt_msghdr plus sockaddrs): not for carpd
        route[0] = (byte) 152;
        route[2] = 5;
        route[3] = 1;
        byte[] oldVersion = ifinfo(abi, 2, 0x8843, 1, 0);
        oldVersion[2] = 4;
        assertThat(decode(abi, concat(route, oldVersion, ifinfo(abi, 2, 0x8843, 2, 0))).messages())
                .containsExactly(new Other(5, 1), new Other(4, 0xe), new LinkInfo(2, 0x8843, 2));
    }

    @ParameterizedTest
    @MethodSource("abis")
    void malformedMessagesEndDecodingAndAreCounted(Abi abi) {
        byte[] good = ifinfo(abi, 2, 0x8843, 2, 0);
        byte[] truncated = java.util.Arrays.copyOf(good, 100);
        assertThat(decode(abi, truncated)).isEqualTo(new Decoded(List.of(), 1));
        byte[] zeroLength = concat(good, new byte[8]);
        assertThat(decode(abi, zeroLength)).as("msglen 0 would loop forever")
                .isEqualTo(new Decoded(List.of(new LinkInfo(2, 0x8843, 2)), 1));
        byte[] shortIfinfo = java.util.Arrays.copyOf(good, 40);
        shortIfinfo[0] = 40;
        assertThat(decode(abi, shortIfinfo)).as("shorter than struct if_msghdr").isEqualTo(new Decoded(List.of(), 1));
        assertThat(decode(abi, concat(good, new byte[3]))).as("a tail shorter than a header")
                .isEqualTo(new Decoded(List.of(new LinkInfo(2, 0x8843, 2)), 1));
        byte[] hostileName = announce(abi, 7, "em0\n\u0001x", 0);
        assertThat(decode(abi, hostileName).messages()).containsExactly(new Announcement(7, "em0??x", true));
    }
}
