package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution tarball, the launcher, the man page, the rc.d script and the systemd unit, as shipped. */
@Tag("lab")
class PackagingLabTest {
    @TempDir
    static Path work;
    private static Path prefix;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tarball = files.filter(p -> p.getFileName().toString().matches("carpd-.*-dist\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution tarball in target/: run mvn package"));
        }
        Lab.run("tar", "xzf", tarball.toString(), "-C", work.toString());
        try (Stream<Path> dirs = Files.list(work)) {
            prefix = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    @Test
    void theTarballHasThePrefixLayoutAndTheLauncherRuns() throws Exception {
        for (String path : List.of("sbin/carpd", "share/carpd/carpd.jar", "man/man8/carpd.8", "etc/rc.d/carpd",
                "etc/carpd/web.conf.sample", "etc/carpd/db.conf.sample", "etc/carpd/router-wan.conf.sample",
                "etc/carpd/router-lan.conf.sample", "etc/carpd/promote-pg.sh.sample",
                "etc/carpd/gateway-vrrp.conf.sample", "etc/carpd/cloud-unicast.conf.sample")) {
            assertThat(prefix.resolve(path)).as(path).isRegularFile();
        }
        assertThat(Files.isExecutable(prefix.resolve("sbin/carpd"))).isTrue();
        assertThat(run(prefix, prefix.resolve("sbin/carpd").toString(), "version")).startsWith("carpd ");
        assertThat(Files.readString(prefix.resolve("etc/rc.d/carpd"))).doesNotContain("%%").contains("/usr/local/sbin/carpd");
    }

    @Test
    void samplesHoldingPasswordsArePrivate() throws Exception {
        try (Stream<Path> samples = Files.list(prefix.resolve("etc/carpd"))) {
            for (Path sample : samples.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sample))).as(sample.toString())
                        .matches("rw[-x]------");
            }
        }
    }

    @Test
    void everyShippedExampleIsValidForCarpdCheck() throws Exception {
        for (String example : List.of("web", "db", "router-wan", "router-lan", "gateway-vrrp", "cloud-unicast")) {
            Path dir = Files.createDirectories(work.resolve("check-" + example));
            Files.copy(prefix.resolve("etc/carpd/" + example + ".conf.sample"), dir.resolve(example + ".conf"));
            Path hook = dir.resolve("promote-pg.sh");
            Files.copy(prefix.resolve("etc/carpd/promote-pg.sh.sample"), hook);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(run(dir, prefix.resolve("sbin/carpd").toString(), "check", "-c", dir.toString()))
                    .as(example).contains("configuration OK: 1 vhid");
        }
    }

    @Test
    void theManPageHasTheCommandsAndTheHandWrittenSections() throws Exception {
        String page = Files.readString(prefix.resolve("man/man8/carpd.8"));
        assertThat(page).startsWith(".\\\" Generated").contains(".TH CARPD 8", ".SH SYNOPSIS", ".SH COMMANDS",
                ".SS carpd run", ".SS carpd check", ".SS carpd status", ".SS carpd reload", ".SS carpd demote",
                ".SS carpd maintenance", ".SS carpd events", ".SS carpd sniff", ".SH CONFIGURATION", ".SH FILES",
                ".SH SIGNALS", ".SH EXIT STATUS", ".SH EXAMPLES", "\\-\\-control\\-socket");
    }

    @Test
    void everyShellScriptPassesShAndShellcheck() throws Exception {
        List<String> scripts = new ArrayList<>(List.of("packaging/carpd", "packaging/freebsd/files/carpd.in",
                "conf/promote-pg.sh", ".ci/run"));
        try (Stream<Path> lab = Files.list(Path.of("src/lab"))) {
            lab.filter(p -> p.toString().endsWith(".sh")).forEach(p -> scripts.add(p.toString()));
        }
        for (String script : scripts) {
            run(Path.of("."), "sh", "-n", script);
            run(Path.of("."), "shellcheck", "-x", "-s", "sh", script);
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void theSystemdUnitVerifies() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
        // Verified as installed: the unit's /usr/sbin/carpd stands in the unpacked prefix here.
        String unit = Files.readString(Path.of("packaging/linux/carpd.service"))
                .replace("/usr/sbin/carpd", prefix.resolve("sbin/carpd").toString());
        assertThat(unit).contains("ExecReload=/bin/kill -HUP $MAINPID", "ExecStartPre=", " check -c /etc/carpd",
                "Restart=on-failure", "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN");
        Path copy = work.resolve("carpd.service");
        Files.writeString(copy, unit);
        ProcessBuilder verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true);
        verify.environment().put("MANPATH", prefix.resolve("man").toString());
        Process process = verify.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
    }

    /**
     * The rc.d script under a stub of rc.subr's interface: the stub only records what the script
     * hands to run_rc_command and calls its start_precmd, reload and configtest functions. This
     * proves the script's arguments and its refusal to start on an invalid configuration; it does
     * not prove rc.subr's own behaviour (pidfile checks, daemon(8)), which needs a FreeBSD host.
     */
    @Test
    void theRcScriptPassesItsArgumentsAndRefusesAnInvalidConfiguration() throws Exception {
        Path stub = work.resolve("rc.subr");
        Files.writeString(stub, String.join("\n",
                "load_rc_config() { :; }",
                "err() { code=$1; shift; echo \"err: $*\"; exit \"$code\"; }",
                "run_rc_command() {",
                "  case $1 in",
                "  start) $start_precmd || exit $?; echo \"command=$command\"; echo \"args=$command_args\";"
                        + " echo \"pidfile=$pidfile\"; echo \"env=$carpd_env\" ;;",
                "  configtest) $configtest_cmd ;;",
                "  reload) $reload_cmd ;;",
                "  esac",
                "}", ""));
        Path rc = work.resolve("carpd.rc");
        Files.writeString(rc, Files.readString(prefix.resolve("etc/rc.d/carpd"))
                .replace(". /etc/rc.subr", ". " + stub).replace("/usr/local/sbin/carpd", prefix.resolve("sbin/carpd").toString()));
        Path good = Files.createDirectories(work.resolve("rc-good"));
        Files.copy(prefix.resolve("etc/carpd/router-lan.conf.sample"), good.resolve("lan.conf"));
        String started = run(work, "env", "carpd_config_dir=" + good, "carpd_java_opts=-Xmx48m", "sh", rc.toString(), "start");
        assertThat(started).contains("command=/usr/sbin/daemon",
                "args=-r -P /var/run/carpd.pid -p /var/run/carpd.child.pid -t carpd " + prefix.resolve("sbin/carpd")
                        + " run -c " + good + " --syslog",
                "pidfile=/var/run/carpd.pid", "env=CARPD_JAVA_OPTS=\"-Xmx48m\"");

        Path bad = Files.createDirectories(work.resolve("rc-bad"));
        Files.writeString(bad.resolve("lan.conf"), "interface = igb1\nvhid = 2\npass = x\naddress = 192.168.1.1/33\n");
        Process refused = new ProcessBuilder("env", "carpd_config_dir=" + bad, "sh", rc.toString(), "start")
                .redirectErrorStream(true).start();
        String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isEqualTo(78);
        assertThat(out).contains(bad.resolve("lan.conf") + ":4: prefix length /33 is too long",
                "err: invalid configuration in " + bad + "; not starting").doesNotContain("command=");
        Process reload = new ProcessBuilder("env", "carpd_config_dir=" + good, "sh", rc.toString(), "reload")
                .redirectErrorStream(true).start();
        String reloaded = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reload.waitFor()).isEqualTo(1);
        assertThat(reloaded).contains("err: carpd is not running (no /var/run/carpd.child.pid)");
    }

}
