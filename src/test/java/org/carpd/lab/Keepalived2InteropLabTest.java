package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * carpd ({@code protocol = vrrp2}) and Debian's keepalived in its default VRRPv2 mode, one virtual
 * router (VRID 51, one IPv4 VIP, advert_int 1), without and with {@code auth_type PASS}: keepalived
 * takes over from a carpd killed with -9, carpd takes over from a keepalived that stops (its
 * priority-0 advert), and neither side drops the other's adverts: keepalived logs no complaint
 * (auth type or password, interval, address count or list, length, checksum, TTL) and carpd no
 * dropped advert.
 */
@Tag("lab")
class Keepalived2InteropLabTest {
    private static final String VIP = "192.0.2.100";
    /**
     * More than the longest Master_Down_Interval here (priority 50: 3 s + 206/256 s = 3.80 s): a
     * backup that stays BACKUP this long has accepted the master's adverts (with 2.5 s, a changed
     * carpd password went unnoticed until the priority-0 takeover).
     */
    private static final long MASTER_DOWN_MS = 4_500;
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2");

    private void carpd(int priority, String password) throws Exception {
        VhidFile file = VhidFile.vrrp2(51, priority).set("interval", 1).address(VIP + "/24");
        lab.config("h1", "vrrp.conf", password.isEmpty() ? file : file.pass(password));
    }

    /** keepalived.conf(5)'s minimal instance: no vrrp_version, so version 2. */
    private void keepalived(int priority, String password) throws Exception {
        String auth = password.isEmpty() ? "" : """
                    authentication {
                        auth_type PASS
                        auth_pass %s
                    }
                """.formatted(password);
        lab.keepalived("h2", """
                global_defs {
                    router_id h2
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                %s    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, auth, VIP));
    }

    private boolean keepalivedIs(String state, int times) {
        return lab.keepalivedLog("h2").split("Entering " + state + " STATE", -1).length - 1 >= times;
    }

    private String logOf(String host) {
        try {
            return lab.log(host);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @ParameterizedTest(name = "password ''{0}''")
    @ValueSource(strings = {"", "1111"})
    void carpdAndKeepalivedTakeOverFromEachOther(String password) throws Exception {
        // carpd is MASTER; keepalived joins as BACKUP and stays there while carpd's adverts keep coming
        carpd(200, password);
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        keepalived(100, password);
        CarpdLab.await(Duration.ofSeconds(10), () -> keepalivedIs("BACKUP", 1), "keepalived BACKUP");
        Thread.sleep(MASTER_DOWN_MS); // longer than keepalived's Master_Down_Interval: only carpd's adverts keep it BACKUP
        assertThat(keepalivedIs("MASTER", 1)).as("keepalived never MASTER while carpd advertises").isFalse();

        // carpd dies: keepalived takes over (3 s + (256 - 100)/256 s)
        lab.kill9("h1");
        lab.inNs("h1", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        CarpdLab.await(Duration.ofSeconds(8), () -> keepalivedIs("MASTER", 1), "keepalived MASTER");

        // carpd comes back lower, stays BACKUP under keepalived's adverts, and takes over when keepalived stops
        carpd(50, password);
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("BACKUP"), "carpd BACKUP");
        Thread.sleep(MASTER_DOWN_MS); // longer than carpd's Master_Down_Interval: only keepalived's adverts keep it BACKUP
        assertThat(lab.state("h1")).as("carpd stays BACKUP while keepalived advertises").isEqualTo("BACKUP");
        Lab.run("sh", "-c", "kill -TERM $(cat " + lab.workDir().resolve("h2-keepalived.pid") + ")");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        CarpdLab.await(Duration.ofSeconds(2), () -> logOf("h1").contains("BACKUP -> MASTER (master resigned (priority 0))"),
                "carpd took over on keepalived's priority-0 advert");
        CarpdLab.await(Duration.ofSeconds(5), () -> {
            try {
                return lab.addresses("h1").contains(VIP + "/24");
            } catch (Exception e) {
                return false;
            }
        }, "VIP on carpd's host");

        String keepalivedLog = lab.keepalivedLog("h2");
        assertThat(keepalivedLog).contains("Entering MASTER STATE")
                .doesNotContainIgnoringCase("invalid")
                .doesNotContain("mismatch", "bogus", "ip address associated", "auth", "passwd", "checksum",
                        "too short", "ttl");
        assertThat(logOf("h1")).doesNotContain("dropped advert");
    }
}
