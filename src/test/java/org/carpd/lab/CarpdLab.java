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

/**
 * carpd processes on a {@link Lab} LAN: writes each host's configuration directory, starts
 * {@code carpd run} from the packaged jar in the host's namespace with its own control socket and
 * pidfile, reads its status over the control socket, and captures from a client namespace.
 */
final class CarpdLab implements AutoCloseable {
    final Lab lab;
    private final List<Process> captures = new ArrayList<>();

    CarpdLab(String... hosts) throws IOException {
        lab = Lab.create();
        for (int i = 0; i < hosts.length; i++) {
            lab.addHost(hosts[i], i + 1);
        }
    }

    Path dir(String host) {
        return lab.dir().resolve(host);
    }

    /** Writes {@code name} into the host's configuration directory. */
    void config(String host, String name, String text) throws IOException {
        Files.createDirectories(dir(host));
        Files.writeString(dir(host).resolve(name), text);
    }

    /** Starts carpd on a host (appending to its log) and waits until its control socket answers. */
    Process start(String host, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "-c", dir(host).toString(), "--control-socket",
                socket(host).toString(), "--pidfile", dir(host).resolve("pid").toString()));
        if (!List.of(extra).contains("--state-file")) {
            args.addAll(List.of("--state-file", dir(host).resolve("state").toString()));
        }
        args.addAll(List.of(extra));
        Process process = lab.spawn(host, host + ".log", CarpdJar.command(args.toArray(String[]::new)));
        await(Duration.ofSeconds(20), () -> status(host).contains("\"vhids\""), host + " carpd answering");
        return process;
    }

    Path socket(String host) {
        return dir(host).resolve("carpd.sock");
    }

    /** The JSON status, or "" when the daemon does not answer. */
    String status(String host) {
        try {
            return ControlClient.request(socket(host), "status json");
        } catch (IOException e) {
            return "";
        }
    }

    String state(String host) {
        Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(status(host));
        return m.find() ? m.group(1) : "DOWN";
    }

    String log(String host) throws IOException {
        return lab.log(host + ".log");
    }

    long pid(String host) throws IOException {
        return Long.parseLong(Files.readString(dir(host).resolve("pid")).trim());
    }

    void kill9Process(Process process) throws IOException {
        Lab.run("kill", "-9", Long.toString(process.pid()));
    }

    /** Runs a keepalived (VRRP only) in a host namespace with its own pidfiles under the lab directory. */
    Process keepalived(String host, String config) throws IOException {
        Path file = lab.dir().resolve(host + "-keepalived.conf");
        Files.writeString(file, config);
        Files.deleteIfExists(lab.dir().resolve(host + "-keepalived-vrrp.pid"));
        return lab.spawn(host, host + "-keepalived.log", "keepalived", "--dont-fork", "--log-console", "--log-detail",
                "--vrrp", "-f", file.toString(), "-p", lab.dir().resolve(host + "-keepalived.pid").toString(),
                "-r", lab.dir().resolve(host + "-keepalived-vrrp.pid").toString());
    }

    /** The pid of keepalived's VRRP child (the process that sends adverts), once it runs. */
    long keepalivedVrrpPid(String host) throws IOException {
        Path file = lab.dir().resolve(host + "-keepalived-vrrp.pid");
        await(Duration.ofSeconds(10), () -> Files.exists(file), "keepalived VRRP child on " + host);
        return Long.parseLong(Files.readString(file).trim());
    }

    String keepalivedLog(String host) {
        try {
            return lab.log(host + "-keepalived.log");
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
        Matcher m = Pattern.compile("inet6? (\\S+)").matcher(lab.inNs(host, "ip", "-o", "addr", "show", "dev", "eth0"));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    String mac(String host) throws IOException {
        Matcher m = Pattern.compile("link/ether (\\S+)").matcher(lab.inNs(host, "ip", "-o", "link", "show", "eth0"));
        if (!m.find()) {
            throw new IOException("no MAC on " + host);
        }
        return m.group(1);
    }

    /** Starts tcpdump in a host namespace writing to a file; stopped by {@link #stopCaptures}. */
    Path capture(String host, String name, String filter) throws IOException, InterruptedException {
        Path file = lab.dir().resolve(name);
        captures.add(lab.spawn(host, name + ".log", "tcpdump", "-U", "--immediate-mode", "-q", "-i", "eth0", "-w", file.toString(), filter));
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

    @Override
    public void close() {
        lab.close();
    }
}
