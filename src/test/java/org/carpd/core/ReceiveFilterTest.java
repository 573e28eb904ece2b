package org.carpd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.Vrrp2Header;
import org.carpd.proto.VrrpHeader;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.DropReason;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.LinkType;
import org.junit.jupiter.api.Test;

/** The receive decision the daemon and SimLan share: each check, in order, and the replay marks. */
class ReceiveFilterTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x0a};
    private static final byte[] PEER = IpPrefix.parseAddress("192.0.2.2");
    private static final byte[] OWN = IpPrefix.parseAddress("192.0.2.1");
    private static final List<IpPrefix> VIPS = List.of(IpPrefix.parse("192.0.2.100/24"));
    private static final AdvertAuthenticator KEY = new AdvertAuthenticator(1, "pw".getBytes(StandardCharsets.UTF_8), VIPS);

    private final ReplayMarks marks = new ReplayMarks();
    private final DecodedAdvert decoded = new DecodedAdvert();

    private static ReceiveView view(boolean replayProtection, List<IpPrefix> peers) {
        ReceiveView.Vhid carp = new ReceiveView.Vhid(new VhidSettings(new VhidKey("eth0", 1), false, VIPS,
                new CarpParams(1, 0, new byte[0], replayProtection)), peers, KEY);
        ReceiveView.Vhid vrrp = new ReceiveView.Vhid(VhidSettings.vrrp(new VhidKey("eth0", 2), 100, 100, true,
                List.of(IpPrefix.parse("192.0.2.200/24"))), List.of(), null);
        return new ReceiveView("eth0", List.of(carp, vrrp), List.of(OWN), List.of());
    }

    private ReceiveFilter.Verdict carp(ReceiveView view, byte[] source, int vhid, long counter, AdvertAuthenticator key) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(frame, MAC, source, 1, CarpHeader.payload(vhid, 1, 0, counter, key));
        return decide(view, frame.clear().limit(AdvertFrames.IPV4_FRAME_LENGTH));
    }

    private ReceiveFilter.Verdict decide(ReceiveView view, ByteBuffer frame) {
        ReceiveFilter.decoder(decoded, () -> view).decode(frame, LinkType.ETHERNET, decoded);
        return ReceiveFilter.decide(decoded, view, marks);
    }

    private static DropReason reason(ReceiveFilter.Verdict verdict) {
        return verdict instanceof ReceiveFilter.Drop drop ? drop.reason() : null;
    }

    @Test
    void aGenuineAdvertIsAcceptedWithItsFields() {
        ReceiveFilter.Verdict verdict = carp(view(false, List.of()), PEER, 1, 42, KEY);
        assertThat(verdict).isInstanceOf(ReceiveFilter.Accept.class);
        ReceivedAdvert advert = ((ReceiveFilter.Accept) verdict).advert();
        assertThat(advert.key()).isEqualTo(new VhidKey("eth0", 1));
        assertThat(advert.sourceString()).isEqualTo("192.0.2.2");
        assertThat(advert.carp().counter()).isEqualTo(42);
        assertThat(advert.vrrp()).isFalse();
    }

    @Test
    void dropsAreAttributedToTheirVhidOrToTheInterface() {
        AdvertAuthenticator wrong = new AdvertAuthenticator(1, "guess".getBytes(StandardCharsets.UTF_8), VIPS);
        ReceiveFilter.Verdict forged = carp(view(false, List.of()), PEER, 1, 1, wrong);
        assertThat(forged).isEqualTo(new ReceiveFilter.Drop(DropReason.BAD_AUTH, 1));
        AdvertAuthenticator other = new AdvertAuthenticator(9, "pw".getBytes(StandardCharsets.UTF_8), VIPS);
        assertThat(carp(view(false, List.of()), PEER, 9, 1, other)).isEqualTo(new ReceiveFilter.Drop(DropReason.UNKNOWN_VHID, 0));
    }

    @Test
    void ownAdvertsWrongProtocolAndUnicastFromStrangersAreDropped() {
        assertThat(reason(carp(view(false, List.of()), OWN, 1, 1, KEY))).isEqualTo(DropReason.OWN_ADVERT);
        AdvertAuthenticator two = new AdvertAuthenticator(2, "pw".getBytes(StandardCharsets.UTF_8), VIPS);
        assertThat(reason(carp(view(false, List.of()), PEER, 2, 1, two))).as("CARP for the VRRPv3 vhid")
                .isEqualTo(DropReason.WRONG_PROTOCOL);

        ReceiveView peered = view(false, List.of(IpPrefix.parse("198.51.100.7/32")));
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.write(frame, new byte[6], MAC, PEER, OWN, 1, CarpHeader.payload(1, 1, 0, 5, KEY)); // unicast, TTL 255
        assertThat(reason(decide(peered, frame.clear().limit(AdvertFrames.IPV4_FRAME_LENGTH)))).isEqualTo(DropReason.NOT_PEER);
        frame.clear();
        AdvertFrames.write(frame, new byte[6], MAC, IpPrefix.parseAddress("198.51.100.7"), OWN, 1, CarpHeader.payload(1, 1, 0, 6, KEY));
        assertThat(decide(peered, frame.clear().limit(AdvertFrames.IPV4_FRAME_LENGTH))).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void aMulticastAdvertToAnotherGroupIsNotOurs() {
        // ucarp's --mcastip keeps clusters apart by group; the kernel delivers no group we did not join
        for (String group : new String[] {"239.1.1.1", "224.0.0.1"}) {
            ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
            AdvertFrames.write(frame, AdvertFrames.IPV4_GROUP_MAC, MAC, PEER, IpPrefix.parseAddress(group), 1,
                    CarpHeader.payload(1, 1, 0, 5, KEY));
            assertThat(decide(view(false, List.of()), frame.clear().limit(AdvertFrames.IPV4_FRAME_LENGTH))).as(group)
                    .isEqualTo(new ReceiveFilter.Drop(DropReason.NOT_GROUP, 1));
            assertThat(decoded.hmac()).as("not checked").isEqualTo(org.carpd.proto.HmacVerdict.UNCHECKED);
        }
        assertThat(carp(view(false, List.of()), PEER, 1, 6, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void anAdvertFromOneOfOurVipsIsAPeersNotOurOwn() {
        // as MASTER the VIP is on our interface, but carpd never advertises from a VIP; an OpenBSD
        // or FreeBSD peer with no other address does, and its advert must reach a MASTER here
        byte[] vip = VIPS.get(0).address();
        ReceiveView.Vhid carp = new ReceiveView.Vhid(new VhidSettings(new VhidKey("eth0", 1), false, VIPS,
                new CarpParams(1, 0, new byte[0], false)), List.of(), KEY);
        ReceiveView master = new ReceiveView("eth0", List.of(carp), List.of(vip, OWN), List.of());
        assertThat(carp(master, vip, 1, 5, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(reason(carp(master, OWN, 1, 6, KEY))).isEqualTo(DropReason.OWN_ADVERT);
    }

    @Test
    void anIpv6AdvertFromALinkLocalVipIsAPeersNotOurOwn() {
        // a VRRPv3 IPv6 router's first address is a link-local VIP (RFC 5798 §5.2.9); as MASTER it
        // is on our interface, and the OS may list it before our own link-local address
        List<IpPrefix> vips = List.of(IpPrefix.parse("fe80::1/64"));
        AdvertAuthenticator key = new AdvertAuthenticator(1, "pw".getBytes(StandardCharsets.UTF_8), vips);
        ReceiveView.Vhid carp = new ReceiveView.Vhid(new VhidSettings(new VhidKey("eth0", 1), false, vips,
                new CarpParams(1, 0, new byte[0], false)), List.of(), key);
        byte[] vip = IpPrefix.parseAddress("fe80::1");
        byte[] own = IpPrefix.parseAddress("fe80::a");
        ReceiveView master = new ReceiveView("eth0", List.of(carp), List.of(OWN), List.of(vip, own));
        for (byte[] source : List.of(vip, own)) {
            ByteBuffer frame = ByteBuffer.allocate(256);
            int length = AdvertFrames.writeToGroup(frame, MAC, source, 1, CarpHeader.payload(1, 1, 0, 5, key));
            ReceiveFilter.Verdict verdict = decide(master, frame.clear().limit(length));
            if (source == vip) {
                assertThat(verdict).isInstanceOf(ReceiveFilter.Accept.class);
            } else {
                assertThat(reason(verdict)).isEqualTo(DropReason.OWN_ADVERT);
            }
        }
    }

    @Test
    void withReplayProtectionOnlyCountersAboveTheMarkPass() {
        ReceiveView view = view(true, List.of());
        assertThat(carp(view, PEER, 1, 10, KEY)).isInstanceOf(ReceiveFilter.Accept.class); // the first sets the mark
        assertThat(reason(carp(view, PEER, 1, 10, KEY))).isEqualTo(DropReason.REPLAY);
        assertThat(reason(carp(view, PEER, 1, 9, KEY))).isEqualTo(DropReason.REPLAY);
        assertThat(carp(view, PEER, 1, -1L, KEY)).as("unsigned: 2^64-1 is above 10").isInstanceOf(ReceiveFilter.Accept.class);
        marks.forget(1);
        marks.sent(1, 100); // what this host sends moves the mark too
        assertThat(reason(carp(view, PEER, 1, 100, KEY))).isEqualTo(DropReason.REPLAY);
        assertThat(carp(view, PEER, 1, 101, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void aForgedAdvertNeverMovesTheMark() {
        ReceiveView view = view(true, List.of());
        AdvertAuthenticator wrong = new AdvertAuthenticator(1, "guess".getBytes(StandardCharsets.UTF_8), VIPS);
        assertThat(reason(carp(view, PEER, 1, -2L, wrong))).isEqualTo(DropReason.BAD_AUTH);
        assertThat(reason(carp(view, OWN, 1, -2L, KEY))).isEqualTo(DropReason.OWN_ADVERT);
        assertThat(carp(view, PEER, 1, 5, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void ownAndStrangersUnicastFramesCostNoHmacAndAreStillDropped() {
        ReceiveView peered = view(false, List.of(IpPrefix.parse("198.51.100.7/32")));
        AdvertAuthenticator wrong = new AdvertAuthenticator(1, "guess".getBytes(StandardCharsets.UTF_8), VIPS);
        assertThat(carp(peered, OWN, 1, 1, wrong)).isEqualTo(new ReceiveFilter.Drop(DropReason.OWN_ADVERT, 1));
        assertThat(decoded.hmac()).as("not checked").isEqualTo(org.carpd.proto.HmacVerdict.UNCHECKED);
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.write(frame, new byte[6], MAC, PEER, OWN, 1, CarpHeader.payload(1, 1, 0, 5, wrong)); // unicast from a stranger
        assertThat(decide(peered, frame.clear().limit(AdvertFrames.IPV4_FRAME_LENGTH)))
                .isEqualTo(new ReceiveFilter.Drop(DropReason.NOT_PEER, 1));
        assertThat(decoded.hmac()).isEqualTo(org.carpd.proto.HmacVerdict.UNCHECKED);
        assertThat(carp(peered, PEER, 1, 1, wrong)).as("anything else is checked")
                .isEqualTo(new ReceiveFilter.Drop(DropReason.BAD_AUTH, 1));
    }

    @Test
    void anAdvertTaggedForAVlanIsThatVlanInterfacesNotOurs() {
        // Linux hands a parent interface's capture the frames of its VLAN interfaces (the tag is
        // stripped before the filter runs, and libpcap puts it back): the same vhid number on
        // eth0.100 is another group; a priority tag (VLAN 0) is still this interface's
        ReceiveView view = view(true, List.of());
        assertThat(decide(view, tagged(100, 7))).isEqualTo(new ReceiveFilter.Drop(DropReason.OTHER_VLAN, 0));
        assertThat(decoded.hmac()).as("not checked").isEqualTo(org.carpd.proto.HmacVerdict.UNCHECKED);
        assertThat(decide(view, tagged(0, 6))).as("priority-tagged").isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(reason(carp(view, PEER, 1, 6, KEY))).as("the tagged frame moved no mark; the priority-tagged one did")
                .isEqualTo(DropReason.REPLAY);
    }

    private static ByteBuffer tagged(int vlan, long counter) {
        ByteBuffer plain = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(plain, MAC, PEER, 1, CarpHeader.payload(1, 1, 0, counter, KEY));
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH + 4);
        frame.put(plain.array(), 0, 12).putShort((short) 0x8100).putShort((short) vlan)
                .put(plain.array(), 12, AdvertFrames.IPV4_FRAME_LENGTH - 12).flip();
        return frame;
    }

    @Test
    void withoutReplayProtectionAnyCounterPasses() {
        ReceiveView view = view(false, List.of());
        assertThat(carp(view, PEER, 1, 77, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(carp(view, PEER, 1, 0, KEY)).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void vrrpAdvertsCarryTheirFieldsAndAnAddressMismatch() {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(frame, AdvertFrames.IPV4_GROUP_MAC, MAC, PEER, AdvertFrames.IPV4_GROUP, 1, VrrpHeader.payload(2, 150, 100, List.of(IpPrefix.parseAddress("192.0.2.201"))));
        ReceiveFilter.Verdict verdict = decide(view(false, List.of()), frame.limit(length));
        ReceivedAdvert advert = ((ReceiveFilter.Accept) verdict).advert();
        assertThat(advert.vrrp()).isTrue();
        assertThat(advert.priority()).isEqualTo(150);
        assertThat(advert.listedAddresses()).containsExactly("192.0.2.201");
    }

    private static ReceiveView vrrp2View(String password) {
        ReceiveView.Vhid v2 = new ReceiveView.Vhid(new VhidSettings(new VhidKey("eth0", 51), true,
                List.of(IpPrefix.parse("192.0.2.100/24")), new Vrrp2Params(100, 1, password.getBytes(StandardCharsets.UTF_8))),
                List.of(), null);
        ReceiveView.Vhid carp = new ReceiveView.Vhid(VhidSettings.carp(new VhidKey("eth0", 1), 1, 0, false, VIPS),
                List.of(), KEY);
        return new ReceiveView("eth0", List.of(v2, carp), List.of(OWN), List.of());
    }

    private ReceiveFilter.Verdict vrrp2(ReceiveView view, int vrid, int intervalSeconds, String password) {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.writeToGroup(frame, MAC, PEER, 1, Vrrp2Header.payload(vrid, 120, intervalSeconds,
                List.of(IpPrefix.parseAddress("192.0.2.100")), password.getBytes(StandardCharsets.UTF_8)));
        return decide(view, frame.limit(length));
    }

    @Test
    void vrrp2AdvertsNeedOurPasswordAndOurInterval() {
        ReceiveView view = vrrp2View("1111");
        ReceiveFilter.Verdict ok = vrrp2(view, 51, 1, "1111");
        assertThat(ok).isInstanceOf(ReceiveFilter.Accept.class);
        ReceivedAdvert advert = ((ReceiveFilter.Accept) ok).advert();
        assertThat(advert.vrrp()).isTrue();
        assertThat(advert.priority()).isEqualTo(120);
        assertThat(advert.intervalCs()).isEqualTo(100);
        assertThat(advert.listedAddresses()).isNull();
        assertThat(reason(vrrp2(view, 51, 1, "1112"))).isEqualTo(DropReason.BAD_PASSWORD);
        assertThat(reason(vrrp2(view, 51, 1, ""))).isEqualTo(DropReason.BAD_PASSWORD); // Auth Type 0
        assertThat(reason(vrrp2(view, 51, 2, "1111"))).isEqualTo(DropReason.INTERVAL_MISMATCH);
        assertThat(reason(vrrp2(vrrp2View(""), 51, 1, "1111"))).as("a password where we have none")
                .isEqualTo(DropReason.BAD_PASSWORD);
        assertThat(vrrp2(vrrp2View(""), 51, 1, "")).isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void vrrp2AuthTypeZeroIgnoresTheAuthenticationData() {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.writeToGroup(frame, MAC, PEER, 1, Vrrp2Header.payload(51, 120, 1,
                List.of(IpPrefix.parseAddress("192.0.2.100")), "junk".getBytes(StandardCharsets.UTF_8)));
        int vrrp = AdvertFrames.IP_OFFSET + AdvertFrames.IPV4_HEADER_LENGTH;
        frame.put(vrrp + Vrrp2Header.AUTH_TYPE_OFFSET, (byte) Vrrp2Header.AUTH_NONE); // data left as it was
        frame.putShort(vrrp + Vrrp2Header.CHECKSUM_OFFSET, (short) 0);
        frame.putShort(vrrp + Vrrp2Header.CHECKSUM_OFFSET,
                (short) org.carpd.proto.InternetChecksum.compute(frame, vrrp, length - vrrp));
        assertThat(decide(vrrp2View(""), frame.limit(length))).as("RFC 3768 §5.3.10: ignored on reception")
                .isInstanceOf(ReceiveFilter.Accept.class);
    }

    @Test
    void vrrp2AdvertsListingOtherAddressesAreDroppedUnlessTheOwnerSentThem() {
        ReceiveView view = vrrp2View("");
        for (int priority : new int[] {1, 100, 254, 0}) {
            assertThat(reason(vrrp2Listing(view, priority, "192.0.2.101"))).as("priority " + priority)
                    .isEqualTo(DropReason.ADDRESS_MISMATCH);
            assertThat(reason(vrrp2Listing(view, priority, "192.0.2.100", "192.0.2.101"))).as("one more")
                    .isEqualTo(DropReason.ADDRESS_MISMATCH);
        }
        ReceiveFilter.Verdict owner = vrrp2Listing(view, 255, "192.0.2.101");
        assertThat(owner).as("RFC 3768 §7.1: the owner's advert goes on, logged and counted")
                .isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(((ReceiveFilter.Accept) owner).advert().listedAddresses()).containsExactly("192.0.2.101");
        assertThat(vrrp2Listing(view, 100, "192.0.2.100")).isInstanceOf(ReceiveFilter.Accept.class);
    }

    private ReceiveFilter.Verdict vrrp2Listing(ReceiveView view, int priority, String... addresses) {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.writeToGroup(frame, MAC, PEER, 1, Vrrp2Header.payload(51, priority, 1,
                java.util.Arrays.stream(addresses).map(IpPrefix::parseAddress).toList(), new byte[0]));
        return decide(view, frame.limit(length));
    }

    @Test
    void vrrp2AndCarpShareTheirFirstByteButNotAVhid() {
        ReceiveView view = vrrp2View("1111");
        assertThat(reason(vrrp2(view, 1, 1, "1111"))).as("a VRRPv2 advert for the CARP vhid")
                .isEqualTo(DropReason.WRONG_PROTOCOL);
        assertThat(reason(carp(view, PEER, 51, 1, new AdvertAuthenticator(51, "pw".getBytes(StandardCharsets.UTF_8),
                List.of(IpPrefix.parse("192.0.2.100/24")))))).as("a CARP advert for the VRRPv2 vhid")
                .isEqualTo(DropReason.WRONG_PROTOCOL);
    }

    /** A CARP advert for vhid 1 with byte 3 (AuthLen) set to {@code authLength} and {@code trailing} zero bytes after it. */
    private static ByteBuffer carpWithAuthLength(int authLength, int trailing) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH + trailing);
        AdvertFrames.writeToGroup(frame, MAC, PEER, 1, CarpHeader.payload(1, 1, 0, 42, KEY));
        int ip = AdvertFrames.IP_OFFSET;
        int carp = ip + AdvertFrames.IPV4_HEADER_LENGTH;
        frame.put(carp + CarpHeader.AUTHLEN_OFFSET, (byte) authLength); // not in the HMAC
        frame.putShort(carp + CarpHeader.CHECKSUM_OFFSET, (short) 0);
        frame.putShort(carp + CarpHeader.CHECKSUM_OFFSET,
                (short) org.carpd.proto.InternetChecksum.compute(frame, carp, CarpHeader.LENGTH));
        frame.putShort(ip + 2, (short) (AdvertFrames.IPV4_HEADER_LENGTH + CarpHeader.LENGTH + trailing));
        frame.putShort(ip + 10, (short) 0);
        frame.putShort(ip + 10, (short) org.carpd.proto.InternetChecksum.compute(frame, ip, AdvertFrames.IPV4_HEADER_LENGTH));
        return frame.clear();
    }

    @Test
    void aCarpAdvertShapedLikeVrrp2IsCarpForACarpVhid() {
        // "No implementation checks [AuthLen] on receive" and the HMAC does not cover it: with 5 it
        // is 36 bytes, a VRRPv2 advert of five addresses; with 7 and 8 trailing bytes (FreeBSD sums
        // them into the checksum) it is one of seven
        ReceiveView view = vrrp2View("");
        assertThat(decide(view, carpWithAuthLength(5, 0))).isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(decoded.authLength()).isEqualTo(5);
        assertThat(decide(view, carpWithAuthLength(7, 8))).isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(((ReceiveFilter.Accept) decide(view, carpWithAuthLength(0, 0))).advert().carp().counter())
                .isEqualTo(42);
    }

    @Test
    void everyAuthLenAndTrailingLengthIsCarpForACarpVhid() {
        // whatever byte 3 says and however many zero bytes trail (FreeBSD sums them), never VRRPv2
        ReceiveView view = vrrp2View("");
        for (int authLength = 0; authLength <= 255; authLength++) {
            for (int trailing = 0; trailing <= 12; trailing += 4) {
                assertThat(decide(view, carpWithAuthLength(authLength, trailing))).as(authLength + " + " + trailing)
                        .isInstanceOf(ReceiveFilter.Accept.class);
            }
        }
    }

    @Test
    void aVrrp2AdvertOfFiveAddressesIsStillVrrp2ForAVrrp2Vhid() {
        // keepalived with exactly five addresses sends 36 bytes, as long as a CARP advert
        List<IpPrefix> five = java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> IpPrefix.parse("192.0.2." + (100 + i) + "/24")).toList();
        ReceiveView.Vhid v2 = new ReceiveView.Vhid(new VhidSettings(new VhidKey("eth0", 1), true, five,
                new Vrrp2Params(100, 1, new byte[0])), List.of(), null);
        ReceiveView view = new ReceiveView("eth0", List.of(v2), List.of(OWN), List.of());
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.writeToGroup(frame, MAC, PEER, 1, Vrrp2Header.payload(1, 120, 1,
                five.stream().map(IpPrefix::address).toList(), new byte[0]));
        assertThat(length - AdvertFrames.IP_OFFSET - AdvertFrames.IPV4_HEADER_LENGTH).isEqualTo(CarpHeader.LENGTH);
        ReceiveFilter.Verdict verdict = decide(view, frame.limit(length));
        assertThat(verdict).isInstanceOf(ReceiveFilter.Accept.class);
        assertThat(((ReceiveFilter.Accept) verdict).advert().priority()).isEqualTo(120);
    }

    @Test
    void aVrrpAdvertWithMaxAdverIntZeroHasItsOwnReason() {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(frame, AdvertFrames.IPV4_GROUP_MAC, MAC, PEER, AdvertFrames.IPV4_GROUP, 1, VrrpHeader.payload(2, 150, 0, List.of(IpPrefix.parseAddress("192.0.2.200"))));
        assertThat(decide(view(false, List.of()), frame.limit(length))).isEqualTo(new ReceiveFilter.Drop(DropReason.BAD_INTERVAL, 2));
    }

    @Test
    void theFirstCounterIsTheWallClockSecondAboveRandomLowBits() {
        java.util.Random random = new java.util.Random(7);
        long at = CarpMachine.initialCounter(1_800_000_000L, random);
        assertThat(at >>> 32).isEqualTo(1_800_000_000L);
        long later = CarpMachine.initialCounter(1_800_000_001L, new java.util.Random(8));
        assertThat(Long.compareUnsigned(later, at + (1L << 31))).as("a second later starts above 2^31 adverts after")
                .isPositive();
    }
}
