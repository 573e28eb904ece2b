package org.carpd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5798 §6.4 rules, one by one, on a VRRPv3 vhid. */
class VrrpMachineTest {
    private static final VhidKey KEY = new VhidKey("em0", 7);
    private static final long MS = 1_000_000L;
    private static final byte[] OURS = {(byte) 192, 0, 2, 10};
    private final List<Effect> out = new ArrayList<>();
    private final CarpNode node = new CarpNode(new Random(1));

    private VrrpMachine machine(int priority, int intervalCs, boolean preempt) {
        node.linkChanged("em0", true, 0, out);
        node.addVhid(VhidSettings.vrrp(KEY, priority, intervalCs, preempt, List.of(IpPrefix.parse("192.0.2.1/24"))),
                0, out);
        return (VrrpMachine) node.machine(KEY);
    }

    private VrrpMachine master(int priority) {
        VrrpMachine m = machine(priority, 100, true);
        node.tick(m.nextDeadlineNs(), out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        out.clear();
        return m;
    }

    private static VrrpAdvert advert(int priority, int intervalCs, int lastOctet) {
        return new VrrpAdvert(Family.INET, new byte[] {(byte) 192, 0, 2, (byte) lastOctet}, priority, intervalCs, OURS);
    }

    @Test
    void masterDownIntervalIsThreeIntervalsPlusSkewTime() {
        // priority 100, 1 s: 3 s + (156 * 1 s) / 256 = 3.609375 s
        VrrpMachine m = machine(100, 100, true);
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(m.nextDeadlineNs()).isEqualTo(3_609_375_000L);
        // 100 ms, priority 200: 300 ms + 56 * 100 ms / 256 = 321.875 ms
        assertThat(Timing.vrrpMasterDownNs(200, 10)).isEqualTo(321_875_000L);
        assertThat(Timing.vrrpSkewNs(254, 5)).isEqualTo(390_625L);
    }

    @Test
    void theAddressOwnerIsMasterAtOnceAndIgnoresOthers() {
        VrrpMachine m = machine(255, 100, true);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(m.reason()).isEqualTo(Reasons.ADDRESS_OWNER);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance)
                .extracting(e -> ((AdvertPayload.Vrrp) ((Effect.SendAdvert) e).payload()).priority()).containsExactly(255);
        out.clear();
        node.advertReceived(KEY, advert(254, 100, 200), 50 * MS, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        // but another master's advert (the parting advert of one that held the VIP while split
        // from us) is answered: the neighbours that followed it relearn the VIP
        assertThat(out).containsExactly(new Effect.Announce(KEY, m.settings().addresses()));
    }

    @ParameterizedTest(name = "MASTER prio {0} hears prio {1} from .{2} -> {3}")
    @CsvSource({
            "100, 101, 1,   BACKUP",   // higher priority wins
            "100, 99,  250, MASTER",   // lower priority never wins, whatever its address
            "100, 100, 11,  BACKUP",   // equal: the higher primary address (.11 > .10) wins
            "100, 100, 9,   MASTER",   // equal and lower address: we stay
    })
    void masterRules(int local, int peer, int lastOctet, CarpState expected) {
        VrrpMachine m = master(local);
        node.advertReceived(KEY, advert(peer, 100, lastOctet), 10_000 * MS, out);
        assertThat(m.state()).isEqualTo(expected);
        if (expected == CarpState.BACKUP) {
            assertThat(m.reason()).isEqualTo(Reasons.HIGHER_PRIORITY_ADVERT);
        }
    }

    @Test
    void aSteppedDownMasterLearnsTheNewMastersInterval() {
        VrrpMachine m = master(100);
        node.advertReceived(KEY, advert(200, 5, 1), 10_000 * MS, out);
        assertThat(m.masterIntervalCs(Family.INET)).isEqualTo(5);
        assertThat(m.nextDeadlineNs()).isEqualTo(10_000 * MS + Timing.vrrpMasterDownNs(100, 5));
    }

    @Test
    void aLearnedIntervalIsNeverZero() {
        VrrpMachine m = machine(100, 100, false);
        node.advertReceived(KEY, advert(200, 0, 1), 1000 * MS, out); // the receive side drops these; the core holds anyway
        assertThat(m.masterIntervalCs(Family.INET)).isEqualTo(1);
        assertThat(m.nextDeadlineNs()).isEqualTo(1000 * MS + Timing.vrrpMasterDownNs(100, 1));
    }

    @Test
    void aBackupWithPreemptWaitsOutALowerPriorityMasterInsteadOfTakingOverAtOnce() {
        VrrpMachine m = machine(200, 100, true);
        long deadline = m.nextDeadlineNs();
        node.advertReceived(KEY, advert(100, 100, 1), 1000 * MS, out);
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(m.nextDeadlineNs()).isEqualTo(deadline); // discarded: the timer was not re-armed
        node.tick(deadline, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
    }

    @Test
    void aBackupWithoutPreemptFollowsAnyMaster() {
        VrrpMachine m = machine(200, 100, false);
        node.advertReceived(KEY, advert(100, 50, 1), 1000 * MS, out);
        assertThat(m.nextDeadlineNs()).isEqualTo(1000 * MS + Timing.vrrpMasterDownNs(200, 50));
        assertThat(m.masterIntervalCs(Family.INET)).isEqualTo(50);
    }

    @Test
    void priorityZeroCutsTheBackupsWaitToSkewTime() {
        VrrpMachine m = machine(100, 100, true);
        node.advertReceived(KEY, advert(150, 10, 1), 1000 * MS, out);
        node.advertReceived(KEY, advert(0, 10, 1), 1050 * MS, out);
        long skew = Timing.vrrpSkewNs(100, 10); // 60.9375 ms
        assertThat(m.nextDeadlineNs()).isEqualTo(1050 * MS + skew);
        out.clear();
        node.tick(1050 * MS + skew, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(m.reason()).isEqualTo(Reasons.MASTER_RESIGNED);
    }

    @Test
    void aMasterAnswersPriorityZeroWithAnAdvertAtOnce() {
        VrrpMachine m = master(100);
        node.advertReceived(KEY, advert(0, 100, 1), 10_500 * MS, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance).hasSize(1);
        assertThat(m.nextDeadlineNs()).isEqualTo(10_500 * MS + 1000 * MS);
    }

    @Test
    void aStoppingMasterResignsWithPriorityZero() {
        master(100);
        node.stop(20_000 * MS, out);
        assertThat(out.get(0)).isInstanceOf(Effect.SendAdvert.class);
        assertThat(((AdvertPayload.Vrrp) ((Effect.SendAdvert) out.get(0)).payload()).priority()).isZero();
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SendAdvert", "StateChanged", "RemoveAddresses");
    }

    @Test
    void demotionLowersThePriorityAndAMasterAdvertisesItAtOnce() {
        VrrpMachine m = master(150);
        node.adjustDemotion(240, "maintenance on", 12_000 * MS, out);
        assertThat(m.effectivePriority()).isEqualTo(1);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance)
                .extracting(e -> ((AdvertPayload.Vrrp) ((Effect.SendAdvert) e).payload()).priority()).containsExactly(1);
        assertThat(Timing.vrrpEffectivePriority(255, 10)).isEqualTo(244); // a demoted owner is no owner
        assertThat(Timing.vrrpEffectivePriority(255, 0)).isEqualTo(255);
    }

    @Test
    void aYieldingMasterSendsItsOwnPriorityAsAPartingAdvert() {
        master(100);
        node.advertReceived(KEY, advert(100, 100, 200), 20_000 * MS, out); // equal priority, higher address
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SendAdvert", "StateChanged", "RemoveAddresses");
        assertThat(((AdvertPayload.Vrrp) ((Effect.SendAdvert) out.get(0)).payload()).priority()).isEqualTo(100);
    }

    @Test
    void garpRefreshRepeatsTheAnnouncementWhileMaster() {
        node.linkChanged("em0", true, 0, out);
        node.addVhid(VhidSettings.vrrp(KEY, 255, 100, true, List.of(IpPrefix.parse("192.0.2.1/24")))
                .withGarpRefreshMs(5_000), 0, out); // the owner: MASTER at once
        VrrpMachine m = (VrrpMachine) node.machine(KEY);
        out.clear();
        int announcements = 0;
        for (long t = 100 * MS; t <= 30_000 * MS; t += 100 * MS) {
            node.tick(t, out);
            announcements += (int) out.stream().filter(e -> e instanceof Effect.Announce).count();
            out.clear();
        }
        // the delayed one after two adverts, then one every 5 s: at 5, 10, 15, 20, 25 and 30 s
        assertThat(announcements).isEqualTo(7);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
    }

    @Test
    void aLowerPriorityMasterHeardLongAfterTakeoverRaisesTheSplitBrainAlarm() {
        VrrpMachine m = master(150);
        node.advertReceived(KEY, advert(100, 100, 1), 20_000 * MS, out);
        assertThat(m.splitBrainAlarm()).isTrue();
        assertThat(out).filteredOn(Effect.Announce.class::isInstance).hasSize(1);
    }
}
