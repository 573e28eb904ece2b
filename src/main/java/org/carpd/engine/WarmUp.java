package org.carpd.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.PeerAdvert;
import org.carpd.core.VrrpAdvert;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.core.VrrpRouter;
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

    /**
     * @param encoder  the vhid's advert encoder (its own instance may be used: warm-up runs on the
     *                 engine thread before the first send)
     * @param verifier an HMAC verifier of the vhid's, or null; never the receive side's, which a receive thread may be using
     */
    static void run(VhidSettings settings, AdvertEncoder encoder, AdvertAuthenticator verifier) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.MAX_FRAME_LENGTH);
        byte[] mac = {0x02, 0, 0, 0, 0, 1};
        AdvertDecoder decoder = new AdvertDecoder(vhid -> verifier);
        DecodedAdvert decoded = new DecodedAdvert();
        List<Effect.SendAdvert> adverts = elections(settings);
        byte[] ipv4 = {(byte) 192, 0, 2, 1};
        byte[] ipv6 = new byte[16];
        for (int i = 0; i < ROUNDS; i++) {
            for (Effect.SendAdvert advert : adverts) {
                frame.clear();
                int length = AdvertFrames.writeToGroup(frame, mac, advert.family() == Family.INET ? ipv4 : ipv6, i,
                        encoder.writer(advert.family(), advert.payload()));
                frame.limit(length);
                decoder.decode(frame, LinkType.ETHERNET, decoded);
            }
            frame.clear();
            AnnouncementFrames.writeGratuitousArp(frame, mac, new byte[4]);
            AnnouncementFrames.writeUnsolicitedNa(frame, mac, new byte[16], false);
        }
    }

    /**
     * A private node with these settings goes BACKUP, MASTER and BACKUP again, over and over;
     * returns the last round's adverts (one of each kind it sends), for the codec's warm-up.
     */
    private static List<Effect.SendAdvert> elections(VhidSettings settings) {
        CarpNode node = new CarpNode(new Random(1));
        List<Effect> effects = new ArrayList<>();
        List<Effect.SendAdvert> adverts = new ArrayList<>();
        VhidKey key = settings.key();
        node.linkChanged(key.interfaceName(), true, 0, effects);
        node.addVhid(settings, 0, effects);
        long now = 0;
        PeerAdvert better = new PeerAdvert(Family.INET, new byte[4], 1, 0, 0, 1);
        for (int i = 0; i < ROUNDS / 10; i++) {
            now = Math.max(now, node.nextDeadlineNs());
            node.tick(now, effects);       // master-down: MASTER
            adverts.clear();
            for (Effect effect : effects) {
                if (effect instanceof Effect.SendAdvert advert) {
                    adverts.add(advert);
                    node.sendResult(key, true, now, new ArrayList<>());
                }
            }
            now += SECOND_NS;
            node.tick(now, effects);       // a periodic advert
            if (settings.params() instanceof VrrpRouter vrrp) {
                VrrpAdvert higher = new VrrpAdvert(Family.INET, new byte[4], 255, vrrp.intervalCs(), new byte[4]);
                node.advertReceived(key, higher, now, effects); // yields: BACKUP
            } else {
                node.advertReceived(key, better, now, effects); // yields: BACKUP
            }
            effects.clear();
        }
        return adverts;
    }
}
