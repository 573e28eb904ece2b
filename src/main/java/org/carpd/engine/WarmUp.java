package org.carpd.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.PeerAdvert;
import org.carpd.core.Protocol;
import org.carpd.core.VrrpAdvert;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.AnnouncementFrames;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.Family;
import org.carpd.proto.LinkType;

/**
 * Runs the takeover path in a sandbox at start-up: frames built, signed, decoded and verified,
 * and a private state machine driven through elections, a few thousand times, with nothing sent
 * and no address touched. Without it, a BACKUP's first takeover runs cold, interpreted code and
 * loads classes inside the failover gap (measured: several milliseconds); with it the JIT has
 * compiled the hot path before it is needed. Costs some tens of milliseconds of CPU once.
 */
final class WarmUp {
    private static final int ROUNDS = 3000;
    private static final long SECOND_NS = 1_000_000_000L;

    private WarmUp() {
    }

    static void run(VhidSettings settings, AdvertAuthenticator authenticator) {
        ByteBuffer frame = ByteBuffer.allocate(256);
        byte[] mac = {0x02, 0, 0, 0, 0, 1};
        AdvertDecoder decoder = new AdvertDecoder(vhid -> authenticator);
        DecodedAdvert decoded = new DecodedAdvert();
        int vhid = settings.key().vhid();
        if (authenticator == null) { // VRRPv3: no HMAC
            vrrpFrames(settings, frame, mac, decoder, decoded);
            elections(settings);
            return;
        }
        for (int i = 0; i < ROUNDS; i++) {
            frame.clear();
            AdvertFrames.writeIpv4(frame, mac, new byte[] {(byte) 192, 0, 2, 1}, i, vhid, 1, 0, i, authenticator);
            frame.limit(AdvertFrames.IPV4_FRAME_LENGTH);
            decoder.decode(frame, LinkType.ETHERNET, decoded);
            frame.clear();
            AdvertFrames.writeIpv6(frame, mac, new byte[16], vhid, 1, 0, i, authenticator);
            AnnouncementFrames.writeGratuitousArp(frame, mac, new byte[4]);
            AnnouncementFrames.writeUnsolicitedNa(frame, mac, new byte[16], false);
        }
        elections(settings);
    }

    private static void vrrpFrames(VhidSettings settings, ByteBuffer frame, byte[] mac, AdvertDecoder decoder,
                                   DecodedAdvert decoded) {
        List<byte[]> v4 = List.of(new byte[4]);
        List<byte[]> v6 = List.of(new byte[16]);
        byte[] source = {(byte) 192, 0, 2, 1};
        for (int i = 0; i < ROUNDS; i++) {
            frame.clear();
            int length = AdvertFrames.writeVrrpIpv4(frame, AdvertFrames.IPV4_GROUP_MAC, mac, source,
                    AdvertFrames.IPV4_GROUP, i, settings.key().vhid(), 100, settings.intervalCs(), v4);
            frame.limit(length);
            decoder.decode(frame, LinkType.ETHERNET, decoded);
            decoded.addressesMatch(v4);
            frame.clear();
            AdvertFrames.writeVrrpIpv6(frame, AdvertFrames.IPV6_GROUP_MAC, mac, new byte[16], AdvertFrames.IPV6_GROUP,
                    settings.key().vhid(), 100, settings.intervalCs(), v6);
            AnnouncementFrames.writeGratuitousArp(frame, mac, new byte[4]);
            AnnouncementFrames.writeUnsolicitedNa(frame, mac, new byte[16], false);
        }
    }

    /** A private node with these settings goes BACKUP, MASTER and BACKUP again, over and over. */
    private static void elections(VhidSettings settings) {
        CarpNode node = new CarpNode(new Random(1));
        List<Effect> effects = new ArrayList<>();
        VhidKey key = settings.key();
        node.linkChanged(key.interfaceName(), true, 0, effects);
        node.addVhid(settings, 0, effects);
        long now = 0;
        PeerAdvert better = new PeerAdvert(Family.INET, new byte[4], 1, 0, 0, 1);
        VrrpAdvert higher = new VrrpAdvert(Family.INET, new byte[4], 255, settings.intervalCs(), new byte[4]);
        for (int i = 0; i < ROUNDS / 10; i++) {
            now = Math.max(now, node.nextDeadlineNs());
            node.tick(now, effects);       // master-down: MASTER
            for (Effect effect : effects) {
                if (effect instanceof Effect.SendAdvert || effect instanceof Effect.SendVrrpAdvert) {
                    node.sendResult(key, true, now, new ArrayList<>());
                }
            }
            now += SECOND_NS;
            node.tick(now, effects);       // a periodic advert
            if (settings.protocol() == Protocol.VRRP3) {
                node.advertReceived(key, higher, now, effects); // yields: BACKUP
            } else {
                node.advertReceived(key, better, now, effects); // yields: BACKUP
            }
            effects.clear();
        }
    }
}
