package org.carpd.core;

import java.util.List;
import java.util.function.Supplier;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.DropReason;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.Vrrp2Header;

/**
 * The receive decision, in one place for the daemon and the simulated LAN: a decoded frame (the
 * decoder already checked length, IP header, TTL rule, checksum, version, type, Max Adver Int and
 * HMAC) and the interface's {@link ReceiveView} in; an accepted advert or a drop reason out. The
 * checks after the decoder's, in order: no VLAN tag (a frame of a VLAN interface on the parent's
 * capture), a configured vhid, its protocol, the group as destination of
 * a multicast advert, not our own address, a configured peer for a unicast advert, a configured family, VRRPv2's password, interval and
 * address list, and
 * last the replay mark (only an
 * advert that passed everything else may move it). No I/O; the only state it touches is the
 * caller's {@link ReplayMarks}.
 */
public final class ReceiveFilter {
    private ReceiveFilter() {
    }

    /** What became of a frame. */
    public sealed interface Verdict permits Accept, Drop {
    }

    /** It is an advert for the state machine. */
    public record Accept(ReceivedAdvert advert) implements Verdict {
    }

    /**
     * It is not: {@code reason}, attributed to {@code vhid} when that is configured on the
     * interface (0 otherwise: the interface's own drops).
     */
    public record Drop(DropReason reason, int vhid) implements Verdict {
    }

    /**
     * The HMAC key the decoder should check a frame with, asked by the decoder once it has read
     * the addresses and the vhid: none for a frame that {@link #decide} will drop anyway as our own,
     * as sent to another multicast group or as a unicast advert from a stranger, so that a flood of those costs no HMAC (the checks
     * that drop them come before any acceptance in {@link #decide}, so an unchecked HMAC never
     * lets one through).
     */
    public static org.carpd.proto.AdvertAuthenticator keyFor(DecodedAdvert frame, ReceiveView view, int vhid) {
        if (frame.vlanTagged() || isOwnAddress(view, frame) || !frame.unicast() && !frame.toGroup()
                || frame.unicast() && !frame.sourceIn(view.peerBytes(vhid))) {
            return null;
        }
        return view.authenticator(vhid);
    }

    /**
     * The decoder for frames this filter judges into {@code decoded}, against the view {@code view}
     * gives at the time of each frame: its HMAC keys ({@link #keyFor}) and, where a payload fits
     * both CARP and VRRPv2, the protocol the vhid is configured with.
     */
    public static AdvertDecoder decoder(DecodedAdvert decoded, Supplier<ReceiveView> view) {
        return new AdvertDecoder(vhid -> keyFor(decoded, view.get(), vhid),
                vhid -> view.get().speaksCarp(vhid), false);
    }

    /** Judges one decoded frame (accepted by the decoder or not). */
    public static Verdict decide(DecodedAdvert frame, ReceiveView view, ReplayMarks marks) {
        if (frame.vlanTagged()) {
            // another VLAN's advert, even if its vhid number is configured here (before acceptance: see keyFor)
            return drop(DropReason.OTHER_VLAN, null);
        }
        ReceiveView.Vhid vhid = view.vhid(frame.vhid());
        if (!frame.accepted()) {
            return drop(frame.dropReason(), vhid);
        }
        if (vhid == null) {
            return drop(DropReason.UNKNOWN_VHID, null);
        }
        if (protocolOf(frame) != vhid.protocol()) {
            return drop(DropReason.WRONG_PROTOCOL, vhid);
        }
        if (!frame.unicast() && !frame.toGroup()) {
            // another group's advert (ucarp's --mcastip separates clusters so): the kernel delivers
            // no group this host did not join, ucarp and OpenBSD ignore it, and no implementation
            // sends to 224.0.0.1 or ff02::1 (before acceptance: see keyFor)
            return drop(DropReason.NOT_GROUP, vhid);
        }
        if (isOwnAddress(view, frame)) {
            return drop(DropReason.OWN_ADVERT, vhid);
        }
        if (frame.unicast() && !frame.sourceIn(view.peerBytes(frame.vhid()))) { // before acceptance: see keyFor
            return drop(DropReason.NOT_PEER, vhid);
        }
        if (!vhid.settings().families().contains(frame.family())) {
            return drop(DropReason.WRONG_FAMILY, vhid);
        }
        if (vhid.settings().params() instanceof Vrrp2Params v2) {
            // RFC 3768 §7.1, as keepalived checks: our Auth Type and password (Auth Type 0: the
            // Authentication Data is ignored on reception, §5.3.10), and our interval
            byte[] password = v2.password();
            boolean authOk = password.length == 0 ? frame.authType() == Vrrp2Header.AUTH_NONE
                    : frame.authType() == Vrrp2Header.AUTH_SIMPLE_TEXT && frame.authDataEquals(password);
            if (!authOk) {
                return drop(DropReason.BAD_PASSWORD, vhid);
            }
            if (frame.intervalCs() != v2.intervalCs()) {
                return drop(DropReason.INTERVAL_MISMATCH, vhid);
            }
        }
        if (vhid.settings().params() instanceof VrrpRouter) {
            List<byte[]> vips = view.vips(frame.vhid(), frame.family());
            boolean match = frame.addressesMatch(vips);
            if (!match && vhid.settings().params() instanceof Vrrp2Params && frame.priority() != VrrpRouter.OWNER_PRIORITY) {
                // RFC 3768 §7.1: a list other than ours is dropped unless the owner sent it
                // (keepalived drops it from anyone): another group sharing the VRID by mistake
                // must not hold our backup down while nobody serves our addresses
                return drop(DropReason.ADDRESS_MISMATCH, vhid);
            }
            List<String> listed = match ? null : frame.addresses().stream().map(IpPrefix::formatAddress).toList();
            return new Accept(new ReceivedAdvert(vhid.key(), frame.family(), frame.sourceAddress(), true, 0, 0, 0, 0,
                    frame.priority(), frame.intervalCs(), listed));
        }
        boolean replayProtection = ((CarpParams) vhid.settings().params()).replayProtection();
        if (!marks.claim(frame.vhid(), frame.counter(), replayProtection)) {
            return drop(DropReason.REPLAY, vhid);
        }
        return new Accept(new ReceivedAdvert(vhid.key(), frame.family(), frame.sourceAddress(), false, frame.advbase(),
                frame.advskew(), frame.demote(), frame.counter(), 0, 0, null));
    }

    /** The protocol a decoded advert speaks: its version nibble, and for version 2 its layout. */
    static Protocol protocolOf(DecodedAdvert frame) {
        if (frame.vrrp2()) {
            return Protocol.VRRP2;
        }
        return frame.version() == Protocol.VRRP3.version() ? Protocol.VRRP3 : Protocol.CARP;
    }

    private static Drop drop(DropReason reason, ReceiveView.Vhid vhid) {
        return new Drop(reason, vhid == null ? 0 : vhid.key().vhid());
    }

    private static boolean isOwnAddress(ReceiveView view, DecodedAdvert frame) {
        if (frame.family() == Family.INET) {
            return frame.sourceIn(view.ownIpv4());
        }
        return frame.sourceIn(view.ownIpv6LinkLocals());
    }
}
