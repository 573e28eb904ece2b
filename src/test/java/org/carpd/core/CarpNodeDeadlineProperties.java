package org.carpd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * CarpNode keeps its vhids' deadlines in order so that the engine's per-turn questions do not
 * cost in proportion to the number of vhids. Whatever happens to the vhids (timers, adverts,
 * send failures, demotions, link flaps, health checks, reloads, removals), the ordered deadlines
 * must agree with the machines themselves, and a tick must fire exactly the machines that are due.
 */
class CarpNodeDeadlineProperties {
    private static final long MS = 1_000_000L;

    @Property(tries = 200)
    void theNextDeadlineIsAlwaysTheEarliestOfAnyVhid(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 9) Integer> steps,
                                                    @ForAll @IntRange(min = 1, max = 12) int vhids,
                                                    @ForAll long seed) {
        Random random = new Random(seed);
        CarpNode node = new CarpNode(new Random(seed));
        List<Effect> out = new ArrayList<>();
        long now = 0;
        node.linkChanged("em0", true, now, out);
        for (int v = 1; v <= vhids; v++) {
            node.addVhid(settings(v, random), now, out);
        }
        for (int step : steps) {
            VhidKey key = new VhidKey("em0", 1 + random.nextInt(vhids));
            switch (step) {
                case 0, 1, 2 -> { // time passes to the next deadline (or a little less)
                    long next = node.nextDeadlineNs();
                    now = next == Long.MAX_VALUE ? now + 1000 * MS : Math.max(now, next - random.nextInt(2) * MS);
                    List<VhidKey> due = dueNow(node, now);
                    out.clear();
                    node.tick(now, out);
                    for (VhidKey k : due) {
                        VhidMachine m = node.machine(k);
                        assertThat(m == null || m.nextDeadlineNs() > now).as("%s fired", k).isTrue();
                    }
                }
                case 3 -> node.advertReceived(key, new PeerAdvert(Family.INET, new byte[] {10, 0, 0, 9},
                        1 + random.nextInt(3), random.nextInt(255), 0, random.nextLong()), now, out);
                case 4 -> node.sendResult(key, random.nextBoolean(), now, out);
                case 5 -> node.adjustDemotion(random.nextBoolean() ? 240 : -240, "test", now, out);
                case 6 -> node.linkChanged("em0", random.nextBoolean(), now, out);
                case 7 -> node.checkDemotion(key, random.nextInt(3) * 50, now, out);
                case 8 -> {
                    if (node.machine(key) != null) {
                        node.reconfigure(settings(key.vhid(), random), now, out);
                    }
                }
                default -> {
                    if (node.machine(key) != null) {
                        node.removeVhid(key, now, out);
                    } else {
                        node.addVhid(settings(key.vhid(), random), now, out);
                    }
                }
            }
            out.clear();
            long earliest = Long.MAX_VALUE;
            for (VhidMachine m : node.machines()) {
                earliest = Math.min(earliest, m.nextDeadlineNs());
            }
            assertThat(node.nextDeadlineNs()).isEqualTo(earliest);
        }
    }

    private static List<VhidKey> dueNow(CarpNode node, long now) {
        List<VhidKey> due = new ArrayList<>();
        for (VhidMachine m : node.machines()) {
            if (m.nextDeadlineNs() <= now) {
                due.add(m.key());
            }
        }
        return due;
    }

    private static VhidSettings settings(int vhid, Random random) {
        return VhidSettings.carp(new VhidKey("em0", vhid), 1 + random.nextInt(3), random.nextInt(255),
                random.nextBoolean(), List.of(IpPrefix.parse("192.0.2." + vhid + "/24")));
    }
}
