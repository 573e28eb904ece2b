package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.carpd.control.ControlClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults a production pair meets: a link that flaps for a minute, daemons killed and restarted
 * over and over, an interface missing at start or vanishing while running, a state file on a full
 * disk, and a hook that forks a daemon. Each ends with one MASTER, no VIP left behind, and a log
 * line that says what happened.
 */
@Tag("lab")
class FaultLabTest {
    private static final String VIP = "192.0.2.100";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    private void pair() throws Exception {
        lab.config("h1", "vip.conf", vip().advskew(0));
        lab.config("h2", "vip.conf", vip().advskew(100));
    }

    private static VhidFile vip() {
        return VhidFile.carp(1).pass("faults").address(VIP + "/24");
    }

    private boolean holdsVip(String host) {
        try {
            return Lab.run("ip", "-n", lab.ns(host), "-o", "addr", "show", "dev", "eth0").contains(VIP + "/");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aMinuteOfLinkFlapsEndsWithOneMasterAndNoLeakedVip() throws Exception {
        pair();
        lab.start("h1");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean down = false;
        while (System.nanoTime() < end) {
            down = !down;
            lab.inNs("h1", "ip", "link", "set", "eth0", down ? "down" : "up");
            Thread.sleep(200);
        }
        if (down) {
            lab.inNs("h1", "ip", "link", "set", "eth0", "up");
        }
        lab.inNs("h1", "ip", "addr", "replace", "192.0.2.1/24", "dev", "eth0"); // a down link may drop it
        CarpdLab.await(Duration.ofSeconds(15), () -> List.of(lab.state("h1"), lab.state("h2")).stream()
                .filter("MASTER"::equals).count() == 1 && !lab.state("h1").equals("INIT"), "one MASTER again");
        Thread.sleep(4000); // settled: no second master appears
        String master = lab.state("h1").equals("MASTER") ? "h1" : "h2";
        String backup = master.equals("h1") ? "h2" : "h1";
        assertThat(lab.state(backup)).isEqualTo("BACKUP");
        assertThat(holdsVip(master)).as("VIP on the master").isTrue();
        assertThat(holdsVip(backup)).as("VIP leaked on the backup").isFalse();
        assertThat(lab.log("h1")).contains("hardware interface down");
        assertThat(lab.status("h1").demotion()).as("every ifdown demotion undone").isZero();
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);
    }

    @Test
    void killingAndRestartingEitherNodeNeverLeavesTheVipOnTwoHostsForAMasterDownInterval() throws Exception {
        pair();
        Process[] daemons = {lab.start("h1"), lab.start("h2")};
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong bothSinceNs = new AtomicLong(-1);
        AtomicLong longestBothNs = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                boolean both = holdsVip("h1") && holdsVip("h2");
                long now = System.nanoTime();
                if (both) {
                    bothSinceNs.compareAndSet(-1, now);
                    longestBothNs.accumulateAndGet(now - bothSinceNs.get(), Math::max);
                } else {
                    bothSinceNs.set(-1);
                }
            }
        });
        sampler.start();
        try {
            for (int round = 0; round < 6; round++) {
                String victim = lab.state("h1").equals("MASTER") ? "h1" : "h2";
                int index = victim.equals("h1") ? 0 : 1;
                lab.kill9(victim);
                daemons[index].waitFor();
                daemons[index] = lab.start(victim); // restarted at once, as systemd or daemon(8) -r would
                String other = victim.equals("h1") ? "h2" : "h1";
                CarpdLab.await(Duration.ofSeconds(10), () -> lab.state(other).equals("MASTER"), other + " MASTER");
                Thread.sleep(1000);
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(longestBothNs.get() / 1e9).as("longest time with the VIP on both hosts, s")
                .isLessThan(3 + 100 / 256.0);
        assertThat(lab.log("h1") + lab.log("h2")).contains("left by an earlier run");
    }

    @Test
    void aVipDoesNotOutliveADaemonKilledWithSigkill() throws Exception {
        pair();
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        Thread.sleep(6000); // several renewals: a renewed VIP outlives its first lifetime
        assertThat(holdsVip("h1")).isTrue();
        assertThat(lab.inNs("h1", "ip", "-o", "addr", "show", "dev", "eth0")).containsPattern(
                java.util.regex.Pattern.quote(VIP) + "/24 .*valid_lft [1-4]sec");
        lab.kill9("h1");
        long killed = System.nanoTime();
        CarpdLab.await(Duration.ofSeconds(8), () -> !holdsVip("h1"), "the kernel removing the VIP of a dead carpd");
        double gone = (System.nanoTime() - killed) / 1e9;
        // lifetime 4 s (3 x advbase + 1 s), renewed at most 1.33 s before the kill, and the kernel's
        // one-second granularity
        assertThat(gone).as("seconds from kill -9 to the VIP gone").isLessThan(5.5);
    }

    @Test
    void aMissingInterfaceWaitsInInitAndAVanishingOneGoesInitAndComesBack() throws Exception {
        lab.config("h1", "lan.conf", vip());
        lab.config("h1", "dmz.conf", VhidFile.carp(2).on("dmz0").pass("faults").address("198.51.100.1/24"));
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.status("h1").state("eth0", 1).equals("MASTER"), "vhid 1 MASTER");
        assertThat(lab.status("h1").state("dmz0", 2)).isEqualTo("INIT");
        assertThat(lab.log("h1")).contains("dmz0: no such interface: its vhids stay INIT until it appears");
        // carp_attach -> carp_sc_state: a vhid created on a missing interface demotes the host at once
        assertThat(lab.status("h1").demotion()).isEqualTo(240);
        assertThat(lab.log("h1")).contains("carp: demoted by 240 to 240 (interface down)");

        createDmz();
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1", 2).equals("MASTER"), "vhid 2 MASTER once dmz0 exists");
        assertThat(lab.log("h1")).contains("dmz0: the interface is there", "carp: demoted by -240 to 0 (interface up)");

        lab.inNs("h1", "ip", "link", "del", "dmz0");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1", 2).equals("INIT"), "vhid 2 INIT once dmz0 is gone");
        assertThat(lab.log("h1")).contains("dmz0: the interface disappeared");
        createDmz();
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1", 2).equals("MASTER"), "vhid 2 MASTER on the re-created dmz0");
        assertThat(lab.inNs("h1", "ip", "-o", "addr", "show", "dev", "dmz0")).contains("198.51.100.1/24");
        assertThat(lab.status("h1").state("eth0", 1)).isEqualTo("MASTER");
    }

    /** A second interface on h1: one end of a veth pair whose other end is up, so it has a carrier. */
    private void createDmz() throws Exception {
        lab.inNs("h1", "ip", "link", "add", "dmz0", "type", "veth", "peer", "name", "dmz0p");
        lab.inNs("h1", "ip", "addr", "add", "198.51.100.2/24", "dev", "dmz0");
        lab.inNs("h1", "ip", "link", "set", "dmz0p", "up");
        lab.inNs("h1", "ip", "link", "set", "dmz0", "up");
    }

    @Test
    void aFullDiskRefusesMaintenanceWithAClearErrorAndTheVhidKeepsWorking() throws Exception {
        pair();
        Path disk = Files.createDirectories(lab.workDir().resolve("tiny"));
        Lab.run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString());
        try {
            Lab.run("sh", "-c", "dd if=/dev/zero of=" + disk.resolve("fill") + " bs=4k count=16 2>/dev/null; true");
            lab.start("h1", "--state-file", disk.resolve("state").toString());
            CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
            String reply = ControlClient.request(lab.socket("h1"), "maintenance on");
            assertThat(reply).startsWith("error: cannot write the state file").contains("No space left on device",
                    "nothing changed");
            assertThat(lab.log("h1")).contains("maintenance on refused: cannot write the state file");
            assertThat(lab.status("h1").maintenance()).isFalse();
            assertThat(lab.status("h1").demotion()).isZero();
            assertThat(lab.state("h1")).isEqualTo("MASTER");
        } finally {
            lab.close();
            Lab.run("umount", disk.toString());
        }
    }

    @Test
    void startedWithSighupAndSigintIgnoredItStillReloadsAndStopsOnThem() throws Exception {
        lab.config("h1", "vip.conf", vip());
        // as under nohup (HUP) or from a script's background job (INT): both ignored from the start
        String command = String.join(" ", CarpdJar.command("run", "-c", lab.dir("h1").toString(), "--control-socket",
                lab.socket("h1").toString(), "--pidfile", lab.dir("h1").resolve("pid").toString(), "--state-file",
                lab.dir("h1").resolve("state").toString()));
        Process daemon = lab.spawn("h1", "h1.log", "sh", "-c", "trap '' HUP INT; exec " + command);
        lab.awaitAnswering("h1");
        lab.config("h1", "more.conf", VhidFile.carp(2).pass("faults").address("192.0.2.120/24"));
        Lab.run("kill", "-HUP", Long.toString(lab.pid("h1")));
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.status("h1").find(2).isPresent(), "vhid 2 after SIGHUP");
        assertThat(lab.log("h1")).contains("reloaded: 1 added", "was ignored by whoever started carpd");
        Lab.run("kill", "-INT", Long.toString(lab.pid("h1")));
        assertThat(daemon.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("stopped by SIGINT").isTrue();
        assertThat(lab.log("h1")).contains("SIGINT received: stopping", "carpd stopped");
    }

    @Test
    void aHookThatForksADaemonIsDoneWhenTheHookExits() throws Exception {
        Path hook = lab.dir("h1").resolve("up.sh");
        Files.createDirectories(hook.getParent());
        Path pidfile = lab.workDir().resolve("forked.pid");
        Files.writeString(hook, "#!/bin/sh\n# starts a service that stays in the background, holding our stdout\n"
                + "(setsid sh -c 'echo $$ > " + pidfile + "; exec sleep 300' &)\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        lab.config("h1", "vip.conf", vip().set("up-script", hook).set("hook-timeout", "20s"));
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        CarpdLab.await(Duration.ofSeconds(3), () -> {
            try {
                return lab.log("h1").contains("up-script " + hook + " eth0 " + VIP + ": exit status 0");
            } catch (Exception e) {
                return false;
            }
        }, "the up-script reported done at once");
        assertThat(lab.log("h1")).doesNotContain("timed out after");
        // The background child writes its pid on its own schedule: the hook may be done first.
        CarpdLab.await(Duration.ofSeconds(10), () -> {
            try {
                return !Files.readString(pidfile).isBlank();
            } catch (java.io.IOException notYet) {
                return false;
            }
        },
                "the forked daemon's pidfile");
        long forked = Long.parseLong(Files.readString(pidfile).trim());
        assertThat(ProcessHandle.of(forked).map(ProcessHandle::isAlive)).contains(true); // carpd leaves it running
        Lab.run("kill", Long.toString(forked));
    }
}
