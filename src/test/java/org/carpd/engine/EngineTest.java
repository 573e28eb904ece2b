package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.carpd.addr.AddressManager;
import org.carpd.config.CarpdConfig;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * The engine driven as an agent: each test calls {@link Engine#doWork} on its own thread with a
 * manual clock, over fake links and a fake address manager (no root, no namespaces). Two engines
 * share a fake LAN where a test needs a peer: the frames one sends are the frames the other's
 * receive side judges, so the wire format, the receive checks and the state machine are the real ones.
 */
class EngineTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;

    private final AtomicLong clock = new AtomicLong(T0);

    /** One node: its engine, link and addresses. */
    final class Node {
        final FakeLink link = new FakeLink("em0");
        final FakeAddresses addresses = new FakeAddresses();
        final EventBus bus = new EventBus();
        final Engine engine;
        int delivered;

        Node(int hostOctet, boolean up, String... vhidFiles) {
            this(hostOctet, up, true, vhidFiles);
        }

        Node(int hostOctet, boolean up, boolean withLink, String... vhidFiles) {
            this(em0(hostOctet, up), withLink, vhidFiles);
        }

        Node(InterfaceInfo em0, boolean withLink, String... vhidFiles) {
            engine = new Engine(config(vhidFiles), withLink ? Map.of("em0", link) : Map.of(),
                    Map.of("em0", em0), addresses, clock::get, new Random(em0.mac()[5]), job -> { }, bus);
        }

        /** The IPv6 datagrams this node sent to unicast peers since the last call, framed and handed to {@code peer}. */
        void deliverUnicastTo(Node peer) {
            while (deliveredUnicast < link.unicastSent.size()) {
                byte[] packet = link.unicastSent.get(deliveredUnicast++);
                byte[] frame = new byte[14 + packet.length];
                frame[12] = (byte) 0x86;
                frame[13] = (byte) 0xdd;
                System.arraycopy(packet, 0, frame, 14, packet.length);
                peer.engine.frameReceived("em0", frame);
            }
        }

        int deliveredUnicast;

        void start() {
            engine.prepare();
            engine.start(clock.get());
        }

        /** The frames this node sent since the last call, handed to {@code peer}'s receive side. */
        void deliverTo(Node peer) {
            while (delivered < link.sent.size()) {
                peer.engine.frameReceived("em0", link.sent.get(delivered++));
            }
        }

        StatusSnapshot status() {
            CompletableFuture<StatusSnapshot> reply = new CompletableFuture<>();
            engine.post(new EngineEvent.Snapshot(reply));
            engine.doWork(clock.get());
            return reply.join();
        }

        String state(int vhid) {
            return status().vhids().stream().filter(v -> v.vhid() == vhid).findFirst().orElseThrow().state();
        }
    }

    private static InterfaceInfo em0(int hostOctet, boolean up) {
        return new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, (byte) hostOctet}, up,
                List.of(new byte[] {(byte) 192, 0, 2, (byte) hostOctet}), null);
    }

    private static String carp(int vhid, int advskew, String address) {
        return "interface = em0\nvhid = " + vhid + "\npass = engine-test\nadvskew = " + advskew + "\naddress = " + address + "\n";
    }

    private static CarpdConfig config(String... files) {
        return org.carpd.config.TestConfigs.of(files);
    }

    /** Drives the nodes' duty cycles every 10 ms of the manual clock until {@code untilNs}, the LAN carrying every frame. */
    private void run(long untilNs, Node... nodes) {
        while (clock.get() < untilNs) {
            clock.set(Math.min(untilNs, clock.get() + 10_000_000L));
            for (Node node : nodes) {
                node.engine.doWork(clock.get());
            }
            for (Node from : nodes) {
                for (Node to : nodes) {
                    if (from != to) {
                        from.deliverTo(to);
                    }
                }
            }
        }
    }

    @Test
    void startUpRemovesWhatAnEarlierRunLeftAndBringsTheVhidsToBackup() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.addresses.leftover.add(IpPrefix.parse("192.0.2.100/24"));
        node.start();
        assertThat(node.addresses.leftover).as("the VIP a crashed run left is gone").isEmpty();
        assertThat(node.state(1)).isEqualTo("BACKUP");
        assertThat(node.link.sent).as("a BACKUP says nothing").isEmpty();
    }

    @Test
    void aVhidOnAnInterfaceThatIsDownStaysInit() {
        Node node = new Node(10, false, carp(1, 0, "192.0.2.100/24"));
        node.start();
        assertThat(node.state(1)).isEqualTo("INIT");
        node.engine.post(new EngineEvent.InterfaceChanged(em0(10, true)));
        node.engine.doWork(clock.get());
        assertThat(node.state(1)).as("the interface came up").isEqualTo("BACKUP");
    }

    @Test
    void aBackupThatHearsNobodyTakesOverAfterTheMasterDownIntervalAndAdvertises() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        run(T0 + 3 * SECOND - 20_000_000L, node);
        assertThat(node.state(1)).isEqualTo("BACKUP");
        assertThat(node.addresses.on("em0")).isEmpty();
        run(T0 + 3 * SECOND + 20_000_000L, node); // 3 x advbase + advskew/256
        assertThat(node.state(1)).isEqualTo("MASTER");
        assertThat(node.addresses.on("em0")).containsExactly(IpPrefix.parse("192.0.2.100/24"));
        assertThat(node.link.sent.size()).as("the first advert and the gratuitous ARP").isGreaterThanOrEqualTo(2);
        assertThat(node.status().vhids().get(0).advertsSent()).isEqualTo(1);
        run(T0 + 6 * SECOND + 20_000_000L, node);
        assertThat(node.status().vhids().get(0).advertsSent()).as("then one per advbase (1 s)").isEqualTo(4);
    }

    @Test
    void theAdvertsOfABetterMasterKeepABackupBackup() {
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        Node backup = new Node(11, true, carp(1, 100, "192.0.2.100/24"));
        master.start();
        backup.start();
        run(T0 + 20 * SECOND, master, backup);
        assertThat(master.state(1)).isEqualTo("MASTER");
        assertThat(backup.state(1)).isEqualTo("BACKUP");
        StatusSnapshot.Vhid heard = backup.status().vhids().get(0);
        assertThat(heard.advertsReceived()).isGreaterThanOrEqualTo(17);
        assertThat(heard.peers()).singleElement().satisfies(peer -> {
            assertThat(peer.address()).isEqualTo("192.0.2.10");
            assertThat(peer.advskew()).isZero();
        });
        assertThat(backup.addresses.on("em0")).isEmpty();
    }

    @Test
    void whenTheMasterFallsSilentTheBackupTakesOver() {
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        Node backup = new Node(11, true, carp(1, 100, "192.0.2.100/24"));
        master.start();
        backup.start();
        run(T0 + 5 * SECOND, master, backup);
        assertThat(backup.state(1)).isEqualTo("BACKUP");
        run(T0 + 5 * SECOND + 3_300_000_000L, backup); // the master's adverts stop
        assertThat(backup.state(1)).as("before 3 x advbase + 100/256 s").isEqualTo("BACKUP");
        run(T0 + 5 * SECOND + 3_500_000_000L, backup);
        assertThat(backup.state(1)).isEqualTo("MASTER");
    }

    @Test
    void aReloadTheDaemonGaveUpOnIsNeverApplied() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        run(T0 + 4 * SECOND, node);
        CompletableFuture<String> reply = new CompletableFuture<>();
        EngineEvent.ApplyConfig reload = new EngineEvent.ApplyConfig(
                config(carp(1, 0, "192.0.2.100/24"), carp(3, 50, "192.0.2.103/24")), Map.of(), "test", reply);
        node.engine.post(reload);
        // the daemon's wait timed out before the engine took it: it gives up and reports it not applied
        assertThat(reload.claim().abandon()).as("the engine had not claimed it").isTrue();
        node.engine.doWork(clock.get());
        assertThat(node.status().vhids()).as("a reload reported as not applied must not be applied later")
                .hasSize(1);
    }

    @Test
    void aReloadAppliesItsPlanAMasterRemovedBowsOutAndANewVhidStarts() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"), carp(2, 0, "192.0.2.102/24"));
        node.start();
        run(T0 + 4 * SECOND, node);
        assertThat(node.state(1)).isEqualTo("MASTER");
        int before = node.link.sent.size();
        CompletableFuture<String> reply = new CompletableFuture<>();
        node.engine.post(new EngineEvent.ApplyConfig(config(carp(2, 0, "192.0.2.102/24"), carp(3, 50, "192.0.2.103/24")),
                Map.of(), "test", reply));
        node.engine.doWork(clock.get());
        assertThat(reply.join()).isEqualTo("reloaded: 1 added, 0 changed, 1 removed, 1 unchanged");
        assertThat(node.link.sent.size()).as("vhid 1's bow-out advert").isGreaterThan(before);
        assertThat(node.addresses.on("em0")).containsExactly(IpPrefix.parse("192.0.2.102/24"));
        StatusSnapshot status = node.status();
        assertThat(status.vhids()).extracting(StatusSnapshot.Vhid::vhid, StatusSnapshot.Vhid::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "MASTER"),
                        org.assertj.core.groups.Tuple.tuple(3, "BACKUP"));
        assertThat(status.lastReload().ok()).isTrue();
    }

    @Test
    void aFailedReloadIsKeptForTheStatusAndChangesNothing() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        node.engine.post(new EngineEvent.ReloadFailed("SIGHUP", List.of("web.conf:3: bad")));
        StatusSnapshot status = node.status();
        assertThat(status.lastReload().ok()).isFalse();
        assertThat(status.lastReload().errors()).containsExactly("web.conf:3: bad");
        assertThat(status.vhids()).hasSize(1);
    }

    @Test
    void stopBowsOutRemovesEveryVipAndEndsTheEngine() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        run(T0 + 4 * SECOND, node);
        assertThat(node.addresses.on("em0")).hasSize(1);
        int before = node.link.sent.size();
        CountDownLatch stopped = new CountDownLatch(1);
        node.engine.post(new EngineEvent.Stop(stopped));
        node.engine.doWork(clock.get());
        assertThat(stopped.getCount()).isZero();
        assertThat(node.engine.isRunning()).isFalse();
        assertThat(node.addresses.on("em0")).isEmpty();
        assertThat(node.link.sent.size()).as("the bow-out advert").isEqualTo(before + 1);
        assertThat(node.engine.snapshot().vhids()).singleElement()
                .satisfies(v -> assertThat(v.state()).isEqualTo("INIT"));
    }

    @Test
    void linksArriveAndLeaveAsEvents() {
        Node node = new Node(10, true, false, carp(1, 0, "192.0.2.100/24\npeer = 192.0.2.11"));
        node.engine.post(new EngineEvent.LinkOpened(node.link));
        node.start();
        assertThat(node.link.unicastPrepared).as("a link posted before the start is there at the start")
                .containsExactly(Family.INET);
        CountDownLatch released = new CountDownLatch(1);
        node.engine.post(new EngineEvent.LinkClosed(node.link, released));
        node.engine.doWork(clock.get());
        assertThat(released.getCount()).isZero();
        FakeLink reopened = new FakeLink("em0");
        node.engine.post(new EngineEvent.LinkOpened(reopened));
        run(T0 + 4 * SECOND, node);
        assertThat(node.state(1)).isEqualTo("MASTER");
        assertThat(node.link.sent).as("nothing on the closed link").isEmpty();
        assertThat(node.link.unicastSent).isEmpty();
        assertThat(reopened.unicastSent).as("the adverts to the peer, on the link that opened").isNotEmpty();
        assertThat(reopened.sent).as("the gratuitous ARP").isNotEmpty();
    }

    @Test
    void aBackupWhoseThreadStalledHearsTheQueuedAdvertsBeforeItsMasterDownTimer() {
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        Node backup = new Node(11, true, carp(1, 100, "192.0.2.100/24"));
        master.start();
        backup.start();
        run(T0 + 5 * SECOND, master, backup);
        assertThat(backup.state(1)).isEqualTo("BACKUP");
        // the backup's engine thread stalls 5 s (longer than its 3.39 s master-down interval) while
        // its receive side keeps queueing the live master's adverts, each stamped as it arrives
        while (clock.get() < T0 + 10 * SECOND) {
            clock.addAndGet(10_000_000L);
            master.engine.doWork(clock.get());
            master.deliverTo(backup);
        }
        backup.engine.doWork(clock.get());
        assertThat(backup.state(1)).as("the oldest advert's deadline has passed, the newest's has not").isEqualTo("BACKUP");
        assertThat(backup.addresses.on("em0")).isEmpty();
        assertThat(backup.status().vhids().get(0).transitions()).as("INIT -> BACKUP only").isEqualTo(1);
    }

    @Test
    void aStalledBackupHearsItsQueuedAdvertsBeforeTakingOverBehindAnotherEvent() {
        // as above, but a status request queued in the stall, behind the oldest advert: the
        // adverts behind it arrived before the master-down deadline too
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        Node backup = new Node(11, true, carp(1, 100, "192.0.2.100/24"));
        master.start();
        backup.start();
        run(T0 + 5 * SECOND, master, backup);
        boolean asked = false;
        while (clock.get() < T0 + 10 * SECOND) {
            clock.addAndGet(10_000_000L);
            master.engine.doWork(clock.get());
            master.deliverTo(backup);
            if (!asked && master.delivered > 0 && clock.get() > T0 + 6 * SECOND) {
                backup.engine.post(new EngineEvent.Snapshot(new CompletableFuture<>()));
                asked = true;
            }
        }
        backup.engine.doWork(clock.get());
        assertThat(backup.addresses.on("em0")).isEmpty();
        assertThat(backup.status().vhids().get(0).transitions()).as("INIT -> BACKUP only").isEqualTo(1);
    }

    @Test
    void aStalledBackupHearsEveryQueuedAdvertBeforeTakingOverPastOneTurnsBatch() {
        // more adverts queued in the stall than one duty cycle handles (Engine.MAX_EVENTS_PER_TURN):
        // the deadlines of the vhids whose adverts wait in the rest have passed too
        String[] vhids = new String[60];
        String[] backups = new String[60];
        for (int i = 0; i < vhids.length; i++) {
            vhids[i] = carp(i + 1, 0, "192.0.2." + (100 + i) + "/24");
            backups[i] = carp(i + 1, 100, "192.0.2." + (100 + i) + "/24");
        }
        Node master = new Node(10, true, vhids);
        Node backup = new Node(11, true, backups);
        master.start();
        backup.start();
        run(T0 + 5 * SECOND, master, backup);
        int before = master.link.sent.size();
        while (clock.get() < T0 + 10 * SECOND) {
            clock.addAndGet(10_000_000L);
            master.engine.doWork(clock.get());
            master.deliverTo(backup);
        }
        assertThat(master.link.sent.size() - before).as("several turns' batches queued")
                .isGreaterThan(4 * Engine.MAX_EVENTS_PER_TURN);
        while (backup.engine.doWork(clock.get()) > 0) {
            assertThat(backup.addresses.on("em0")).isEmpty();
        }
        assertThat(backup.addresses.on("em0")).isEmpty();
        assertThat(backup.status().vhids()).allSatisfy(v -> assertThat(v.transitions()).isEqualTo(1));
    }

    @Test
    void equalVrrpRoutersWithIpv6UnicastPeersTieBreakOnTheAddressesTheyAdvertiseFrom() {
        // RFC 5798 §6.4.3: of two masters with equal priority the one with the lower primary
        // address yields. To a global peer a router advertises from its global address: that is
        // the address to compare with the peer's, not its link-local one (every global address
        // sorts below fe80::, so each master thought itself the higher and both stayed MASTER)
        String[] file = new String[1];
        Node[] nodes = new Node[2];
        for (int i = 0; i < 2; i++) {
            int own = 10 + i;
            int other = 11 - i;
            file[0] = "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 100\naddress = 2001:db8::100/64\n"
                    + "peer = 2001:db8::" + other + "\n";
            InterfaceInfo em0 = new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, (byte) own}, true,
                    List.of(new byte[] {(byte) 192, 0, 2, (byte) own}), IpPrefix.parseAddress("fe80::" + own),
                    List.of(IpPrefix.parseAddress("2001:db8::" + own)));
            nodes[i] = new Node(em0, true, file[0]);
        }
        nodes[0].start();
        nodes[1].start();
        // both BACKUP with the same Master_Down_Interval, from the same instant: both time out
        // together and hear each other as MASTER
        for (long until = T0 + 10 * SECOND; clock.get() < until; ) {
            clock.addAndGet(10_000_000L);
            for (Node node : nodes) {
                node.engine.doWork(clock.get());
            }
            nodes[0].deliverUnicastTo(nodes[1]);
            nodes[1].deliverUnicastTo(nodes[0]);
        }
        assertThat(nodes[0].state(7)).as("the lower address yields").isEqualTo("BACKUP");
        assertThat(nodes[1].state(7)).isEqualTo("MASTER");
    }

    @Test
    void aDutyCycleHandlesABoundedBatchAndNeverWaits() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        assertThat(node.engine.doWork(clock.get())).isZero();
        List<CompletableFuture<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < Engine.MAX_EVENTS_PER_TURN + 6; i++) {
            CompletableFuture<Integer> reply = new CompletableFuture<>();
            replies.add(reply);
            node.engine.post(new EngineEvent.AdjustDemotion(0, "read", reply));
        }
        assertThat(node.engine.doWork(clock.get())).isEqualTo(Engine.MAX_EVENTS_PER_TURN);
        assertThat(node.engine.doWork(clock.get())).isEqualTo(6);
        assertThat(replies).allMatch(CompletableFuture::isDone);
    }

    @Test
    void maintenanceDemotesByTheMostAnySkewCanBeOnce() {
        Node node = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        node.start();
        CompletableFuture<Boolean> on = new CompletableFuture<>();
        CompletableFuture<Boolean> again = new CompletableFuture<>();
        node.engine.post(new EngineEvent.SetMaintenance(true, on));
        node.engine.post(new EngineEvent.SetMaintenance(true, again));
        StatusSnapshot status = node.status();
        assertThat(on.join()).isTrue();
        assertThat(again.join()).isFalse();
        assertThat(status.maintenance()).isTrue();
        assertThat(status.demotion()).isEqualTo(240);
    }

    private static String vrrp2(int vrid, int priority, String... addresses) {
        StringBuilder file = new StringBuilder("interface = em0\nprotocol = vrrp2\nvhid = " + vrid + "\npriority = "
                + priority + "\n");
        for (String address : addresses) {
            file.append("address = ").append(address).append('\n');
        }
        return file.toString();
    }

    /**
     * A frame the capture cut short reaches the receive side as the daemon's receive thread hands
     * it over (the bytes libpcap kept and the length on the wire): a VRRPv2 advert of many
     * addresses on a CARP-only interface (whose first byte is CARP's), cut to its 122 bytes, is
     * counted as truncated with the interface's own drops, never judged as an advert; the same
     * advert whole is judged and dropped against the CARP vhid it names (its HMAC does not verify).
     */
    @Test
    void aTruncatedFrameIsCountedAndNeverTakenAsAnAdvert() {
        String[] addresses = new String[30];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = "198.51.100." + (i + 1) + "/24";
        }
        Node vrrp = new Node(10, true, vrrp2(1, 200, addresses));
        Node carp = new Node(20, true, carp(1, 100, "192.0.2.100/24"));
        vrrp.start();
        carp.start();
        run(T0 + 5 * SECOND, vrrp);
        byte[] advert = vrrp.link.sent.stream().filter(f -> f.length > 23 && f[23] == 112).findFirst().orElseThrow();
        carp.engine.frameReceived("em0", java.util.Arrays.copyOf(advert, 122), advert.length, 0);
        StatusSnapshot status = carp.status();
        assertThat(status.otherDrops()).containsOnly(Map.entry("truncated", 1L));
        assertThat(status.vhids().get(0).advertsReceived()).isZero();
        assertThat(status.vhids().get(0).drops()).isEmpty();
        carp.engine.frameReceived("em0", advert, advert.length, 0);
        assertThat(carp.status().vhids().get(0).drops()).containsEntry("bad_auth", 1L);
        assertThat(carp.status().vhids().get(0).advertsReceived()).isZero();
    }

    /**
     * What makes a frame truncated is its length on the wire, not what its kept bytes say: a
     * genuine CARP advert whose frame went on past the snapshot length (an Ethernet trailer the
     * capture did not keep) would verify if decoded, and is counted as truncated instead; whole,
     * the same bytes are an advert.
     */
    @Test
    void aFrameLongerOnTheWireThanCapturedIsNeverDecodedEvenWhenItsBytesWouldVerify() {
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24"));
        Node backup = new Node(20, true, carp(1, 100, "192.0.2.100/24"));
        master.start();
        backup.start();
        run(T0 + 5 * SECOND, master);
        byte[] advert = master.link.sent.stream().filter(f -> f.length > 23 && f[23] == 112).reduce((a, b) -> b)
                .orElseThrow();
        backup.engine.frameReceived("em0", advert, advert.length + 64, 0);
        StatusSnapshot status = backup.status();
        assertThat(status.otherDrops()).containsOnly(Map.entry("truncated", 1L));
        assertThat(status.vhids().get(0).advertsReceived()).isZero();
        assertThat(status.vhids().get(0).drops()).isEmpty();
        backup.engine.frameReceived("em0", advert, advert.length, 0);
        StatusSnapshot whole = backup.status();
        assertThat(whole.vhids().get(0).advertsReceived()).as(whole.toString()).isEqualTo(1);
        assertThat(whole.vhids().get(0).drops()).isEmpty();
    }

    @Test
    void aVrrp2MasterListingManyAddressesSendsItsAdverts() {
        String[] addresses = new String[60];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = "198.51.100." + (i + 1) + "/24";
        }
        Node node = new Node(10, true, vrrp2(51, 100, addresses));
        node.start();
        run(T0 + 5 * SECOND, node);
        assertThat(node.state(51)).isEqualTo("MASTER");
        assertThat(node.status().vhids().get(0).advertsSent()).as("every advert got out").isGreaterThanOrEqualTo(2);
        assertThat(node.link.sent).as("an advert of 16 bytes plus 4 per address")
                .anyMatch(frame -> frame.length == 14 + 20 + 16 + 4 * addresses.length);
    }

    @Test
    void aVrrp2BackupIsNotHeldDownByAMasterOfOtherAddresses() {
        Node other = new Node(10, true, vrrp2(51, 200, "192.0.2.100/24"));
        Node ours = new Node(11, true, vrrp2(51, 100, "192.0.2.101/24"));
        other.start();
        ours.start();
        run(T0 + 10 * SECOND, other, ours);
        assertThat(ours.state(51)).as("RFC 3768 §7.1: its adverts are dropped, nobody else serves our address")
                .isEqualTo("MASTER");
        assertThat(ours.status().vhids().get(0).drops()).containsKey("address_mismatch");
    }

    /**
     * The receive threads judge frames from the moment a link opens, before the engine thread's
     * prepare(); its warm-up verified HMACs with the receive side's own verifier, whose scratch
     * state the two threads then shared, and a master's advert arriving meanwhile could be dropped
     * as bad_auth (or a forged one judged against the warm-up's digest). A race: before the fix
     * this failed in 3 of 4 runs (bad_auth 1 to 3), never after it.
     */
    @Test
    void warmUpLeavesTheReceiveSidesVerifierToTheReceiveThreads() throws Exception {
        Node master = new Node(10, true, carp(1, 0, "192.0.2.100/24") + "replay-protection = yes\n");
        master.start();
        run(T0 + 5 * SECOND, master);
        byte[] advert = master.link.sent.stream().filter(f -> f.length > 23 && f[12] == 8 && f[13] == 0 && f[23] == 112)
                .findFirst().orElseThrow();
        Node backup = new Node(20, true, carp(1, 100, "192.0.2.100/24") + "replay-protection = yes\n");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong judged = new java.util.concurrent.atomic.AtomicLong();
        Thread receiver = new Thread(() -> {
            while (!done.get()) { // the same advert again and again: accepted once, then a replay, never queued twice
                backup.engine.frameReceived("em0", advert);
                judged.incrementAndGet();
            }
        });
        receiver.start();
        try {
            backup.engine.prepare();
        } finally {
            done.set(true);
            receiver.join();
        }
        backup.engine.start(clock.get());

        Map<String, Long> drops = backup.status().vhids().get(0).drops();
        assertThat(drops.getOrDefault("replay", 0L)).as("judged during prepare: %s", judged).isPositive();
        assertThat(drops).doesNotContainKey("bad_auth");
    }
}
