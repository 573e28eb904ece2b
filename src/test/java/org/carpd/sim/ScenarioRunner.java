package org.carpd.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.proto.IpPrefix;

/**
 * Runs a scenario script (etcd raft's testdata style) against a {@link SimLan} and returns the
 * transcript: each command line, and after each {@code ----} line the output the commands
 * before it produced, so that a whole file can be compared with its expected text.
 *
 * <pre>
 * seed 7                         random seed for delays, loss and counters
 * delay 100us 100us              delivery delay range
 * loss 0.1                       loss rate
 * trace adverts                  also log every advert sent
 * trace announcements            also log every gratuitous ARP / unsolicited NA
 * node n1 ip=10.0.0.1 advskew=0 advbase=1 preempt=yes vhid=1 addresses=192.0.2.1/24,2001:db8::1/64 pass=secret
 * node n2 protocol=vrrp3 priority=100 interval=100 garp-refresh=10s    (VRRPv3: interval in cs)
 * start n1 n2                    boot nodes (interface up)
 * run 5s                         advance the clock
 * crash n1 | stop n1             kill -9 | graceful stop (bow-out)
 * link n1 down|up
 * demote n1 240 | demote n1 -240
 * partition n1 | n2 n3           split the LAN; heal joins it again
 * block n1 n2 | unblock n1 n2    n1's adverts stop (resume) reaching n2; the other direction is untouched
 * neighbour                      which node's MAC the neighbour (it hears every announcement) has per VIP
 * drop n1 3                      the next 3 adverts of n1 reach nobody
 * state                          one line per node
 * ----                           the output since the previous ---- follows, until a blank line
 * </pre>
 */
public final class ScenarioRunner {
    private SimLan lan = new SimLan(1);
    private final List<String> pending = new ArrayList<>();
    private int nodesAdded;

    /** Returns the script with every expected-output block replaced by the actual output. */
    public String run(String script) {
        StringBuilder transcript = new StringBuilder();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("----")) {
                transcript.append(line).append('\n');
                pending.addAll(lan.drainLog());
                for (String out : pending) {
                    transcript.append(out).append('\n');
                }
                pending.clear();
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
                    i++; // skip the expected block: the transcript carries the actual one
                }
                continue;
            }
            transcript.append(line).append(i + 1 < lines.length ? "\n" : "");
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                execute(trimmed.split("\\s+"));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + line + ": " + e.getMessage(), e);
            }
        }
        return transcript.toString();
    }

    private void execute(String[] w) {
        switch (w[0]) {
            case "seed" -> {
                if (nodesAdded > 0) {
                    throw new IllegalArgumentException("seed must come before the first node");
                }
                lan = new SimLan(Long.parseLong(w[1]));
            }
            case "delay" -> lan.setDelay(durationNs(w[1]), durationNs(w[2]));
            case "loss" -> lan.setLossRate(Double.parseDouble(w[1]));
            case "trace" -> {
                if (w.length > 1 && w[1].equals("announcements")) {
                    lan.setTraceAnnouncements(true);
                } else {
                    lan.setTraceAdverts(true);
                }
            }
            case "block" -> lan.block(w[1], w[2]);
            case "unblock" -> lan.unblock(w[1], w[2]);
            case "neighbour" -> {
                pending.addAll(lan.drainLog());
                pending.addAll(lan.neighbourTable());
            }
            case "node" -> addNode(w);
            case "start" -> names(w).forEach(lan::start);
            case "crash" -> names(w).forEach(lan::crash);
            case "stop" -> names(w).forEach(lan::stop);
            case "run" -> lan.runFor(durationNs(w[1]));
            case "link" -> lan.link(w[1], w[2].equals("up"));
            case "demote" -> lan.demote(w[1], Integer.parseInt(w[2]));
            case "heal" -> lan.heal();
            case "drop" -> lan.dropNextAdverts(w[1], Integer.parseInt(w[2]));
            case "partition" -> {
                List<List<String>> groups = new ArrayList<>();
                groups.add(new ArrayList<>());
                for (String word : names(w)) {
                    if (word.equals("|")) {
                        groups.add(new ArrayList<>());
                    } else {
                        groups.get(groups.size() - 1).add(word);
                    }
                }
                lan.partition(groups);
            }
            case "state" -> {
                pending.addAll(lan.drainLog());
                pending.addAll(lan.states());
            }
            default -> throw new IllegalArgumentException("unknown command " + w[0]);
        }
    }

    private void addNode(String[] w) {
        Map<String, String> o = SimLan.options(w, 2);
        int vhid = Integer.parseInt(o.getOrDefault("vhid", "1"));
        List<IpPrefix> addresses = Arrays.stream(o.getOrDefault("addresses", "192.0.2.1/24").split(","))
                .map(IpPrefix::parse).toList();
        VhidKey key = new VhidKey("em0", vhid);
        VhidSettings settings = o.getOrDefault("protocol", "carp").equals("vrrp3")
                ? VhidSettings.vrrp(key, Integer.parseInt(o.getOrDefault("priority", "100")),
                        Integer.parseInt(o.getOrDefault("interval", "100")), o.getOrDefault("preempt", "yes").equals("yes"),
                        addresses)
                : VhidSettings.carp(key, Integer.parseInt(o.getOrDefault("advbase", "1")),
                        Integer.parseInt(o.getOrDefault("advskew", "0")), o.getOrDefault("preempt", "no").equals("yes"),
                        addresses);
        if (o.containsKey("garp-refresh")) {
            settings = settings.withGarpRefreshMs(durationNs(o.get("garp-refresh")) / 1_000_000L);
        }
        nodesAdded++;
        byte[] ip = IpPrefix.parseAddress(o.getOrDefault("ip", "10.0.0." + nodesAdded));
        lan.addNode(w[1], ip, settings, o.getOrDefault("pass", "secret"));
    }

    private static List<String> names(String[] w) {
        return Arrays.asList(w).subList(1, w.length);
    }

    static long durationNs(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2)) * 1_000_000L;
        }
        if (t.endsWith("us")) {
            return Long.parseLong(t.substring(0, t.length() - 2)) * 1_000L;
        }
        if (t.endsWith("s")) {
            return (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1_000_000_000L);
        }
        throw new IllegalArgumentException("duration needs a unit (s, ms, us): " + text);
    }

    static String read(java.nio.file.Path path) throws java.io.IOException {
        return java.nio.file.Files.readString(path, StandardCharsets.UTF_8);
    }
}
