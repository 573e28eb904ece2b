package org.carpd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * packaging/freebsd/files/carpd.in, run by /bin/sh under a model of FreeBSD's rc.subr
 * (src/test/resources/freebsd/rc.subr, written from libexec/rc/rc.subr: run_rc_command,
 * check_pidfile, _find_processes, wait_for_pids, the ${name}_program/_flags/_env handling) with
 * a stand-in for daemon(8) (src/test/resources/freebsd/daemon, written from
 * usr.sbin/daemon/daemon.c: its options, pidfiles, supervision, restart delay, syslog of the
 * child's output, SIGTERM and SIGHUP) and a stand-in for the JVM that records its arguments and
 * the signals it gets. Each test runs under both daemon.c designs FreeBSD has shipped: "signal"
 * (the supervisor leaves at once on SIGTERM, and dies of SIGHUP) and "kqueue" (the current one:
 * it waits for the child on SIGTERM, and swallows SIGHUP).
 *
 * <p>Proves: the exact command lines rc.subr runs for start and stop; that carpd_flags (and
 * $flags) reach {@code carpd run} and nothing of them reaches daemon(8); that status and stop
 * find the supervisor through its pidfile and title; that reload sends one SIGHUP to the JVM
 * only (a SIGHUP to the supervisor would kill it or be swallowed) and refuses on an
 * invalid configuration; that configtest names the file and line; that stop and restart wait
 * for the JVM's graceful stop; that a carpd failing at start is restarted after the delay, not
 * in a loop; that the JVM's stderr reaches syslog.
 *
 * <p>Cannot prove: anything the model leaves out or gets wrong about the real rc.subr and
 * daemon(8) (the model is as faithful as its reading of them; a newer daemon(8) that waits for
 * its child on SIGTERM changes nothing the script relies on), FreeBSD's sh, the real limits(1)
 * and login classes, syslogd's routing to /var/log/messages, or the JVM's own start-up on
 * FreeBSD. The script is run with every absolute path under a temporary root (/etc/rc.subr,
 * /usr/sbin/daemon, /usr/local, /var/run), its only change.
 */
class RcScriptTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path root;
    private Path script;
    private Path carpdLog;
    private Path syslog;
    private Path configDir;

    @BeforeEach
    void installTheModel() throws IOException {
        Path bin = Files.createDirectories(root.resolve("model-bin"));
        for (String tool : List.of("ps", "limits", "pwait")) {
            install("freebsd/bin/" + tool, bin.resolve(tool));
        }
        install("freebsd/rc.subr", Files.createDirectories(root.resolve("etc")).resolve("rc.subr"));
        install("freebsd/daemon", Files.createDirectories(root.resolve("usr/sbin")).resolve("daemon"));
        install("freebsd/carpd-standin", Files.createDirectories(root.resolve("usr/local/sbin")).resolve("carpd"));
        Files.createDirectories(root.resolve("var/run"));
        Files.createDirectories(root.resolve("var/log"));
        carpdLog = root.resolve("var/log/carpd-standin.log");
        syslog = root.resolve("var/log/messages");
        configDir = Files.createDirectories(root.resolve("usr/local/etc/carpd"));
        writePrivate(configDir.resolve("lan.conf"), Files.readString(Path.of("conf/router-lan.conf")));
        Files.writeString(root.resolve("etc/rc.conf"), String.join("\n",
                "carpd_enable=YES",
                "carpd_flags=\"--log-level debug\"",
                "carpd_java_opts=\"-Xmx48m -XX:+UseSerialGC\"",
                "carpd_restart_delay=1",
                "rc_debug=YES", ""));

        String source = Files.readString(Path.of("packaging/freebsd/files/carpd.in"));
        String rooted = source.replace("%%PREFIX%%", root + "/usr/local")
                .replace(". /etc/rc.subr", ". " + root + "/etc/rc.subr")
                .replace("\"/usr/sbin/daemon\"", "\"" + root + "/usr/sbin/daemon\"")
                .replace("\"/var/run/", "\"" + root + "/var/run/");
        assertThat(rooted).doesNotContain("%%", "\"/var/run", "\"/usr/sbin/daemon\"", ". /etc/");
        script = root.resolve("etc/rc.d/carpd");
        Files.createDirectories(script.getParent());
        Files.writeString(script, rooted);
    }

    @AfterEach
    void stopWhateverRuns() throws Exception {
        for (Path pidfile : List.of(root.resolve("var/run/carpd.pid"), root.resolve("var/run/carpd.child.pid"))) {
            if (Files.exists(pidfile)) {
                String pid = Files.readString(pidfile).trim();
                new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
            }
        }
    }

    private String variant;

    @ParameterizedTest(name = "daemon(8) {0}")
    @ValueSource(strings = {"signal", "kqueue"})
    void startStatusReloadConfigtestRestartAndStopDriveDaemonAndTheJvm(String daemonVariant) throws Exception {
        variant = daemonVariant;
        Result notYet = rc("status");
        assertThat(notYet.exit).isEqualTo(1);
        assertThat(notYet.out).isEqualTo("carpd is not running.\n");

        Result started = rc("start");
        assertThat(started.exit).as(started.toString()).isZero();
        assertThat(started.out).contains("Checking carpd configuration in " + configDir + ".", "Starting carpd.");
        // the command line rc.subr evaluates (its words; rc.subr pads with spaces where a part is empty)
        assertThat(doit(started)).containsExactly(
                "limits -C daemon env CARPD_JAVA_OPTS=\"-Xmx48m -XX:+UseSerialGC\" " + root + "/usr/sbin/daemon"
                        + " -P " + root + "/var/run/carpd.pid -p " + root + "/var/run/carpd.child.pid -R 1 -S -T carpd"
                        + " -t carpd " + root + "/usr/local/sbin/carpd run -c " + configDir + " --syslog --log-level debug");

        String jvm = awaitJvm(1);
        String supervisor = read("var/run/carpd.pid");
        assertThat(read("var/run/carpd.child.pid")).isEqualTo(jvm);
        assertThat(ps(jvm, "ppid")).isEqualTo(supervisor);
        await(() -> ps(supervisor, "command").equals("daemon: carpd[" + jvm + "] (daemon)"));
        // what the JVM was given: carpd's flags after "run", none among daemon(8)'s options
        assertThat(log()).contains(jvm + " argv run -c " + configDir + " --syslog --log-level debug",
                jvm + " env CARPD_JAVA_OPTS=-Xmx48m -XX:+UseSerialGC JAVA_HOME=unset");
        await(() -> exists(syslog) && slurp(syslog).contains("daemon.notice carpd[" + supervisor + "]: carpd: stand-in JVM started"));

        Result status = rc("status");
        assertThat(status.exit).isZero();
        assertThat(status.out).isEqualTo("carpd is running as pid " + supervisor + ".\n"
                + "carpd JVM is pid " + jvm + "; carpd status shows its vhids.\n");

        Result again = rc("start");
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.err).contains("carpd already running?  (pid=" + supervisor + ").");

        Result reload = rc("reload");
        assertThat(reload.exit).as(reload.toString()).isZero();
        assertThat(reload.out).contains("Checking carpd configuration in " + configDir + ".", "Reloading carpd (pid " + jvm + ").");
        await(() -> log().contains(jvm + " HUP"));
        assertThat(ps(supervisor, "pid")).as("the supervisor survives a reload").isEqualTo(supervisor);
        assertThat(signals(jvm)).containsExactly("HUP");

        writePrivate(configDir.resolve("wan.conf"), "interface = igb0\nvhid = 1\npass = x\naddress = 203.0.113.1/33\n");
        Result configtest = rc("configtest");
        assertThat(configtest.exit).isNotZero();
        assertThat(configtest.err).contains(configDir.resolve("wan.conf") + ":4: prefix length /33 is too long");
        Result refused = rc("reload");
        assertThat(refused.exit).isNotZero();
        assertThat(refused.out).doesNotContain("Reloading");
        assertThat(signals(jvm)).as("no HUP on an invalid configuration").containsExactly("HUP");
        Files.delete(configDir.resolve("wan.conf"));

        Result restarted = rc("restart");
        assertThat(restarted.exit).as(restarted.toString()).isZero();
        // (whether "Waiting for PIDS" shows depends on timing; the log's order below is the proof)
        assertThat(restarted.out).contains("Stopping carpd.", "Starting carpd.");
        assertThat(doit(restarted)).first().isEqualTo("kill -TERM " + supervisor);
        String second = awaitJvm(2);
        List<String> lines = log().lines().toList();
        assertThat(lines.indexOf(jvm + " stopped")).as("the old JVM finished its stop before the new one started")
                .isNotNegative().isLessThan(lines.indexOf(second + " argv run -c " + configDir
                        + " --syslog --log-level debug"));
        assertThat(signals(jvm)).containsExactly("HUP", "TERM");

        String newSupervisor = read("var/run/carpd.pid");
        Result stopped = rc("stop");
        assertThat(stopped.exit).as(stopped.toString()).isZero();
        assertThat(stopped.out).startsWith("Stopping carpd.\n");
        assertThat(doit(stopped)).containsExactly("kill -TERM " + newSupervisor);
        assertThat(log()).as("stop returns after the JVM's graceful stop").contains(second + " stopped");
        assertThat(alive(second)).isFalse();
        assertThat(alive(newSupervisor)).isFalse();
        assertThat(root.resolve("var/run/carpd.pid")).doesNotExist();
        assertThat(root.resolve("var/run/carpd.child.pid")).doesNotExist();

        Result notRunning = rc("stop");
        assertThat(notRunning.exit).isEqualTo(1);
        assertThat(notRunning.err).contains("carpd not running? (check " + root + "/var/run/carpd.pid).");
    }

    @ParameterizedTest(name = "daemon(8) {0}")
    @ValueSource(strings = {"signal", "kqueue"})
    void flagsFromTheEnvironmentAlsoGoToCarpdAndAFailingCarpdIsRestartedAfterTheDelay(String daemonVariant)
            throws Exception {
        variant = daemonVariant;
        Files.writeString(Path.of(carpdLog + ".fail"), "");
        // $flags overrides carpd_flags, as rc.subr does; an old rc.conf's "--syslog" is not doubled
        Result started = rc(Map.of("flags", "--log-level warn --syslog"), "start");
        assertThat(started.exit).as(started.toString()).isZero();
        assertThat(doit(started).get(0)).endsWith(" run -c " + configDir + " --log-level warn --syslog");
        await(() -> log().lines().filter(l -> l.endsWith(" exit 1")).count() >= 2);
        long failures = log().lines().filter(l -> l.endsWith(" exit 1")).count();
        Thread.sleep(2000);
        // With a 1 s delay at most a few more in 2 s; without one, hundreds (a bound, not a speed).
        assertThat(log().lines().filter(l -> l.endsWith(" exit 1")).count() - failures).isLessThanOrEqualTo(3);
        await(() -> exists(syslog) && slurp(syslog).contains("carpd: cannot start (stand-in told to fail)"));

        Files.delete(Path.of(carpdLog + ".fail"));
        await(() -> log().lines().anyMatch(l -> l.endsWith(" started")));
        String supervisor = read("var/run/carpd.pid");
        String jvm = log().lines().filter(l -> l.endsWith(" started")).findFirst().orElseThrow().split(" ")[0];

        // Why reload must not use rc.subr's default (sig_reload to ${rc_pid}): daemon(8) never
        // passes SIGHUP on. The "signal" daemon(8) dies of it and leaves carpd unsupervised; the
        // "kqueue" one swallows it.
        new ProcessBuilder("kill", "-HUP", supervisor).start().waitFor();
        if (variant.equals("signal")) {
            await(() -> !alive(supervisor));
            assertThat(alive(jvm)).as("the JVM, orphaned").isTrue();
            Result status = rc("status");
            assertThat(status.exit).isEqualTo(1);
            assertThat(status.out).isEqualTo("carpd is not running.\n");
        } else {
            Thread.sleep(500);
            assertThat(alive(supervisor)).isTrue();
            assertThat(rc("stop").exit).isZero();
        }
        assertThat(signals(jvm)).as("carpd never saw that SIGHUP").doesNotContain("HUP");
    }

    /**
     * rc.subr exports ${name}_env before a *_cmd but not before start's precmd (it only prefixes
     * daemon(8)'s command line there): the configuration check that start runs must still get
     * carpd_java_home and carpd_java_opts, or it runs on another JDK than carpd, or on none.
     */
    @Test
    void theChecksThatStartConfigtestAndReloadRunUseCarpdsJdkAndOptions() throws Exception {
        variant = "kqueue";
        Files.writeString(root.resolve("etc/rc.conf"), "carpd_java_home=\"/opt/jdk-for-carpd\"\n", StandardOpenOption.APPEND);
        String expected = " check env CARPD_JAVA_OPTS=-Xmx48m -XX:+UseSerialGC JAVA_HOME=/opt/jdk-for-carpd";

        Result started = rc("start");
        assertThat(started.exit).as(started.toString()).isZero();
        assertThat(checks()).as("start's check").containsExactly(expected);
        String jvm = awaitJvm(1);
        assertThat(log()).contains(jvm + " env CARPD_JAVA_OPTS=-Xmx48m -XX:+UseSerialGC JAVA_HOME=/opt/jdk-for-carpd");

        assertThat(rc("configtest").exit).isZero();
        assertThat(rc("reload").exit).isZero();
        assertThat(checks()).as("configtest's and reload's checks").containsExactly(expected, expected, expected);
        assertThat(rc("stop").exit).isZero();
    }

    private List<String> checks() {
        return log().lines().filter(l -> l.contains(" check env ")).map(l -> l.substring(l.indexOf(' '))).toList();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private record Result(int exit, String out, String err) {
    }

    private Result rc(String... args) throws Exception {
        return rc(Map.of(), args);
    }

    /**
     * Runs the script as service(8) would; its output goes to files, as daemon(8) keeps them open.
     * With SIGHUP's default action, as init(8) leaves it to /etc/rc: a test run under nohup(1)
     * would pass SIG_IGN on to the daemon(8) stand-in through every exec, and the "signal"
     * design would then survive the SIGHUP it dies of on FreeBSD.
     */
    private Result rc(Map<String, String> extraEnv, String... args) throws Exception {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=HUP", "/bin/sh", script.toString());
        builder.command().addAll(List.of(args));
        Map<String, String> env = builder.environment();
        env.put("RC_MODEL_ROOT", root.toString());
        env.put("RC_MODEL_BIN", root.resolve("model-bin").toString());
        env.put("CARPD_MODEL_LOG", carpdLog.toString());
        env.put("DAEMON_MODEL_SYSLOG", syslog.toString());
        env.put("DAEMON_MODEL_VARIANT", variant);
        env.put("CARPD_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CARPD_TEST_CLASSPATH", System.getProperty("java.class.path"));
        env.remove("JAVA_HOME");
        env.putAll(extraEnv);
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        int exit = builder.start().waitFor();
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    /** The command lines rc.subr evaluated (rc_debug=YES: "run_rc_command: doit: ..."), words joined by one space. */
    private static List<String> doit(Result result) {
        return result.err.lines().filter(l -> l.contains(": DEBUG: run_rc_command: doit: "))
                .map(l -> l.substring(l.indexOf("doit: ") + 6).trim().replaceAll("\\s+", " ")).toList();
    }

    private String awaitJvm(int nth) throws Exception {
        await(() -> log().lines().filter(l -> l.contains(" argv run ")).count() >= nth
                && exists(root.resolve("var/run/carpd.child.pid")));
        List<String> starts = log().lines().filter(l -> l.contains(" argv run ")).toList();
        String jvm = starts.get(nth - 1).split(" ")[0];
        await(() -> read("var/run/carpd.child.pid").equals(jvm));
        return jvm;
    }

    private List<String> signals(String pid) {
        return log().lines().filter(l -> l.startsWith(pid + " ")).map(l -> l.substring(pid.length() + 1))
                .filter(s -> s.equals("HUP") || s.equals("TERM")).toList();
    }

    private String log() {
        return exists(carpdLog) ? slurp(carpdLog) : "";
    }

    private String read(String path) {
        Path file = root.resolve(path);
        return exists(file) ? slurp(file).trim() : "";
    }

    private static String ps(String pid, String field) {
        try {
            Process p = new ProcessBuilder("ps", "-o", field + "=", "-p", pid).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean alive(String pid) {
        return !ps(pid, "pid").isEmpty();
    }

    private static boolean exists(Path file) {
        return Files.exists(file);
    }

    private static String slurp(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", PATIENCE).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void install(String resource, Path target) throws IOException {
        try (var in = RcScriptTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.write(target, in.readAllBytes());
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
