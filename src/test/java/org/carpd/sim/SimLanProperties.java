package org.carpd.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.proto.IpPrefix;

/** Whatever the loss, delay and settings, a LAN that turns healthy again ends with exactly one MASTER. */
class SimLanProperties {
    @Property(tries = 300)
    void oneMasterAfterTheNetworkHeals(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int nodeCount,
                                       @ForAll @IntRange(min = 0, max = 40) int lossPercent,
                                       @ForAll @LongRange(min = 0, max = 2_000) long maxDelayUs,
                                       @ForAll boolean equalSkews, @ForAll boolean preempt) {
        SimLan lan = new SimLan(seed);
        lan.setDelay(0, maxDelayUs * 1000);
        lan.setLossRate(lossPercent / 100.0);
        for (int i = 0; i < nodeCount; i++) {
            VhidSettings settings = VhidSettings.carp(new VhidKey("em0", 1), 1, equalSkews ? 0 : i * 50, preempt,
                    java.util.List.of(IpPrefix.parse("192.0.2.1/24")));
            lan.addNode("n" + i, new byte[] {10, 0, 0, (byte) (i + 1)}, settings, "secret");
            lan.start("n" + i);
        }
        lan.runFor(60_000_000_000L);
        lan.setLossRate(0);
        lan.runFor(20_000_000_000L);
        assertThat(lan.masters()).hasSize(1);
    }

    /**
     * The same for VRRPv3 nodes at a 100 ms interval, equal or distinct priorities (the RFC's
     * address tie-break must settle equal ones), with or without Preempt_Mode.
     */
    @Property(tries = 200)
    void oneVrrpMasterAfterTheNetworkHeals(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int nodeCount,
                                           @ForAll @IntRange(min = 0, max = 40) int lossPercent,
                                           @ForAll @LongRange(min = 0, max = 2_000) long maxDelayUs,
                                           @ForAll boolean equalPriorities, @ForAll boolean preempt) {
        SimLan lan = new SimLan(seed);
        lan.setDelay(0, maxDelayUs * 1000);
        lan.setLossRate(lossPercent / 100.0);
        for (int i = 0; i < nodeCount; i++) {
            VhidSettings settings = VhidSettings.vrrp(new VhidKey("em0", 1), equalPriorities ? 100 : 100 + i * 20, 10,
                    preempt, java.util.List.of(IpPrefix.parse("192.0.2.1/24")));
            lan.addNode("n" + i, new byte[] {10, 0, 0, (byte) (i + 1)}, settings, "");
            lan.start("n" + i);
        }
        lan.runFor(10_000_000_000L);
        lan.setLossRate(0);
        lan.runFor(3_000_000_000L);
        assertThat(lan.masters()).hasSize(1);
    }
}
