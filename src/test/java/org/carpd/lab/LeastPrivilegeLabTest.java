package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * carpd as the systemd unit runs it: an unprivileged user holding only CAP_NET_RAW and
 * CAP_NET_ADMIN (as ambient capabilities, started through setpriv here since the lab has no
 * systemd), against a root carpd. pcap capture and injection, the rtnetlink address changes, the
 * raw unicast sockets, the control socket and the state file all work with those two capabilities:
 * it takes over (preempting), serves a multicast and a unicast vhid, and gives both back at a
 * graceful stop. Its control socket is open to a group: another local user of that group reads the
 * status and is refused a state change (the peer credentials, checked by the packaged jar).
 */
@Tag("lab")
class LeastPrivilegeLabTest {
    private static final String NOBODY = "65534";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    @BeforeEach
    void lan() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) not installed");
    }

    private void configure(String host, int advskew, String peer) throws Exception {
        lab.config(host, "web.conf", VhidFile.carp(1).advskew(advskew).pass("\"MyS3cur3 P@ss#1\"")
                .address("192.0.2.100/24").preempt(true));
        lab.config(host, "cloud.conf", VhidFile.carp(2).advskew(advskew).set("passfile", "cloud.pass")
                .address("192.0.2.200/24").peer(peer).preempt(true));
        lab.config(host, "cloud.pass", "unicast-secret\n");
        Files.setPosixFilePermissions(lab.dir(host).resolve("cloud.pass"), PosixFilePermissions.fromString("rw-------"));
    }

    /** Hands h1's directory to nobody, as the unit's carpd user owns its files, and starts carpd as nobody. */
    private Process startUnprivileged(String host) throws Exception {
        Files.setPosixFilePermissions(lab.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
        try (Stream<Path> files = Files.walk(lab.dir(host))) {
            for (Path file : files.toList()) {
                Files.setAttribute(file, "unix:uid", 65534);
                Files.setAttribute(file, "unix:gid", 65534);
            }
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--inh-caps=-all,+net_raw,+net_admin", "--ambient-caps=-all,+net_raw,+net_admin",
                "--bounding-set=-all,+net_raw,+net_admin", "--no-new-privs"));
        command.addAll(List.of(CarpdJar.command("run", "-c", lab.dir(host).toString(), "--control-socket",
                lab.socket(host).toString(), "--pidfile", lab.dir(host).resolve("pid").toString(), "--state-file",
                lab.dir(host).resolve("state").toString(), "--control-group", "nogroup")));
        Process process = lab.spawn(host, host + ".log", command.toArray(String[]::new));
        lab.awaitAnswering(host);
        return process;
    }

    @Test
    void anUnprivilegedCarpdWithTwoCapabilitiesTakesOverAndGivesBack() throws Exception {
        configure("h1", 0, "192.0.2.2");
        configure("h2", 100, "192.0.2.1");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h2", "MASTER", 1, 2), "h2 MASTER of both vhids");

        startUnprivileged("h1");
        long pid = lab.pid("h1");
        String proc = Files.readString(Path.of("/proc/" + pid + "/status"));
        assertThat(proc).containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$")
                .containsPattern("(?m)^CapEff:\\s+0000000000003000$").containsPattern("(?m)^CapBnd:\\s+0000000000003000$");

        // preempt: h1 hears h2 (pcap), advertises better (pcap injection, unicast raw socket), adds the VIPs (rtnetlink)
        CarpdLab.await(Duration.ofSeconds(15), () -> lab.inState("h1", "MASTER", 1, 2), "h1 MASTER of both vhids");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.inState("h2", "BACKUP", 1, 2), "h2 BACKUP");
        assertThat(lab.addresses("h1")).contains("192.0.2.100/24", "192.0.2.200/24");
        lab.inNs("c", "ping", "-c", "1", "-W", "2", "192.0.2.100");
        assertThat(org.carpd.control.ControlClient.request(lab.socket("h1"), "demote +0")).startsWith("demotion ");
        // a monitoring user of the control group (uid 65533, group nogroup) reads the status, and nothing more
        assertThat(DaemonStatus.parse(asMonitoringUser("status json")).state()).isEqualTo("MASTER");
        assertThat(asMonitoringUser("demote +240")).startsWith("error: permission denied: 'demote' needs root or carpd's user");
        assertThat(lab.status("h1").demotion()).isZero();

        // a graceful stop removes what it added (rtnetlink again) and h2 takes both back
        Lab.run("kill", "-TERM", Long.toString(pid));
        CarpdLab.await(Duration.ofSeconds(15), () -> !addresses("h1").contains("192.0.2.100/24")
                && !addresses("h1").contains("192.0.2.200/24"), "h1's VIPs removed at stop");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h2", "MASTER", 1, 2), "h2 MASTER again");
        String log = lab.log("h1");
        assertThat(log).contains("carp: 1@eth0: BACKUP -> MASTER", "carp: 2@eth0: BACKUP -> MASTER", "carpd stopped")
                .doesNotContain("Operation not permitted", "MyS3cur3", "unicast-secret");
    }

    /** One control request from another local user, in the socket's group, as a Nagios check would send it. */
    private String asMonitoringUser(String request) throws Exception {
        String script = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                + "s.sendall((sys.argv[2]+'\\n').encode()); s.shutdown(socket.SHUT_WR)\n"
                + "out=b''\nwhile True:\n d=s.recv(65536)\n if not d: break\n out+=d\nsys.stdout.write(out.decode())\n";
        Process p = new ProcessBuilder("setpriv", "--reuid=65533", "--regid=65534", "--clear-groups", "/usr/bin/python3",
                "-c", script, lab.socket("h1").toString(), request).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private List<String> addresses(String host) {
        try {
            return lab.addresses(host);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
