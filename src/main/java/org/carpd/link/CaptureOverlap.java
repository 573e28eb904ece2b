package org.carpd.link;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames that both captures of an interface hold while one replaces the other ({@link
 * PcapLink#useSize}), so that each is handed over once. The new capture opens first, then the old
 * one is read out and closed: what reached the old one alone (before the new one's socket was
 * there) is not lost, and what reached both comes again, first, from the new one's ring. This
 * remembers every frame handed over from the old capture since the new one began to open, and
 * skips each once when the new capture hands it over again. That ends when every remembered frame
 * was skipped, or at the first frame of the new capture captured {@link #GRACE_NS} after the old
 * one closed. Capture stamps cannot tell more: a frame may be stamped when it reached the stack and
 * handed to the sockets much later (a softirq deferred under load), so a frame stamped before the
 * new capture began may still be in its ring; and a socket may stamp its copy later than the
 * other's. Byte-equal
 * frames count as the same frame: a CARP advert carries its counter and HMAC; a VRRP advert is
 * repeated unchanged, and one remembered but not in the new ring (it came before that ring's
 * socket) makes the new capture skip the next identical advert within the grace: one advert of a stream whose
 * master-down interval is three of them. Without this a CARP advert would be taken twice, and with
 * replay protection on, its second copy counted and logged as a replay.
 *
 * <p>Frame times are the kernel's capture stamps (wall clock), the bounds this host's wall clock.
 * Made by the thread that opens the new capture, then used by the receive thread alone.
 */
final class CaptureOverlap {
    /** How long after the old capture closed the new one may still repeat one of its frames. */
    static final long GRACE_NS = 1_000_000_000L;

    private final Map<ByteBuffer, Integer> handedOver = new HashMap<>();
    private long oldClosedEpochNs = Long.MAX_VALUE - GRACE_NS;

    /** A frame handed over from the old capture while the new one opened or the old one was read out. */
    void handedOver(byte[] frame) {
        handedOver.merge(ByteBuffer.wrap(frame), 1, Integer::sum);
    }

    /** The old capture is closed: nothing captured after it (and the grace) can have been read from it. */
    void oldClosed(long epochNs) {
        oldClosedEpochNs = epochNs;
    }

    /** Whether this frame of the new capture was handed over already from the old one: skip it. */
    boolean repeated(byte[] frame, long capturedEpochNs) {
        if (capturedEpochNs > oldClosedEpochNs + GRACE_NS) {
            handedOver.clear();
            return false;
        }
        ByteBuffer key = ByteBuffer.wrap(frame);
        Integer copies = handedOver.get(key);
        if (copies == null) {
            return false;
        }
        if (copies == 1) {
            handedOver.remove(key);
        } else {
            handedOver.put(key, copies - 1);
        }
        return true;
    }


    /** Nothing is left to skip. */
    boolean done() {
        return handedOver.isEmpty();
    }
}
