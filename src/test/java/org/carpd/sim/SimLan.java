package org.carpd.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.carpd.core.AdvertPayload;
import org.carpd.core.CarpNode;
import org.carpd.core.CarpState;
import org.carpd.core.Effect;
import org.carpd.core.ReceiveFilter;
import org.carpd.core.ReceiveView;
import org.carpd.core.ReceivedAdvert;
import org.carpd.core.ReplayMarks;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidMachine;
import org.carpd.core.VhidSettings;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.LinkType;
import org.carpd.proto.PayloadWriter;
import org.carpd.proto.VrrpHeader;

/**
 * A deterministic LAN of {@link CarpNode}s on one manual clock: adverts are really encoded,
 * signed, delivered with a seeded delay and loss, decoded and verified, so the codec and the
 * core are exercised together. Partitions, one-way blocks, crashes, graceful stops, link changes
 * and scripted drops model the failures a real LAN sees. Everything that happens is logged as
 * text lines.
 *
 * <p>A neighbour (a client or router of the VIPs) hears every gratuitous ARP / unsolicited NA:
 * partitions and blocks cut only adverts between the nodes (as a firewall dropping protocol 112
 * does), and {@link #neighbourTable} says which node's MAC it has for each VIP.
 */
public final class SimLan {
    private static final long NS_PER_US = 1000L;

    /** One host on the LAN. */
    final class Node {
        final String name;
        final byte[] ip;
        final byte[] mac;
        final VhidSettings settings;
        final String password;
        final AdvertAuthenticator authenticator;
        final AdvertDecoder decoder;
        final DecodedAdvert decoded = new DecodedAdvert();
        /** What the daemon's receive side would see: this node's vhid and its own addresses. */
        final ReceiveView view;
        final ReplayMarks marks = new ReplayMarks();
        final Set<IpPrefix> heldAddresses = new TreeSet<>();
        CarpNode carp;
        boolean alive;
        int group;
        int dropNextAdverts;
        long advertsSent;
        long announcements;

        Node(String name, byte[] ip, VhidSettings settings, String password) {
            this.name = name;
            this.ip = ip;
            this.mac = new byte[] {0x02, 0, 0, 0, 0, (byte) (nodes.size() + 1)};
            this.settings = settings;
            this.password = password;
            this.authenticator = new AdvertAuthenticator(settings.key().vhid(),
                    password.getBytes(StandardCharsets.UTF_8), settings.addresses());
            boolean carp = settings.params() instanceof org.carpd.core.CarpParams;
            this.view = new ReceiveView(settings.key().interfaceName(),
                    List.of(new ReceiveView.Vhid(settings, List.of(), carp ? authenticator : null)), List.of(ip),
                    List.of(linkLocal(mac)));
            this.decoder = ReceiveFilter.decoder(decoded, () -> view);
        }

        VhidMachine machine() {
            return carp == null ? null : carp.machine(settings.key());
        }
    }

    private record Delivery(long atNs, long sequence, Node to, byte[] frame) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>((a, b) -> a.atNs != b.atNs
            ? Long.compare(a.atNs, b.atNs) : Long.compare(a.sequence, b.sequence));
    private final List<String> log = new ArrayList<>();
    private final Random random;
    private long nowNs;
    private long sequence;
    private long minDelayNs = 100 * NS_PER_US;
    private long maxDelayNs = 100 * NS_PER_US;
    private double lossRate;
    private boolean traceAdverts;
    private boolean traceAnnouncements;
    /** "from>to": adverts of {@code from} do not reach {@code to}. */
    private final Set<String> blocked = new HashSet<>();
    /** The neighbour's table: VIP (no prefix length) to the node whose MAC it last learned for it. */
    private final Map<String, String> neighbour = new java.util.TreeMap<>();

    public SimLan(long seed) {
        this.random = new Random(seed);
    }

    public long nowNs() {
        return nowNs;
    }

    public void addNode(String name, byte[] ip, VhidSettings settings, String password) {
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("node " + name + " exists");
        }
        nodes.put(name, new Node(name, ip, settings, password));
    }

    public void setDelay(long minNs, long maxNs) {
        this.minDelayNs = minNs;
        this.maxDelayNs = maxNs;
    }

    public void setLossRate(double rate) {
        this.lossRate = rate;
    }

    public void setTraceAdverts(boolean trace) {
        this.traceAdverts = trace;
    }

    public void setTraceAnnouncements(boolean trace) {
        this.traceAnnouncements = trace;
    }

    /** The adverts of {@code from} no longer reach {@code to} (the other direction is untouched). */
    public void block(String from, String to) {
        node(from);
        node(to);
        blocked.add(from + ">" + to);
    }

    public void unblock(String from, String to) {
        blocked.remove(from + ">" + to);
    }

    /** The neighbour's entries: {@code VIP -> node}, in address order. */
    public List<String> neighbourTable() {
        List<String> lines = new ArrayList<>();
        neighbour.forEach((vip, name) -> lines.add("neighbour " + vip + " -> " + name));
        return lines;
    }

    /** The node whose MAC the neighbour has for {@code vip} (an address without prefix length), or null. */
    public String neighbourEntry(String vip) {
        return neighbour.get(vip);
    }

    /** Boots a node: a fresh core (random counter) whose interface is up. */
    public void start(String name) {
        Node node = node(name);
        node.carp = new CarpNode(new Random(random.nextLong()));
        node.alive = true;
        List<Effect> effects = new ArrayList<>();
        node.carp.linkChanged(node.settings.key().interfaceName(), true, nowNs, effects);
        node.carp.addVhid(node.settings, nowNs, effects);
        apply(node, effects);
    }

    /** kill -9: no bow-out, and its addresses vanish with it. */
    public void crash(String name) {
        Node node = node(name);
        node.alive = false;
        node.heldAddresses.clear();
        record(node, "crashed");
    }

    /** SIGTERM: a MASTER bows out, then the node is gone. */
    public void stop(String name) {
        Node node = node(name);
        List<Effect> effects = new ArrayList<>();
        node.carp.stop(nowNs, effects);
        apply(node, effects);
        node.alive = false;
    }

    public void link(String name, boolean up) {
        Node node = node(name);
        List<Effect> effects = new ArrayList<>();
        node.carp.linkChanged(node.settings.key().interfaceName(), up, nowNs, effects);
        apply(node, effects);
    }

    public void demote(String name, int adjustment) {
        Node node = node(name);
        List<Effect> effects = new ArrayList<>();
        node.carp.adjustDemotion(adjustment, "sysctl", nowNs, effects);
        apply(node, effects);
    }

    /** Splits the LAN: nodes in different groups hear nothing of each other. */
    public void partition(List<List<String>> groups) {
        for (Node node : nodes.values()) {
            node.group = -1;
        }
        for (int g = 0; g < groups.size(); g++) {
            for (String name : groups.get(g)) {
                node(name).group = g;
            }
        }
        for (Node node : nodes.values()) {
            if (node.group < 0) {
                node.group = groups.size();
            }
        }
    }

    public void heal() {
        for (Node node : nodes.values()) {
            node.group = 0;
        }
    }

    /** The next {@code count} adverts {@code name} sends reach nobody. */
    public void dropNextAdverts(String name, int count) {
        node(name).dropNextAdverts = count;
    }

    /** Runs the LAN until {@code untilNs}, processing deliveries and timers in time order. */
    public void runUntil(long untilNs) {
        while (true) {
            long next = Long.MAX_VALUE;
            if (!inFlight.isEmpty()) {
                next = inFlight.peek().atNs;
            }
            Node timerNode = null;
            for (Node node : nodes.values()) {
                if (node.alive) {
                    long deadline = node.carp.nextDeadlineNs();
                    if (deadline < next) {
                        next = deadline;
                        timerNode = node;
                    }
                }
            }
            if (next > untilNs) {
                nowNs = untilNs;
                return;
            }
            nowNs = next;
            if (timerNode != null) {
                List<Effect> effects = new ArrayList<>();
                timerNode.carp.tick(nowNs, effects);
                apply(timerNode, effects);
            } else {
                deliver(inFlight.poll());
            }
        }
    }

    public void runFor(long durationNs) {
        runUntil(nowNs + durationNs);
    }

    public List<String> drainLog() {
        List<String> copy = new ArrayList<>(log);
        log.clear();
        return copy;
    }

    /** One line per node: its state and the addresses it holds. */
    public List<String> states() {
        List<String> lines = new ArrayList<>();
        for (Node node : nodes.values()) {
            VhidMachine machine = node.machine();
            String state = !node.alive ? "DOWN" : machine == null ? "-" : machine.state().name();
            lines.add(node.name + " " + state + " demotion " + (node.carp == null ? 0 : node.carp.demotion())
                    + " addresses " + (node.heldAddresses.isEmpty() ? "-" : node.heldAddresses));
        }
        return lines;
    }

    public CarpState state(String name) {
        VhidMachine machine = node(name).machine();
        return machine == null || !node(name).alive ? null : machine.state();
    }

    public long advertsSent(String name) {
        return node(name).advertsSent;
    }

    public long announcements(String name) {
        return node(name).announcements;
    }

    public Set<String> masters() {
        Set<String> masters = new HashSet<>();
        for (Node node : nodes.values()) {
            if (node.alive && node.machine() != null && node.machine().state() == CarpState.MASTER) {
                masters.add(node.name);
            }
        }
        return masters;
    }

    private Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return node;
    }

    /** Carries out effects in order; results that the core waits for (send outcomes) feed back in. */
    private void apply(Node node, List<Effect> effects) {
        for (int i = 0; i < effects.size(); i++) {
            Effect effect = effects.get(i);
            if (effect instanceof Effect.StateChanged s) {
                record(node, "carp: " + s.key() + ": " + s.from() + " -> " + s.to() + " (" + s.reason() + ")");
            } else if (effect instanceof Effect.AddAddresses a) {
                node.heldAddresses.addAll(a.addresses());
            } else if (effect instanceof Effect.RemoveAddresses r) {
                r.addresses().forEach(node.heldAddresses::remove);
            } else if (effect instanceof Effect.Announce a) {
                node.announcements++;
                for (IpPrefix address : a.addresses()) {
                    neighbour.put(address.addressString(), node.name);
                }
                if (traceAnnouncements) {
                    record(node, "announce " + a.addresses());
                }
            } else if (effect instanceof Effect.DemotionChanged d) {
                record(node, "carp: demoted by " + d.adjustment() + " to " + d.total() + " (" + d.reason() + ")");
            } else if (effect instanceof Effect.SplitBrain b) {
                record(node, "carp: " + b.key() + ": split brain " + (b.raised() ? "raised, other master " + b.peer()
                        : "cleared"));
            } else if (effect instanceof Effect.SendAdvert s) {
                if (s.payload() instanceof AdvertPayload.Carp c) {
                    node.marks.sent(s.key().vhid(), c.counter());
                }
                send(node, s);
                node.carp.sendResult(s.key(), true, nowNs, effects);
            }
        }
    }

    private void send(Node from, Effect.SendAdvert advert) {
        from.advertsSent++;
        PayloadWriter payload;
        if (advert.payload() instanceof AdvertPayload.Carp c) {
            if (traceAdverts) {
                record(from, "advert " + advert.family() + " advbase " + c.advbase() + " advskew " + c.advskew());
            }
            payload = CarpHeader.payload(advert.key().vhid(), c.advbase(), c.advskew(), c.counter(), from.authenticator);
        } else {
            AdvertPayload.Vrrp v = (AdvertPayload.Vrrp) advert.payload();
            if (traceAdverts) {
                record(from, "vrrp advert " + advert.family() + " priority " + v.priority());
            }
            List<byte[]> addresses = from.settings.addresses(advert.family()).stream().map(IpPrefix::address).toList();
            payload = VrrpHeader.payload(advert.key().vhid(), v.priority(), v.intervalCs(), addresses);
        }
        ByteBuffer frame = ByteBuffer.allocate(256);
        boolean ipv4 = advert.family() == Family.INET;
        // an IP id only for IPv4: the random sequence (and so the lossy scenarios) stays as it was
        int length = AdvertFrames.writeToGroup(frame, from.mac, ipv4 ? from.ip : linkLocal(from),
                ipv4 ? random.nextInt(0x10000) : 0, payload);
        broadcast(from, ByteBuffer.wrap(java.util.Arrays.copyOf(frame.array(), length)));
    }

    private static byte[] linkLocal(Node node) {
        return linkLocal(node.mac);
    }

    private static byte[] linkLocal(byte[] mac) {
        return IpPrefix.parseAddress("fe80::" + (mac[5] & 0xff));
    }

    private void broadcast(Node from, ByteBuffer frame) {
        if (from.dropNextAdverts > 0) {
            from.dropNextAdverts--;
            return;
        }
        for (Node to : nodes.values()) {
            if (to == from || to.group != from.group || (!blocked.isEmpty() && blocked.contains(from.name + ">" + to.name))
                    || (lossRate > 0 && random.nextDouble() < lossRate)) {
                continue;
            }
            long delay = minDelayNs + (maxDelayNs > minDelayNs ? (long) (random.nextDouble() * (maxDelayNs - minDelayNs)) : 0);
            inFlight.add(new Delivery(nowNs + delay, sequence++, to, frame.array()));
        }
    }

    private void deliver(Delivery delivery) {
        Node to = delivery.to;
        if (!to.alive) {
            return;
        }
        // the daemon's receive path: decode, then the same receive decision
        to.decoder.decode(ByteBuffer.wrap(delivery.frame), LinkType.ETHERNET, to.decoded);
        ReceiveFilter.Verdict verdict = ReceiveFilter.decide(to.decoded, to.view, to.marks);
        if (verdict instanceof ReceiveFilter.Drop drop) {
            record(to, "dropped advert: " + drop.reason().description());
            return;
        }
        ReceivedAdvert advert = ((ReceiveFilter.Accept) verdict).advert();
        List<Effect> effects = new ArrayList<>();
        if (advert.vrrp()) {
            to.carp.advertReceived(advert.key(), advert.vrrp(advert.family() == Family.INET ? to.ip : linkLocal(to)),
                    nowNs, effects);
        } else {
            to.carp.advertReceived(advert.key(), advert.carp(), nowNs, effects);
        }
        apply(to, effects);
    }

    private void record(Node node, String what) {
        log.add(String.format("%d.%06d %s: %s", nowNs / 1_000_000_000L, (nowNs / 1000) % 1_000_000, node.name, what));
    }

    static Map<String, String> options(String[] words, int from) {
        Map<String, String> options = new HashMap<>();
        for (int i = from; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + words[i]);
            }
            options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return options;
    }
}
