package org.carpd.engine;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.carpd.core.ReceiveFilter;
import org.carpd.core.ReceiveView;
import org.carpd.core.ReplayMarks;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.DropReason;
import org.carpd.proto.LinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one interface, run on its receive thread before anything is queued: decode,
 * then the {@link ReceiveFilter} against the latest published {@link ReceiveView}. Drops are
 * counted here (per vhid and reason; vhid slot 0 for frames of no configured vhid) and logged
 * rate-limited; only accepted adverts go on to the engine. It owns the replay marks, which the
 * engine also moves up with every counter it sends ({@link #sent}), under this object's lock.
 */
final class AdvertIntake {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final int REASONS = DropReason.values().length;

    private final String interfaceName;
    private volatile ReceiveView published;
    /** The view of the frame being judged: the decoder's keys and the filter see the same one. */
    private ReceiveView current;
    private final ReplayMarks marks = new ReplayMarks();
    private final DecodedAdvert decoded = new DecodedAdvert();
    private final AdvertDecoder decoder = ReceiveFilter.decoder(decoded, () -> current);
    /**
     * Drop counts by vhid (0: frames of no configured vhid) and reason. A vhid's row is made at its
     * first drop: a table of every vhid's rows was 45 kB per interface (and per takeover rehearsal
     * at start), promoted into the old generation at start-up while few vhids ever count a drop
     * (docs/benchmarks.md, "Memory", seventh session). Rows are only ever made for slot 0 and the
     * configured vhids, so they stay bounded by the configuration, whatever the LAN sends.
     */
    private final AtomicReferenceArray<AtomicLongArray> drops = new AtomicReferenceArray<>(256);
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10_000_000_000L);

    AdvertIntake(ReceiveView view) {
        this.interfaceName = view.interfaceName();
        this.published = view;
    }

    /** Publishes a new view (start, reload, own addresses changed); the next frame is judged by it. */
    void use(ReceiveView view) {
        published = view;
    }

    ReceiveView view() {
        return published;
    }

    /** Judges one captured Ethernet frame; a drop is counted (and maybe logged) before returning. */
    synchronized ReceiveFilter.Verdict receive(byte[] frame, long nowNs) {
        current = published;
        decoder.decode(ByteBuffer.wrap(frame), LinkType.ETHERNET, decoded);
        ReceiveFilter.Verdict verdict = ReceiveFilter.decide(decoded, current, marks);
        if (verdict instanceof ReceiveFilter.Drop drop) {
            row(drop.vhid()).incrementAndGet(drop.reason().ordinal());
            log(drop, nowNs);
        }
        return verdict;
    }

    /**
     * A frame the capture cut short: whatever its visible bytes say, the rest is missing (its
     * checksum, HMAC or address list), so it is not decoded; counted with the interface's own drops.
     */
    void truncated() {
        row(0).incrementAndGet(DropReason.TRUNCATED.ordinal());
    }

    /** The counts of {@code vhid}, made at its first drop (the receive thread; status reads them). */
    private AtomicLongArray row(int vhid) {
        AtomicLongArray row = drops.get(vhid);
        if (row == null) {
            drops.compareAndSet(vhid, null, new AtomicLongArray(REASONS));
            row = drops.get(vhid);
        }
        return row;
    }

    private void log(ReceiveFilter.Drop drop, long nowNs) {
        DropReason reason = drop.reason();
        if (reason == DropReason.BAD_AUTH || reason == DropReason.BAD_TTL || reason == DropReason.BAD_CHECKSUM
                || reason == DropReason.BAD_VERSION || reason == DropReason.REPLAY || reason == DropReason.NOT_PEER
                || reason == DropReason.WRONG_PROTOCOL || reason == DropReason.BAD_INTERVAL
                || reason == DropReason.BAD_PASSWORD || reason == DropReason.INTERVAL_MISMATCH
                || reason == DropReason.ADDRESS_MISMATCH) {
            String where = drop.vhid() == 0 ? interfaceName : drop.vhid() + "@" + interfaceName;
            String from = decoded.family() == null ? "" : " from " + decoded.sourceString();
            // keyed by place and reason only: the sources of a flood cannot grow the key set
            dropLog.warn(where + " " + reason, nowNs, "carp: " + where + ": dropped advert" + from + ": "
                    + reason.description());
        }
    }

    /** This host sent (or adopted) a CARP counter on {@code vhid}. */
    synchronized void sent(int vhid, long counter) {
        marks.sent(vhid, counter);
    }

    /** A vhid was added or removed: no replay mark, no counts. */
    synchronized void forget(int vhid) {
        marks.forget(vhid);
        drops.set(vhid, null);
    }

    /** The drops counted for a configured vhid (slot 0: those of no configured vhid), non-zero only. */
    Map<DropReason, Long> drops(int vhid) {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        AtomicLongArray row = drops.get(vhid);
        if (row == null) {
            return counts;
        }
        for (DropReason reason : DropReason.values()) {
            long count = row.get(reason.ordinal());
            if (count != 0) {
                counts.put(reason, count);
            }
        }
        return counts;
    }
}
