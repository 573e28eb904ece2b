package org.carpd.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A carpd's answer to {@code status json}, read as JSON: the daemon-wide fields and every vhid.
 * {@link #DOWN} stands for a daemon that does not answer, so that a test waiting for a state can
 * ask again; reading a daemon-wide field of it fails the test.
 */
final class DaemonStatus {
    static final DaemonStatus DOWN = new DaemonStatus(null);

    private final Map<String, Object> json;

    private DaemonStatus(Map<String, Object> json) {
        this.json = json;
    }

    static DaemonStatus parse(String text) {
        return new DaemonStatus(JsonReader.parseObject(text));
    }

    boolean answering() {
        return json != null;
    }

    long demotion() {
        return ((Number) field("demotion")).longValue();
    }

    boolean maintenance() {
        return (Boolean) field("maintenance");
    }

    /** Whether the last reload succeeded; empty when there was none. */
    Optional<Boolean> lastReloadOk() {
        Object reload = field("last_reload");
        return reload == null ? Optional.empty() : Optional.of((Boolean) asMap(reload).get("ok"));
    }

    /** The errors of the last reload; none when it succeeded or there was none. */
    List<String> lastReloadErrors() {
        Object reload = field("last_reload");
        List<String> errors = new ArrayList<>();
        if (reload != null) {
            for (Object error : (List<?>) asMap(reload).get("errors")) {
                errors.add((String) error);
            }
        }
        return errors;
    }

    /** Adverts dropped before they could be matched to a vhid, by reason. */
    Map<String, Long> otherDrops() {
        return counts(field("other_drops"));
    }

    /** Every dropped advert by reason: every vhid's and those of no vhid, summed. */
    Map<String, Long> allDrops() {
        Map<String, Long> all = new LinkedHashMap<>(otherDrops());
        for (Vhid v : vhids()) {
            v.drops().forEach((reason, n) -> all.merge(reason, n, Long::sum));
        }
        return all;
    }

    /** Every vhid, in the daemon's order; none for a daemon that does not answer. */
    List<Vhid> vhids() {
        List<Vhid> vhids = new ArrayList<>();
        if (json != null) {
            for (Object one : (List<?>) json.get("vhids")) {
                vhids.add(new Vhid(asMap(one)));
            }
        }
        return vhids;
    }

    /** The vhid with this number (on any interface), if the daemon runs it. */
    Optional<Vhid> find(int vhid) {
        List<Vhid> found = vhids().stream().filter(v -> v.vhid() == vhid).toList();
        if (found.size() > 1) {
            throw new AssertionError("vhid " + vhid + " on several interfaces: use vhid(interface, vhid) in " + json);
        }
        return found.stream().findFirst();
    }

    /** The vhid with this number; fails the test when the daemon does not run it. */
    Vhid vhid(int vhid) {
        return find(vhid).orElseThrow(() -> new AssertionError("no vhid " + vhid + " in " + json));
    }

    /** The state of vhid {@code vhid}: {@code DOWN} when the daemon does not answer, {@code ABSENT} when it does not run it. */
    String state(int vhid) {
        return json == null ? "DOWN" : find(vhid).map(Vhid::state).orElse("ABSENT");
    }

    /** The state of the vhid on {@code interfaceName}, as {@link #state(int)}. */
    String state(String interfaceName, int vhid) {
        return json == null ? "DOWN" : vhids().stream().filter(v -> v.vhid() == vhid
                && v.interfaceName().equals(interfaceName)).map(Vhid::state).findFirst().orElse("ABSENT");
    }

    /**
     * The state every vhid is in: {@code DOWN} when the daemon does not answer, {@code NO VHIDS}
     * when it runs none, and each vhid's own when they differ ({@code 1@eth0=MASTER 2@eth0=BACKUP}),
     * which no test mistakes for one state.
     */
    String state() {
        if (json == null) {
            return "DOWN";
        }
        Map<String, String> states = new LinkedHashMap<>();
        for (Vhid v : vhids()) {
            states.put(v.vhid() + "@" + v.interfaceName(), v.state());
        }
        if (states.isEmpty()) {
            return "NO VHIDS";
        }
        if (states.values().stream().distinct().count() == 1) {
            return states.values().iterator().next();
        }
        StringBuilder sb = new StringBuilder();
        states.forEach((key, state) -> sb.append(sb.length() == 0 ? "" : " ").append(key).append('=').append(state));
        return sb.toString();
    }

    /** The vhid numbers the daemon runs, in its order. */
    List<Integer> vhidNumbers() {
        return vhids().stream().map(Vhid::vhid).toList();
    }

    private Object field(String name) {
        if (json == null) {
            throw new AssertionError("carpd does not answer: no status to read '" + name + "' from");
        }
        if (!json.containsKey(name)) {
            throw new AssertionError("no field '" + name + "' in " + json);
        }
        return json.get(name);
    }

    private static Map<String, Long> counts(Object object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        asMap(object).forEach((name, n) -> counts.put(name, ((Number) n).longValue()));
        return counts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public String toString() {
        return json == null ? "(carpd does not answer)" : json.toString();
    }

    /** One vhid's entry: its fields, its counters, peers and checks. */
    static final class Vhid {
        private final Map<String, Object> json;

        private Vhid(Map<String, Object> json) {
            this.json = json;
        }

        String interfaceName() {
            return (String) field("interface");
        }

        int vhid() {
            return ((Number) field("vhid")).intValue();
        }

        String state() {
            return (String) field("state");
        }

        /** A numeric field of the vhid ({@code effective_advskew}, {@code check_demotion}, ...). */
        long number(String name) {
            return ((Number) field(name)).longValue();
        }

        /** A true/false field of the vhid ({@code split_brain}, {@code preempt}). */
        boolean flag(String name) {
            return (Boolean) field(name);
        }

        /** A counter under {@code counters} ({@code adverts_received}, {@code split_brain_episodes}, ...). */
        long counter(String name) {
            Map<String, Object> counters = asMap(field("counters"));
            if (!counters.containsKey(name)) {
                throw new AssertionError("no counter '" + name + "' in " + json);
            }
            return ((Number) counters.get(name)).longValue();
        }

        /** Dropped adverts by reason (only the reasons seen). */
        Map<String, Long> drops() {
            return counts(asMap(field("counters")).get("drops"));
        }

        /** The peers the vhid remembers, one map per peer ({@code address}, {@code last_seen}, ...). */
        List<Map<String, Object>> peers() {
            return list("peers");
        }

        /** Its health checks, one map per check ({@code name}, {@code kind}, {@code healthy}, {@code last_result}). */
        List<Map<String, Object>> checks() {
            return list("checks");
        }

        private List<Map<String, Object>> list(String name) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object one : (List<?>) field(name)) {
                out.add(asMap(one));
            }
            return out;
        }

        private Object field(String name) {
            if (!json.containsKey(name)) {
                throw new AssertionError("no field '" + name + "' in " + json);
            }
            return json.get(name);
        }

        @Override
        public String toString() {
            return json.toString();
        }
    }
}
