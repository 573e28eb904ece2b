package org.carpd.lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.control.ControlClient;
import org.carpd.link.CapturedFrame;
import org.carpd.link.PcapFrameSource;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab tests' JUnit 5 extension: a {@link Lab} LAN of namespaces for each test, with carpd
 * processes on it. Registered on a field, it builds the LAN before the test (and its
 * {@code @BeforeEach} methods) and deletes it, with everything started in it, after:
 * <pre>
 *   &#64;RegisterExtension
 *   final CarpdLab lab = new CarpdLab("h1", "h2", "c");   // hosts 192.0.2.1, .2, .3
 * </pre>
 * On a static field the LAN lives for the whole class instead. It writes each host's
 * configuration directory, starts {@code carpd run} from the packaged jar in the host's namespace
 * with its own control socket and pidfile, reads its status over the control socket, and captures
 * from a client namespace. When a test fails, the tail of each carpd log is printed.
 */
final class CarpdLab implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        AutoCloseable {
    private static final int LOG_LINES_ON_FAILURE = 40;

    private final List<String> hosts;
    private final List<Process> captures = new ArrayList<>();
    private Lab lab;
    private boolean perClass;

    /** A LAN of these hosts, numbered from 1 in this order (192.0.2.N, 2001:db8::N). */
    CarpdLab(String... hosts) {
        this.hosts = List.of(hosts);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            context.getExecutionException().ifPresent(failure -> printLogs(context));
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> printLogs(context));
        close();
    }

    private void open() throws IOException {
        lab = Lab.create();
        try {
            for (int i = 0; i < hosts.size(); i++) {
                lab.addHost(hosts.get(i), i + 1);
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The LAN itself, while a test runs. */
    Lab lan() {
        if (lab == null) {
            throw new IllegalStateException("the lab LAN exists only while a test runs");
        }
        return lab;
    }

    private void printLogs(ExtensionContext context) {
        for (String host : hosts) {
            try {
                List<String> lines = lan().log(host + ".log").lines().toList();
                if (!lines.isEmpty()) {
                    System.err.printf("%s: the last %d lines of carpd's log on %s:%n", context.getDisplayName(),
                            Math.min(lines.size(), LOG_LINES_ON_FAILURE), host);
                    lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size())
                            .forEach(line -> System.err.println("    " + line));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("no log of " + host + ": " + e.getMessage());
            }
        }
    }

    /** Runs a command in a host's namespace and returns its standard output; fails on a non-zero exit. */
    String inNs(String host, String... command) throws IOException {
        return lan().inNs(host, command);
    }

    /** Starts a long-running command in a host's namespace, its output in {@link #output(String) output(logName)}. */
    Process spawn(String host, String logName, String... command) throws IOException {
        return lan().spawn(host, logName, command);
    }

    /** What a process started with {@link #spawn} wrote so far. */
    String output(String logName) throws IOException {
        return lan().log(logName);
    }

    /** The lab's work directory (host configuration directories, captures, logs). */
    Path workDir() {
        return lan().dir();
    }

    /** A host's namespace name. */
    String ns(String host) {
        return lan().ns(host);
    }

    /** A host's configuration directory (also holds its control socket, pidfile and state file). */
    Path dir(String host) {
        return workDir().resolve(host);
    }

    /** Writes {@code name} into the host's configuration directory. */
    void config(String host, String name, String text) throws IOException {
        Files.createDirectories(dir(host));
        Files.writeString(dir(host).resolve(name), text);
    }

    /** Writes a vhid's file into the host's configuration directory. */
    void config(String host, String name, VhidFile file) throws IOException {
        config(host, name, file.text());
    }

    /** Starts carpd on a host (appending to its log) and waits until its control socket answers. */
    Process start(String host, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "-c", dir(host).toString(), "--control-socket",
                socket(host).toString(), "--pidfile", dir(host).resolve("pid").toString()));
        if (!List.of(extra).contains("--state-file")) {
            args.addAll(List.of("--state-file", dir(host).resolve("state").toString()));
        }
        args.addAll(List.of(extra));
        Process process = spawn(host, host + ".log", CarpdJar.command(args.toArray(String[]::new)));
        awaitAnswering(host);
        return process;
    }

    /** Waits until the host's carpd answers on its control socket. */
    void awaitAnswering(String host) {
        await(Duration.ofSeconds(20), () -> status(host).answering(), host + " carpd answering");
    }

    Path socket(String host) {
        return dir(host).resolve("carpd.sock");
    }

    /** The text of {@code status json}, or "" when the daemon does not answer. */
    String statusJson(String host) {
        try {
            return ControlClient.request(socket(host), "status json");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The host's status, read as JSON; {@link DaemonStatus#DOWN} when the daemon does not answer.
     * An answer that is not JSON (an error line) fails the test with the answer.
     */
    DaemonStatus status(String host) {
        String json = statusJson(host);
        if (json.isEmpty()) {
            return DaemonStatus.DOWN;
        }
        try {
            return DaemonStatus.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(host + " answered 'status json' with: " + json.strip(), e);
        }
    }

    /** The state every vhid of the host is in (see {@link DaemonStatus#state()}), or DOWN. */
    String state(String host) {
        return status(host).state();
    }

    /** The state of one vhid of the host: DOWN, ABSENT or its state. */
    String state(String host, int vhid) {
        return status(host).state(vhid);
    }

    /** Whether the host's carpd runs exactly these vhids (in any order), each in {@code state}. */
    boolean inState(String host, String state, Integer... vhids) {
        DaemonStatus status = status(host);
        return status.vhidNumbers().stream().sorted().toList().equals(List.of(vhids).stream().sorted().toList())
                && status.state().equals(state);
    }

    /** What the host's carpd logged so far (every run of it). */
    String log(String host) throws IOException {
        return output(host + ".log");
    }

    long pid(String host) throws IOException {
        return Long.parseLong(Files.readString(dir(host).resolve("pid")).trim());
    }

    void kill9Process(Process process) throws IOException {
        Lab.run("kill", "-9", Long.toString(process.pid()));
    }

    /** Runs a keepalived (VRRP only) in a host namespace with its own pidfiles under the lab directory. */
    Process keepalived(String host, String config) throws IOException {
        Path file = workDir().resolve(host + "-keepalived.conf");
        Files.writeString(file, config);
        Files.deleteIfExists(workDir().resolve(host + "-keepalived-vrrp.pid"));
        return spawn(host, host + "-keepalived.log", "keepalived", "--dont-fork", "--log-console", "--log-detail",
                "--vrrp", "-f", file.toString(), "-p", workDir().resolve(host + "-keepalived.pid").toString(),
                "-r", workDir().resolve(host + "-keepalived-vrrp.pid").toString());
    }

    /** The pid of keepalived's VRRP child (the process that sends adverts), once it runs. */
    long keepalivedVrrpPid(String host) throws IOException {
        Path file = workDir().resolve(host + "-keepalived-vrrp.pid");
        await(Duration.ofSeconds(10), () -> Files.exists(file), "keepalived VRRP child on " + host);
        return Long.parseLong(Files.readString(file).trim());
    }

    String keepalivedLog(String host) {
        try {
            return output(host + "-keepalived.log");
        } catch (IOException e) {
            return "";
        }
    }

    void kill9(String host) throws IOException {
        Lab.run("kill", "-9", Long.toString(pid(host)));
    }

    /** SIGTERM, then wait for the process to exit; returns its exit status. */
    int terminate(String host, Process process) throws Exception {
        Lab.run("kill", "-TERM", Long.toString(pid(host)));
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError(host + " did not stop within 30 s");
        }
        return process.exitValue();
    }

    /** The addresses on a host's eth0, as {@code ip -o addr} prints them (address/len). */
    List<String> addresses(String host) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("inet6? (\\S+)").matcher(inNs(host, "ip", "-o", "addr", "show", "dev", "eth0"));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    String mac(String host) throws IOException {
        Matcher m = Pattern.compile("link/ether (\\S+)").matcher(inNs(host, "ip", "-o", "link", "show", "eth0"));
        if (!m.find()) {
            throw new IOException("no MAC on " + host);
        }
        return m.group(1);
    }

    /** Starts tcpdump in a host namespace writing to a file; stopped by {@link #stopCaptures}. */
    Path capture(String host, String name, String filter) throws IOException, InterruptedException {
        Path file = workDir().resolve(name);
        captures.add(spawn(host, name + ".log", "tcpdump", "-U", "--immediate-mode", "-q", "-i", "eth0", "-w", file.toString(), filter));
        await(Duration.ofSeconds(10), () -> Files.exists(file), "tcpdump started");
        Thread.sleep(300);
        return file;
    }

    void stopCaptures() throws Exception {
        Thread.sleep(300);
        for (Process process : captures) {
            Lab.run("kill", "-INT", Long.toString(process.pid()));
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        captures.clear();
    }

    /**
     * A CARP or VRRPv3 advert seen in a capture: when (seconds, as a double), from whom, to whom,
     * and its settings (CARP: advbase, advskew; VRRPv3: priority, interval).
     */
    record Seen(double time, String source, String destination, int version, int advbase, int advskew,
                int priority, int intervalCs, long counter) {
    }

    static List<Seen> adverts(Path pcap) throws IOException {
        List<Seen> seen = new ArrayList<>();
        AdvertDecoder decoder = new AdvertDecoder(vhid -> null, true);
        DecodedAdvert advert = new DecodedAdvert();
        try (PcapFrameSource frames = PcapFrameSource.openFile(pcap)) {
            CapturedFrame frame;
            while ((frame = frames.next()) != null) {
                decoder.decode(ByteBuffer.wrap(frame.data()), frames.linkType(), advert);
                if (advert.structurallyValid()) {
                    seen.add(new Seen(frame.time().getEpochSecond() + frame.time().getNano() / 1e9,
                            advert.sourceString(), advert.destinationString(), advert.version(), advert.advbase(),
                            advert.advskew(), advert.priority(), advert.intervalCs(), advert.counter()));
                }
            }
        }
        return seen;
    }

    /** The gap between the last advert from {@code from} and the first from {@code to} after it. */
    static double takeoverGap(List<Seen> adverts, String from, String to) {
        double last = Double.NaN;
        for (Seen seen : adverts) {
            if (seen.source.equals(from)) {
                last = seen.time;
            } else if (seen.source.equals(to) && !Double.isNaN(last)) {
                return seen.time - last;
            }
        }
        throw new AssertionError("no takeover from " + from + " to " + to + " in " + adverts);
    }

    /** Gratuitous ARP requests for {@code vip} from {@code mac}, and unsolicited NAs for a v6 VIP, in a capture. */
    static int announcements(Path pcap, String mac, String vip) throws IOException {
        byte[] macBytes = org.carpd.proto.Ethernet.parseMac(mac);
        byte[] vipBytes = IpPrefix.parseAddress(vip);
        int count = 0;
        try (PcapFrameSource frames = PcapFrameSource.openFile(pcap)) {
            CapturedFrame frame;
            while ((frame = frames.next()) != null) {
                ByteBuffer b = ByteBuffer.wrap(frame.data());
                if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(frame.data(), 6, 12), macBytes)) {
                    continue;
                }
                int type = b.getShort(12) & 0xffff;
                if (type == 0x0806 && vipBytes.length == 4 && frame.data().length >= 42
                        && java.util.Arrays.equals(java.util.Arrays.copyOfRange(frame.data(), 28, 32), vipBytes)
                        && java.util.Arrays.equals(java.util.Arrays.copyOfRange(frame.data(), 38, 42), vipBytes)) {
                    count++;
                } else if (type == 0x86dd && vipBytes.length == 16 && frame.data().length >= 78
                        && (frame.data()[20] & 0xff) == 58 && (frame.data()[54] & 0xff) == 136
                        && java.util.Arrays.equals(java.util.Arrays.copyOfRange(frame.data(), 62, 78), vipBytes)) {
                    count++;
                }
            }
        }
        return count;
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    /** Kills what the lab started and deletes its namespaces; closing again does nothing. */
    @Override
    public void close() {
        captures.clear();
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }
}
