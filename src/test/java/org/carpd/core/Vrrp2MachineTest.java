package org.carpd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * RFC 3768's timers on a VRRPv2 vhid (the election rules are RFC 5798's, tested in
 * {@link VrrpMachineTest}): Skew_Time is (256 - Priority) / 256 s whatever the interval,
 * Master_Down_Interval 3 x Advertisement_Interval + Skew_Time with the router's own interval, and a
 * stopping MASTER sends priority 0 in a VRRPv2 advert.
 */
class Vrrp2MachineTest {
    private static final VhidKey KEY = new VhidKey("eth0", 51);
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private final List<Effect> out = new ArrayList<>();
    private final CarpNode node = new CarpNode(new Random(1));

    private VrrpMachine machine(int priority, int intervalSeconds) {
        node.linkChanged("eth0", true, 0, out);
        node.addVhid(new VhidSettings(KEY, true, List.of(IpPrefix.parse("192.0.2.100/24")),
                new Vrrp2Params(priority, intervalSeconds, "1111".getBytes())), 0, out);
        return (VrrpMachine) node.machine(KEY);
    }

    private static VrrpAdvert advert(int priority, int intervalSeconds) {
        return new VrrpAdvert(Family.INET, new byte[] {(byte) 192, 0, 2, 2}, priority, intervalSeconds * 100,
                new byte[] {(byte) 192, 0, 2, 1});
    }

    @Test
    void masterDownIsThreeOwnIntervalsPlusASkewOfWholeSeconds() {
        // priority 100, 3 s: 9 s + 156/256 s = 9.609375 s (VRRPv3 would scale the skew by the interval: 10.828125 s)
        VrrpMachine m = machine(100, 3);
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(m.nextDeadlineNs()).isEqualTo(9_609_375_000L);
        node.advertReceived(KEY, advert(200, 3), 2 * S, out);
        assertThat(m.nextDeadlineNs()).isEqualTo(2 * S + 9_609_375_000L);
    }

    @Test
    void aResigningMasterIsReplacedAfterSkewTime() {
        VrrpMachine m = machine(200, 5);
        node.advertReceived(KEY, advert(250, 5), S, out);
        node.advertReceived(KEY, advert(0, 5), 2 * S, out);
        // (256 - 200) / 256 s = 218.75 ms, not scaled by the 5 s interval
        assertThat(m.nextDeadlineNs()).isEqualTo(2 * S + 218_750_000L);
        node.tick(m.nextDeadlineNs(), out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(m.reason()).isEqualTo(Reasons.MASTER_RESIGNED);
    }

    @Test
    void aMasterAdvertisesVrrp2PayloadsAndResignsWithPriorityZero() {
        VrrpMachine m = machine(150, 2);
        node.tick(m.nextDeadlineNs(), out);
        assertThat(m.state()).isEqualTo(CarpState.MASTER);
        assertThat(out).filteredOn(Effect.SendAdvert.class::isInstance)
                .extracting(e -> ((Effect.SendAdvert) e).payload()).containsExactly(new AdvertPayload.Vrrp2(150, 2));
        long next = m.nextDeadlineNs();
        out.clear();
        node.tick(next, out);
        assertThat(m.nextDeadlineNs() - next).as("advert interval").isEqualTo(2 * S);
        out.clear();
        node.removeVhid(KEY, next + 100 * MS, out);
        assertThat(out.get(0)).isEqualTo(new Effect.SendAdvert(KEY, Family.INET, new AdvertPayload.Vrrp2(0, 2)));
    }

    @Test
    void aHigherPriorityOrAnEqualOneFromAHigherAddressTakesOver() {
        VrrpMachine m = machine(100, 1);
        node.tick(m.nextDeadlineNs(), out);
        node.advertReceived(KEY, advert(100, 1), 5 * S, out); // 192.0.2.2 > our 192.0.2.1
        assertThat(m.state()).isEqualTo(CarpState.BACKUP);
        assertThat(m.reason()).isEqualTo(Reasons.HIGHER_PRIORITY_ADVERT);
    }
}
