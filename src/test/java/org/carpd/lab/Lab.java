package org.carpd.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;

/**
 * A throw-away LAN of network namespaces for the lab tests: a bridge in a "switch" namespace,
 * one namespace per host joined to it by a veth pair ({@code eth0} inside the host), addresses
 * from the documentation ranges (192.0.2.0/24, 2001:db8::/64). Traffic stays inside these
 * namespaces. {@link #close} kills what was started and deletes every namespace.
 */
public final class Lab implements AutoCloseable {
    public static final String SUBNET = "192.0.2";
    private static final AtomicInteger LABS = new AtomicInteger();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    private Lab(String prefix, Path dir) {
        this.prefix = prefix;
        this.dir = dir;
    }

    /** A new lab; the test is skipped (not failed) when not running as root. */
    public static Lab create() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new TestAbortedException("lab tests need root for network namespaces");
        }
        String prefix = "cl" + ProcessHandle.current().pid() % 100000 + "x" + LABS.incrementAndGet();
        Lab lab = new Lab(prefix, Files.createTempDirectory("carpd-lab-"));
        lab.run("ip", "netns", "add", lab.ns("sw"));
        lab.namespaces.add(lab.ns("sw"));
        lab.inNs("sw", "ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        lab.inNs("sw", "ip", "link", "set", "br0", "up");
        return lab;
    }

    /** The namespace name of a host in this lab. */
    public String ns(String host) {
        return prefix + host;
    }

    public Path dir() {
        return dir;
    }

    /** Adds a host namespace with {@code eth0} on the bridge, {@code 192.0.2.N/24} and {@code 2001:db8::N/64}. */
    public void addHost(String host, int n) throws IOException {
        String ns = ns(host);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        String peer = bridgePort(host);
        run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", peer, "netns", ns("sw"));
        inNs("sw", "ip", "link", "set", peer, "master", "br0", "up");
        inNs(host, "ip", "link", "set", "lo", "up");
        inNs(host, "sysctl", "-q", "-w", "net.ipv6.conf.eth0.accept_dad=0");
        inNs(host, "ip", "addr", "add", SUBNET + "." + n + "/24", "dev", "eth0");
        inNs(host, "ip", "addr", "add", "2001:db8::" + n + "/64", "dev", "eth0", "nodad");
        inNs(host, "ip", "link", "set", "eth0", "up");
    }

    /** The host's veth end on the bridge (in the {@code sw} namespace). */
    public String bridgePort(String host) {
        String peer = "p" + prefix.substring(2) + host;
        return peer.length() > 15 ? peer.substring(peer.length() - 15) : peer;
    }

    /**
     * The bridge stops forwarding multicast (not broadcast: ARP still works) that {@code host}
     * sends, as many cloud and virtual switches do; undone by {@link #forwardMulticastFrom}.
     */
    public void dropMulticastFrom(String host) throws IOException {
        inNs("sw", "nft", "add", "table", "bridge", "carpdlab");
        inNs("sw", "nft", "add", "chain", "bridge", "carpdlab", "mcast",
                "{ type filter hook forward priority 0; }");
        inNs("sw", "nft", "add", "rule", "bridge", "carpdlab", "mcast", "iifname", bridgePort(host), "ether", "daddr",
                "&", "01:00:00:00:00:00", "==", "01:00:00:00:00:00", "ether", "daddr", "!=", "ff:ff:ff:ff:ff:ff",
                "counter", "drop", "comment", "\"" + host + "\"");
    }

    public void forwardMulticastFrom(String host) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("comment \"" + host + "\" # handle (\\d+)")
                .matcher(inNs("sw", "nft", "-a", "list", "chain", "bridge", "carpdlab", "mcast"));
        if (!m.find()) {
            throw new IOException("no multicast drop rule for " + host);
        }
        inNs("sw", "nft", "delete", "rule", "bridge", "carpdlab", "mcast", "handle", m.group(1));
    }

    /** Runs a command in a host's namespace and returns its standard output; fails on a non-zero exit. */
    public String inNs(String host, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Starts a long-running command in a host's namespace; output goes to a log file in {@link #dir}. */
    public Process spawn(String host, String logName, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(List.of(command));
        Path log = dir.resolve(logName);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(process);
        return process;
    }

    public String log(String logName) throws IOException {
        Path log = dir.resolve(logName);
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Runs a command on the host itself (outside any namespace). */
    public static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
        return output;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException e) {
                System.err.println("lab cleanup: " + e.getMessage());
            }
        }
        processes.clear(); // closing twice (a test that closes early) does nothing more
        namespaces.clear();
    }
}
