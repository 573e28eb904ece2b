package org.carpd.engine;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.carpd.addr.AddressManager;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.core.ReceivedAdvert;
import org.carpd.core.VrrpRouter;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.slf4j.helpers.NOPLogger;

/**
 * Rehearses a BACKUP's takeover just after start-up on a private engine, a few hundred times, so that the
 * real one runs compiled code with its classes loaded. {@link WarmUp} covers the codec and the
 * state machine; what it left cold is the engine's own duty cycle around them: the wait and spin
 * before a master-down deadline, the timer's firing (its look at the queue loaded a JDK class
 * inside the failover gap), the effect runner's transition, advert send and address and
 * announcement steps, the deferred hook jobs and events, and a received advert's way back to
 * BACKUP. Measured on the lab's namespace LAN before this, the first takeover spent 0.7 to 2.3 ms
 * between its master-down deadline and the advert send (docs/benchmarks.md, "Failover").
 *
 * <p>Nothing leaves the rehearsal: its link discards every frame, its address manager touches no
 * interface, its hook jobs are dropped, its events go to a bus nobody subscribes to, its log lines
 * to a logger that writes nothing, and its clock is its own. It shares with the daemon only
 * immutable configuration and the code.
 */
final class TakeoverRehearsal {
    static final int ROUNDS = 300;
    /** How long each rehearsed takeover spins before its deadline (clock steps of {@link FakeClock#STEP_NS}). */
    private static final long SPIN_NS = 50_000L;
    private static final long START_NS = 1_000_000_000L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("carpd");

    private TakeoverRehearsal() {
    }

    /**
     * The vhids to rehearse: one of each protocol, one that takes over where there is one. A VRRP
     * address owner (priority 255) is MASTER from the start and never yields, so its rehearsal
     * takes over not once: picked for its protocol (the engine's vhids are a hash map, in no
     * order), it left every other vhid of the protocol to a cold first takeover.
     */
    static Collection<VhidConfig> choose(Collection<VhidConfig> vhids) {
        Map<Protocol, VhidConfig> chosen = new EnumMap<>(Protocol.class);
        for (VhidConfig vhid : vhids) {
            VhidConfig sofar = chosen.get(vhid.protocol());
            if (sofar == null || (addressOwner(sofar) && !addressOwner(vhid))) {
                chosen.put(vhid.protocol(), vhid);
            }
        }
        return chosen.values();
    }

    private static boolean addressOwner(VhidConfig vhid) {
        return vhid.settings().params() instanceof VrrpRouter router && router.priority() == VrrpRouter.OWNER_PRIORITY;
    }

    /**
     * Rehearses each vhid's takeover on a thread of its own, which ends when done: after the
     * engine's start, not before it, because on a cold JVM the rehearsal takes longer than the
     * rest of the start (measured 0.5 to 1.3 s at load 10, against the start-to-BACKUP goal of
     * 1 s), while a first takeover comes a master-down interval (3 s at advbase 1) after the start
     * at the earliest. A takeover before it is done is only slower, as before the rehearsal.
     */
    static void inBackground(List<VhidConfig> vhids) {
        Thread thread = new Thread(() -> {
            try {
                vhids.forEach(TakeoverRehearsal::run);
            } catch (RuntimeException e) {
                LOG.warn("carp: takeover rehearsal failed (a first takeover may take a millisecond longer): {}",
                        e.toString());
            }
        }, "carpd-rehearsal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Rehearses {@code vhid}'s takeover, with its settings, on an interface of its name that exists
     * only here; returns how many times it became MASTER (once a round; a VRRP address owner
     * once, at the start, and never again).
     */
    static long run(VhidConfig vhid) {
        FakeClock clock = new FakeClock();
        String name = vhid.interfaceName();
        DiscardingLink link = new DiscardingLink(name);
        NoAddresses addresses = new NoAddresses();
        Engine engine = new Engine(new CarpdConfig(List.of(vhid)), Map.of(name, link),
                Map.of(name, interfaceOf(name, vhid.addresses())), addresses, clock, new SplittableRandom(1),
                job -> { }, new EventBus(), NOPLogger.NOP_LOGGER);
        engine.start(START_NS);
        Family family = vhid.settings().families().iterator().next();
        byte[] peer = family == Family.INET ? new byte[] {(byte) 198, 51, 100, 1}
                : new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        boolean vrrp = vhid.settings().params() instanceof VrrpRouter;
        long counter = 1;
        for (int i = 0; i < ROUNDS; i++) {
            long deadline = engine.nextDeadlineNs();
            if (deadline == Long.MAX_VALUE) {
                break; // nothing to take over (cannot happen with the interface up)
            }
            clock.now = deadline - SPIN_NS;
            engine.awaitWork();                // wakes early and spins to the master-down deadline
            engine.doWork(clock.now);          // takeover: advert, addresses, announcements, then the rest
            clock.now = engine.nextDeadlineNs();
            engine.awaitWork();
            engine.doWork(clock.now);          // a MASTER's periodic advert
            // a better master: yield, back to BACKUP; then its next advert re-arms the timer
            for (int j = 0; j < 2; j++) {
                ReceivedAdvert better = new ReceivedAdvert(vhid.key(), family, peer, vrrp, 1, 0, 0, counter++, 255,
                        vrrp ? 1 : 0, null);
                engine.post(new EngineEvent.AdvertReceived(better, clock.now));
                engine.awaitWork();
                engine.doWork(clock.now);
                clock.now += 1_000_000L;
            }
        }
        return addresses.added / vhid.addresses().size(); // every MASTER entry adds each VIP once
    }

    /** Up, with addresses of its own that are none of the vhid's VIPs, so that adverts have a source. */
    private static InterfaceInfo interfaceOf(String name, List<IpPrefix> vips) {
        byte[] ipv4 = unused(vips, new byte[] {(byte) 192, 0, 2, 1}, new byte[] {(byte) 192, 0, 2, 2});
        byte[] linkLocal = unused(vips, ipv6(0xfe80, 2), ipv6(0xfe80, 3));
        byte[] global = unused(vips, ipv6(0x2001, 2), ipv6(0x2001, 3));
        return new InterfaceInfo(name, 1, new byte[] {2, 0, 0, 0, 0, 1}, true, List.of(ipv4), linkLocal,
                List.of(global));
    }

    private static byte[] unused(List<IpPrefix> vips, byte[] first, byte[] second) {
        for (IpPrefix vip : vips) {
            if (java.util.Arrays.equals(vip.address(), first)) {
                return second;
            }
        }
        return first;
    }

    private static byte[] ipv6(int prefix, int last) {
        byte[] address = new byte[16];
        address[0] = (byte) (prefix >> 8);
        address[1] = (byte) prefix;
        address[15] = (byte) last;
        return address;
    }

    /** Each reading moves on by a microsecond: the spin before a deadline ends. */
    private static final class FakeClock implements LongSupplier {
        static final long STEP_NS = 1_000L;
        long now;

        @Override
        public long getAsLong() {
            now += STEP_NS;
            return now;
        }
    }

    /** Sends nothing. */
    private static final class DiscardingLink implements LinkPort {
        private final String interfaceName;

        DiscardingLink(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        @Override
        public String interfaceName() {
            return interfaceName;
        }

        @Override
        public void useFilter(String expression) {
        }

        @Override
        public void send(byte[] frame, int length) {
        }

        @Override
        public void prepareUnicast(Family family) {
        }

        @Override
        public void sendUnicast(Family family, boolean pseudoHeaderChecksum, byte[] packet, int offset, int length,
                                byte[] destination) {
        }
    }

    /** Touches no interface; counts the VIPs it was asked to add. */
    private static final class NoAddresses implements AddressManager {
        long added;

        @Override
        public boolean add(String interfaceName, IpPrefix address) {
            added++;
            return true;
        }

        @Override
        public boolean remove(String interfaceName, IpPrefix address) {
            return false; // nothing was there
        }

        @Override
        public void close() {
        }
    }
}
