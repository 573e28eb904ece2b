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

class CarpMachineTest {
    private static final VhidKey KEY = new VhidKey("em0", 1);
    private static final long S = 1_000_000_000L;
    private final List<Effect> out = new ArrayList<>();
    private final CarpNode node = new CarpNode(new Random(1));

    private CarpMachine machine(int advbase, int advskew, boolean preempt, String... addresses) {
        List<IpPrefix> list = addresses.length == 0 ? List.of(IpPrefix.parse("192.0.2.1/24"))
                : java.util.Arrays.stream(addresses).map(IpPrefix::parse).toList();
        node.linkChanged("em0", true, 0, out);
        node.addVhid(VhidSettings.carp(KEY, advbase, advskew, preempt, list), 0, out);
        return (CarpMachine) node.machine(KEY);
    }

    private CarpMachine master(int advbase, int advskew, boolean preempt) {
        CarpMachine m = machine(advbase, advskew, preempt);
        node.tick(m.nextDeadlineNs(), out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        out.clear();
        return m;
    }

    private static PeerAdvert peer(int advbase, int advskew) {
        return new PeerAdvert(Family.INET, new byte[] {10, 0, 0, 2}, advbase, advskew, 0, 77);
    }

    @ParameterizedTest(name = "BACKUP {0}/{1} preempt={2} hears {3}/{4} -> {5}")
    @CsvSource({
            // local advbase, advskew, preempt, peer advbase, advskew, expected state, reason
            "1, 0,   true,  1, 100, MASTER, preempting a slower master",
            "1, 0,   false, 1, 100, BACKUP, ",
            "1, 100, true,  1, 0,   BACKUP, ",
            "1, 100, true,  1, 100, BACKUP, ",      // equal: not strictly faster
            "1, 0,   false, 255, 255, MASTER, master will time out", // bow-out advert
            "1, 0,   false, 4, 0,   MASTER, master will time out",   // 3 x 1 s < 4 s
            "1, 0,   false, 3, 0,   BACKUP, ",                       // 3 s is not < 3 s
            "1, 0,   false, 3, 1,   MASTER, master will time out",   // 3 s < 3 s + 1/256
            "2, 0,   true,  1, 240, BACKUP, ",
    })
    void backupRules(int advbase, int advskew, boolean preempt, int peerBase, int peerSkew, CarpState expected,
                     String reason) {
        VhidMachine m = machine(advbase, advskew, preempt);
        out.clear();
        node.advertReceived(KEY, peer(peerBase, peerSkew), 1 * S, out);
        assertThat(m.state()).isEqualTo(expected);
        if (reason != null) {
            assertThat(m.reason()).isEqualTo(reason);
        }
    }

    @ParameterizedTest(name = "MASTER {0}/{1} hears {2}/{3} -> {4}")
    @CsvSource({
            "1, 0,   1, 0,   BACKUP",  // equal: the receiver yields (FreeBSD)
            "1, 100, 1, 0,   BACKUP",
            "1, 0,   1, 1,   MASTER",
            "2, 0,   1, 255, BACKUP",
            "1, 0,   255, 255, MASTER",
    })
    void masterRules(int advbase, int advskew, int peerBase, int peerSkew, CarpState expected) {
        VhidMachine m = master(advbase, advskew, false);
        node.advertReceived(KEY, peer(peerBase, peerSkew), 10 * S, out);
        assertThat(m.state()).isEqualTo(expected);
    }

    @Test
    void masterEntryEffectsComeInTheDocumentedOrder() {
        VhidMachine m = machine(1, 0, false, "192.0.2.1/24", "2001:db8::1/64");
        out.clear();
        node.tick(3 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "StateChanged", "SendAdvert", "SendAdvert", "AddAddresses", "Announce");
        assertThat(((Effect.SendAdvert) out.get(1)).family()).isEqualTo(Family.INET);
        assertThat(((Effect.SendAdvert) out.get(2)).family()).isEqualTo(Family.INET6);
        assertThat(carp((Effect.SendAdvert) out.get(2)).counter()).isEqualTo(carp((Effect.SendAdvert) out.get(1)).counter() + 1);
        out.clear();
        node.tick(4 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName()).containsExactly("SendAdvert", "SendAdvert");
        out.clear();
        node.tick(5 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SendAdvert", "SendAdvert", "Announce");
        out.clear();
        node.tick(6 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName()).containsExactly("SendAdvert", "SendAdvert");
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
    }

    @Test
    void aYieldingMasterSendsItsPartingAdvertThenRemovesItsAddresses() {
        master(1, 100, false);
        node.advertReceived(KEY, peer(1, 0), 10 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SendAdvert", "StateChanged", "RemoveAddresses");
        AdvertPayload.Carp parting = carp((Effect.SendAdvert) out.get(0));
        assertThat(parting.advbase()).isEqualTo(1);
        // one step slower than the winner (1/0), not our own 1/100: a backup with preempt ranked
        // between the two (say 1/50) must not take over from it
        assertThat(parting.advskew()).isEqualTo(1);
        assertThat(parting.counter()).isEqualTo(78); // the counter adopted from the winner, plus one
        assertThat(out.get(1)).isEqualTo(new Effect.StateChanged(KEY, CarpState.MASTER, CarpState.BACKUP,
                "more frequent advertisement received"));
        CarpNode middle = new CarpNode(new Random(3));
        List<Effect> middleOut = new ArrayList<>();
        middle.linkChanged("em0", true, 0, middleOut);
        middle.addVhid(VhidSettings.carp(KEY, 1, 50, true, List.of(IpPrefix.parse("192.0.2.1/24"))), 0, middleOut);
        middle.advertReceived(KEY, new PeerAdvert(Family.INET, new byte[] {10, 0, 0, 3}, parting.advbase(),
                parting.advskew(), 0, parting.counter()), 10 * S, middleOut);
        assertThat(middle.machine(KEY).state()).isEqualTo(CarpState.BACKUP);
    }

    @Test
    void aPartingStepPastSkew255CarriesIntoAdvbase() {
        master(3, 0, false);
        node.advertReceived(KEY, peer(2, 255), 10 * S, out);
        AdvertPayload.Carp parting = carp((Effect.SendAdvert) out.get(0));
        assertThat(parting.advbase()).isEqualTo(3);
        assertThat(parting.advskew()).isZero();
    }

    @Test
    void noPartingAdvertToAnOpenBsdMasterWithADemoteCount() {
        // OpenBSD's master yields to any advert with a lower demote count (ours carry 0)
        VhidMachine m = master(1, 100, false);
        node.advertReceived(KEY, new PeerAdvert(Family.INET, new byte[] {10, 0, 0, 2}, 1, 0, 1, 77), 10 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(out).noneMatch(e -> e instanceof Effect.SendAdvert);
    }

    @Test
    void aPartingAdvertAfterATieIsOneStepSlowerSoTheWinnerStays() {
        master(1, 50, false); // MASTER since 3 s
        node.advertReceived(KEY, peer(1, 50), 10 * S, out);
        Effect.SendAdvert parting = (Effect.SendAdvert) out.get(0);
        assertThat(carp(parting).advskew()).isEqualTo(51);
        // what the winner (the same rules) does with it: stays MASTER and re-announces
        CarpNode winnerNode = new CarpNode(new Random(2));
        List<Effect> winnerOut = new ArrayList<>();
        winnerNode.linkChanged("em0", true, 0, winnerOut);
        winnerNode.addVhid(VhidSettings.carp(KEY, 1, 50, false, List.of(IpPrefix.parse("192.0.2.1/24"))), 0, winnerOut);
        VhidMachine winner = winnerNode.machine(KEY);
        winnerNode.tick(winner.nextDeadlineNs(), winnerOut);
        winnerOut.clear();
        winnerNode.advertReceived(KEY, new PeerAdvert(Family.INET, new byte[] {10, 0, 0, 2}, carp(parting).advbase(),
                carp(parting).advskew(), 0, carp(parting).counter()), 10 * S, winnerOut);
        assertThat(winner.state()).isEqualTo(CarpState.MASTER);
        assertThat(winnerOut).contains(new Effect.Announce(KEY, winner.settings().addresses()));
    }

    @Test
    void aTieWithinTheFirstAdvertIntervalSendsNoPartingAdvert() {
        // two equal masters with preempt that yield to each other at once must not re-elect each other for ever
        VhidMachine m = master(1, 0, true); // MASTER since 3 s
        node.advertReceived(KEY, peer(1, 0), 3 * S + S / 2, out);
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(out).noneMatch(e -> e instanceof Effect.SendAdvert);
    }

    @Test
    void aMasterLeavingForOtherReasonsSendsNoPartingAdvert() {
        VhidMachine m = master(1, 0, false);
        node.linkChanged("em0", false, 10 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.INIT);
        assertThat(out).noneMatch(e -> e instanceof Effect.SendAdvert);
    }

    @Test
    void counterAdoptsTheReceivedValueAndIncrementsPerAdvert() {
        CarpMachine m = machine(1, 100, false);
        node.advertReceived(KEY, peer(1, 0), 1 * S, out);
        assertThat(m.counter()).isEqualTo(77);
        out.clear();
        node.tick(m.nextDeadlineNs(), out);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance)
                .extracting(e -> carp((Effect.SendAdvert) e).counter()).containsExactly(78L);
    }

    @Test
    void advertsUseTheDemotedSkewCappedAt240() {
        CarpMachine m = master(1, 100, false);
        node.adjustDemotion(200, "sysctl", 10 * S, out);
        assertThat(m.effectiveSkew()).isEqualTo(240);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance)
                .extracting(e -> carp((Effect.SendAdvert) e).advskew()).containsExactly(240);
        assertThat(m.nextDeadlineNs()).isEqualTo(10 * S + Timing.microsToNanos(Timing.intervalMicros(1, 240)));
        out.clear();
        node.adjustDemotion(-300, "sysctl", 11 * S, out);
        assertThat(m.effectiveSkew()).isZero(); // negative totals clamp at 0
    }

    @Test
    void threeSendErrorsDemoteAndThreeSuccessesUndo() {
        master(1, 0, false);
        for (int i = 0; i < 2; i++) {
            node.sendResult(KEY, "55 (ENOBUFS)", 10 * S, out);
        }
        assertThat(node.demotion()).isZero();
        node.sendResult(KEY, "50 (ENETDOWN)", 10 * S, out);
        assertThat(node.demotion()).isEqualTo(240);
        assertThat(out).contains(new Effect.DemotionChanged(240, 240, "send error 50 (ENETDOWN) on em0"));
        node.sendResult(KEY, "50 (ENETDOWN)", 10 * S, out);
        assertThat(node.demotion()).as("demoted once, not per error").isEqualTo(240);
        node.sendResult(KEY, (String) null, 11 * S, out);
        node.sendResult(KEY, (String) null, 12 * S, out);
        assertThat(node.demotion()).isEqualTo(240);
        node.sendResult(KEY, (String) null, 13 * S, out);
        assertThat(node.demotion()).isZero();
        assertThat(out).contains(new Effect.DemotionChanged(-240, 0, "send ok on em0"));
    }

    /** carp_send_ad_error: a success or two between errors does not forget them; three in a row do. */
    @Test
    void sendErrorsSeparatedByFewerThanThreeSuccessesStillAddUp() {
        master(1, 0, false);
        for (int i = 0; i < 2; i++) {
            node.sendResult(KEY, "55 (ENOBUFS)", 10 * S, out);
            node.sendResult(KEY, (String) null, 10 * S, out);
            node.sendResult(KEY, (String) null, 10 * S, out);
        }
        assertThat(node.demotion()).isZero();
        node.sendResult(KEY, "55 (ENOBUFS)", 10 * S, out);
        assertThat(node.demotion()).as("the third error, two successes after each").isEqualTo(240);

        CarpNode other = new CarpNode(new Random(2));
        List<Effect> effects = new ArrayList<>();
        other.linkChanged("em0", true, 0, effects);
        other.addVhid(VhidSettings.carp(KEY, 1, 0, false, List.of(IpPrefix.parse("192.0.2.1/24"))), 0, effects);
        for (int i = 0; i < 2; i++) {
            other.sendResult(KEY, "55 (ENOBUFS)", 10 * S, effects);
            for (int j = 0; j < 3; j++) {
                other.sendResult(KEY, (String) null, 10 * S, effects);
            }
        }
        other.sendResult(KEY, "55 (ENOBUFS)", 10 * S, effects);
        assertThat(other.demotion()).as("three successes in a row forget the errors").isZero();
    }

    /** carp_attach -> carp_sc_state: a vhid created on a down or missing interface demotes the host at once. */
    @Test
    void aVhidCreatedOnADownInterfaceDemotesAtOnceAndUndoesItWhenTheLinkComesUp() {
        node.linkChanged("em0", false, 0, out);
        node.addVhid(VhidSettings.carp(KEY, 1, 0, false, List.of(IpPrefix.parse("192.0.2.1/24"))), 0, out);
        VhidKey second = new VhidKey("em0", 2);
        node.addVhid(VhidSettings.carp(second, 1, 0, false, List.of(IpPrefix.parse("192.0.2.2/24"))), 0, out);
        assertThat(node.machine(KEY).state()).isEqualTo(CarpState.INIT);
        assertThat(node.demotion()).as("one interface-down demotion per vhid, as each softc's sc_suppress").isEqualTo(480);
        assertThat(out).contains(new Effect.DemotionChanged(240, 240, "interface down"));
        node.linkChanged("em0", true, 1 * S, out);
        assertThat(node.machine(KEY).state()).isEqualTo(CarpState.BACKUP);
        assertThat(node.demotion()).isZero();
        assertThat(out).contains(new Effect.DemotionChanged(-240, 240, "interface up"));

        node.linkChanged("em1", false, 2 * S, out);
        VhidKey gone = new VhidKey("em1", 3);
        node.addVhid(VhidSettings.carp(gone, 1, 0, false, List.of(IpPrefix.parse("198.51.100.1/24"))), 2 * S, out);
        assertThat(node.demotion()).isEqualTo(240);
        node.removeVhid(gone, 3 * S, out);
        assertThat(node.demotion()).as("removing the vhid undoes its demotion").isZero();
    }

    @Test
    void gracefulStopBowsOutBeforeRemovingAddresses() {
        master(1, 0, false);
        node.stop(10 * S, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SendAdvert", "StateChanged", "RemoveAddresses");
        AdvertPayload.Carp bowOut = carp((Effect.SendAdvert) out.get(0));
        assertThat(bowOut.advbase()).isEqualTo(255);
        assertThat(bowOut.advskew()).isEqualTo(255);
        assertThat(bowOut.isBowOut()).isTrue();
    }

    @Test
    void initIgnoresAdvertsAndMasterDownUsesTheConfiguredSkew() {
        VhidMachine m = machine(2, 128, false);
        assertThat(m.nextDeadlineNs()).isEqualTo(6 * S + S / 2); // 3 x 2 s + 128/256 s
        node.linkChanged("em0", false, 1 * S, out);
        node.advertReceived(KEY, peer(255, 255), 2 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.INIT);
        assertThat(node.demotion()).isEqualTo(240);
    }

    @Test
    void reconfiguringAMasterMovesOnlyTheChangedAddressesWithoutAFlap() {
        VhidMachine m = master(1, 0, false);
        out.clear();
        List<IpPrefix> next = List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("192.0.2.2/24"));
        node.reconfigure(VhidSettings.carp(KEY, 1, 20, true, next), 10 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(out).noneMatch(e -> e instanceof Effect.StateChanged);
        assertThat(out.get(0)).isEqualTo(new Effect.AddAddresses(KEY, List.of(IpPrefix.parse("192.0.2.2/24"))));
        assertThat(carp((Effect.SendAdvert) out.get(1)).advskew()).isEqualTo(20);
        assertThat(out.get(2)).isEqualTo(new Effect.Announce(KEY, List.of(IpPrefix.parse("192.0.2.2/24"))));
        out.clear();
        node.reconfigure(VhidSettings.carp(KEY, 1, 20, true, List.of(IpPrefix.parse("192.0.2.2/24"))), 11 * S, out);
        assertThat(out.get(0)).isEqualTo(new Effect.RemoveAddresses(KEY, List.of(IpPrefix.parse("192.0.2.1/24"))));
        assertThat(out).hasSize(2); // and the advert with the new HMAC
    }

    @Test
    void reconfiguringABackupKeepsItWaiting() {
        VhidMachine m = machine(1, 100, false);
        long deadline = m.nextDeadlineNs();
        out.clear();
        node.reconfigure(VhidSettings.carp(KEY, 1, 50, true, List.of(IpPrefix.parse("192.0.2.1/24"))), S, out);
        assertThat(out).isEmpty();
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(m.nextDeadlineNs()).isEqualTo(deadline);
        node.reconfigure(VhidSettings.carp(KEY, 1, 50, true, List.of(IpPrefix.parse("2001:db8::1/64"))), 2 * S, out);
        assertThat(m.nextDeadlineNs()).isEqualTo(2 * S + Timing.microsToNanos(Timing.masterDownMicros(1, 50))); // a new family gets its own timer
    }

    @Test
    void aSlowerMasterRaisesTheSplitBrainAlarmUntilItIsQuiet() {
        VhidMachine m = master(1, 0, false); // MASTER since 3 s
        node.advertReceived(KEY, peer(1, 100), 10 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(out).contains(new Effect.Announce(KEY, m.settings().addresses()),
                new Effect.SplitBrain(KEY, true, "10.0.0.2"));
        assertThat(m.splitBrainAlarm()).isTrue();
        out.clear();
        node.advertReceived(KEY, peer(1, 100), 11 * S, out);
        assertThat(out).noneMatch(e -> e instanceof Effect.SplitBrain); // logged once per episode
        node.tick(13 * S, out);
        assertThat(m.splitBrainAlarm()).isTrue();
        node.tick(14 * S, out); // three of our intervals after the last one heard
        assertThat(out).contains(new Effect.SplitBrain(KEY, false, ""));
        assertThat(m.splitBrainAlarm()).isFalse();
        assertThat(m.splitBrainEpisodes()).isEqualTo(1);
        assertThat(m.slowerMastersHeard()).isEqualTo(2);
    }

    @Test
    void theOldMastersLastAdvertAfterAPreemptionIsNoSplitBrain() {
        VhidMachine m = machine(1, 0, true);
        node.advertReceived(KEY, peer(1, 100), S, out); // preempts
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        out.clear();
        node.advertReceived(KEY, peer(1, 100), S + S / 2, out); // crossed our first advert
        assertThat(out).noneMatch(e -> e instanceof Effect.SplitBrain);
        assertThat(m.splitBrainAlarm()).isFalse();
    }

    @Test
    void everySlowerMasterAdvertIsAnsweredWithAnAnnouncementAtMostOncePerInterval() {
        VhidMachine m = settled(master(1, 0, false), 10 * S);
        node.advertReceived(KEY, peer(1, 100), 10 * S, out);
        assertThat(announcements()).isEqualTo(1);
        out.clear();
        // heard again 0.4 s later (the other side's parting advert): owed, made when the interval is over
        node.advertReceived(KEY, peer(1, 100), 10 * S + 400_000_000L, out);
        assertThat(announcements()).isZero();
        assertThat(m.nextDeadlineNs()).isLessThanOrEqualTo(11 * S);
        node.tick(11 * S, out);
        assertThat(announcements()).isEqualTo(1);
        out.clear();
        node.tick(12 * S, out);
        assertThat(announcements()).isZero(); // owed once, made once
    }

    @Test
    void aFloodOfSlowerMasterAdvertsAnnouncesOncePerInterval() {
        VhidMachine m = settled(master(1, 0, false), 10 * S);
        long start = 10 * S;
        for (int i = 0; i < 10_000; i++) { // 1000 a second for 10 s
            long now = start + i * 1_000_000L;
            node.tick(now, out);
            node.advertReceived(KEY, peer(1, 100), now, out);
        }
        node.tick(start + 10 * S, out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(announcements()).isBetween(10L, 11L);
    }

    @Test
    void everySplitBrainEpisodeReAnnounces() {
        VhidMachine m = settled(master(1, 0, false), 10 * S);
        for (int episode = 0; episode < 3; episode++) {
            long at = (10 + 20L * episode) * S;
            out.clear();
            node.tick(at, out);
            node.advertReceived(KEY, peer(1, 100), at, out);
            assertThat(out).contains(new Effect.Announce(KEY, m.settings().addresses()),
                    new Effect.SplitBrain(KEY, true, "10.0.0.2"));
            node.tick(at + 4 * S, out); // quiet for three intervals: the episode is over
            assertThat(m.splitBrainAlarm()).isFalse();
        }
        assertThat(m.splitBrainEpisodes()).isEqualTo(3);
    }

    @Test
    void garpRefreshRepeatsTheAnnouncementWhileMaster() {
        List<IpPrefix> vips = List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("2001:db8::1/64"));
        node.linkChanged("em0", true, 0, out);
        node.addVhid(VhidSettings.carp(KEY, 1, 0, false, vips).withGarpRefreshMs(10_000), 0, out);
        VhidMachine m = node.machine(KEY);
        node.tick(3 * S, out); // MASTER at 3 s: announces, and again after two adverts (5 s)
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        out.clear();
        List<Long> announcedAt = new ArrayList<>();
        for (long t = 3 * S + 1; t <= 43 * S; t = Math.min(m.nextDeadlineNs(), 43 * S + 1)) {
            node.tick(t, out);
            if (out.stream().anyMatch(e -> e instanceof Effect.Announce)) {
                assertThat(out).filteredOn(Effect.Announce.class::isInstance)
                        .containsExactly(new Effect.Announce(KEY, vips)); // every address, once
                announcedAt.add(t);
            }
            out.clear();
        }
        assertThat(announcedAt).containsExactly(5 * S, 13 * S, 23 * S, 33 * S, 43 * S);
        node.advertReceived(KEY, peer(1, 0), 44 * S, out); // yields
        out.clear();
        for (long t = 44 * S; t < 80 * S; t += S) {
            node.advertReceived(KEY, peer(1, 0), t, out); // the new master keeps advertising, in both families
            node.advertReceived(KEY, new PeerAdvert(Family.INET6, IpPrefix.parseAddress("fe80::2"), 1, 0, 0, 77), t, out);
            node.tick(t, out);
        }
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(out).noneMatch(e -> e instanceof Effect.Announce); // a BACKUP announces nothing
    }

    @Test
    void reconfiguringGarpRefreshRestartsThePeriodAndZeroStopsIt() {
        node.linkChanged("em0", true, 0, out);
        VhidSettings settings = VhidSettings.carp(KEY, 1, 0, false, List.of(IpPrefix.parse("192.0.2.1/24")));
        node.addVhid(settings, 0, out);
        VhidMachine m = node.machine(KEY);
        node.tick(3 * S, out);
        node.tick(5 * S, out); // the delayed announcement
        out.clear();
        node.reconfigure(settings.withGarpRefreshMs(2_000), 6 * S, out);
        out.clear();
        node.tick(8 * S, out);
        assertThat(out).contains(new Effect.Announce(KEY, settings.addresses()));
        node.reconfigure(settings, 9 * S, out);
        out.clear();
        for (long t = 9 * S; t < 30 * S; t += S) {
            node.tick(t, out);
        }
        assertThat(out).noneMatch(e -> e instanceof Effect.Announce);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
    }

    /** Runs a MASTER's timers up to {@code untilNs} (past the delayed announcement), then forgets the effects. */
    private VhidMachine settled(VhidMachine m, long untilNs) {
        for (long t = m.nextDeadlineNs(); t <= untilNs; t = m.nextDeadlineNs()) {
            node.tick(t, out);
        }
        out.clear();
        return m;
    }

    private long announcements() {
        return out.stream().filter(e -> e instanceof Effect.Announce).count();
    }

    private static AdvertPayload.Carp carp(Effect.SendAdvert advert) {
        return (AdvertPayload.Carp) advert.payload();
    }
}
