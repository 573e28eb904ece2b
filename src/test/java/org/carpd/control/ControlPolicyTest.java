package org.carpd.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlPolicyTest {
    private static final int CARPD = 990;
    private static final PeerCredentials.Peer ROOT = new PeerCredentials.Peer(0, 0);
    private static final PeerCredentials.Peer DAEMON = new PeerCredentials.Peer(CARPD, CARPD);
    private static final PeerCredentials.Peer NAGIOS = new PeerCredentials.Peer(1001, 1001);

    @Test
    void rootAndTheDaemonsUserMayDoEverything() {
        ControlPolicy policy = new ControlPolicy(CARPD, true);
        for (String request : new String[] {"status", "reload", "demote +10", "maintenance on 30", "events"}) {
            assertThat(policy.refusal(ROOT, request)).as(request).isNull();
            assertThat(policy.refusal(DAEMON, request)).as(request).isNull();
        }
    }

    @Test
    void theStatusGroupMayOnlyRead() {
        ControlPolicy policy = new ControlPolicy(CARPD, true);
        assertThat(policy.refusal(NAGIOS, "status")).isNull();
        assertThat(policy.refusal(NAGIOS, "status json")).isNull();
        assertThat(policy.refusal(NAGIOS, "events")).isNotNull();
        assertThat(policy.refusal(NAGIOS, "demote")).isEqualTo(
                "'demote' needs root or carpd's user (uid 1001 may only read the status)");
        assertThat(policy.refusal(NAGIOS, "reload")).isNotNull();
        assertThat(policy.refusal(NAGIOS, "maintenance on")).isNotNull();
        assertThat(policy.refusal(NAGIOS, "  statusx")).isNotNull();
        assertThat(policy.refusal(NAGIOS, "P@ss!")).contains("'this request'").doesNotContain("P@ss");
    }

    @Test
    void withoutAStatusGroupOthersGetNothing() {
        ControlPolicy policy = new ControlPolicy(CARPD, false);
        assertThat(policy.refusal(NAGIOS, "status")).isEqualTo(
                "the control socket answers root and carpd's user only (not uid 1001)");
    }
}
