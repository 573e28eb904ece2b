package org.carpd.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.carpd.json.Json;

/**
 * Fans out events (transitions, demotion changes, reloads, hook results, split-brain alarms) as
 * JSON lines with a sequence number to every {@code carpd events} client. Publishing never
 * blocks: a client that falls {@link #BACKLOG} events behind is disconnected rather than allowed
 * to slow the engine. Thread-safe.
 */
public final class EventBus {
    static final int BACKLOG = 10_000;

    /** One client's queue of lines. */
    public static final class Subscription implements AutoCloseable {
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(BACKLOG);
        private final EventBus bus;
        private volatile boolean overflowed;

        private Subscription(EventBus bus) {
            this.bus = bus;
        }

        /** The next line, or null after {@code timeoutMs}; throws when the client fell too far behind. */
        public String next(long timeoutMs) throws InterruptedException {
            if (overflowed) {
                throw new IllegalStateException("events client fell " + BACKLOG + " events behind");
            }
            return lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            bus.subscribers.remove(this);
        }
    }

    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private long sequence;

    public Subscription subscribe() {
        Subscription subscription = new Subscription(this);
        subscribers.add(subscription);
        return subscription;
    }

    /**
     * Publishes one event: {@code fields} is a started JSON object without seq, time and type.
     * With no client the event only takes its sequence number: its line is not built, and
     * {@code Instant.toString}'s {@code java.time} formatter (some 60 classes, resident once
     * loaded; docs/benchmarks.md, "Memory") loads with the first client, not at the first
     * transition of every start.
     */
    public void publish(String type, Json fields) {
        String line;
        synchronized (this) {
            long seq = ++sequence;
            if (subscribers.isEmpty()) {
                return;
            }
            line = new Json().field("seq", seq).field("time", Instant.now().toString()).field("type", type)
                    .merge(fields).toString();
        }
        for (Subscription subscription : subscribers) {
            if (!subscription.lines.offer(line)) {
                subscription.overflowed = true;
            }
        }
    }
}
