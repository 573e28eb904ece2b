package org.carpd.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.core.CarpParams;
import org.carpd.core.Protocol;
import org.carpd.core.ProtocolParams;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.core.Vrrp2Params;
import org.carpd.core.VrrpParams;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.IpPrefix;

/**
 * Parses one vhid file: {@code key = value} lines (see {@link ConfigLine} for quoting and comments),
 * blank lines. Strict, in the
 * manner of OpenBSD's daemons: an unknown key, a repeated single key, a value out of range or of
 * the wrong form is an error naming the file and line, and every error of the file is reported.
 */
public final class ConfigParser {
    /** The most addresses of one family a VRRP advert can count (Count IPvX Addrs is 8 bits). */
    static final int MAX_VRRP_ADDRESSES = 255;
    static final Set<String> KEYS = Set.of("interface", "vhid", "advbase", "advskew", "pass", "passfile",
            "address", "preempt", "up-script", "down-script", "notify", "hook-timeout", "check", "replay-protection",
            "protocol", "priority", "interval", "peer", "hook-user", "hook-group", "garp-refresh");
    /** Keys that belong to some protocols only, and the protocols they belong to. */
    private static final Map<String, Set<Protocol>> PROTOCOL_KEYS = Map.of(
            "advbase", Set.of(Protocol.CARP), "advskew", Set.of(Protocol.CARP),
            "replay-protection", Set.of(Protocol.CARP),
            "pass", Set.of(Protocol.CARP, Protocol.VRRP2), "passfile", Set.of(Protocol.CARP, Protocol.VRRP2),
            "priority", Set.of(Protocol.VRRP3, Protocol.VRRP2), "interval", Set.of(Protocol.VRRP3, Protocol.VRRP2));
    private static final long MAX_HOOK_TIMEOUT_MS = 3_600_000;
    /**
     * {@code garp-refresh}: at least a second (a neighbour's entry needs no more, and a LAN no
     * flood), at most a day; 0 or {@code off} is off, the default.
     */
    static final long MIN_GARP_REFRESH_MS = 1_000;
    static final long MAX_GARP_REFRESH_MS = 86_400_000;
    private static final int MAX_INTERFACE_NAME = 15; // IFNAMSIZ - 1 on Linux and FreeBSD

    /**
     * Resolves a hook or check program (absolute, or relative to the configuration directory) to
     * the absolute path of an executable file; throws with the problem otherwise.
     */
    @FunctionalInterface
    public interface ExecutableCheck {
        String resolve(String path);
    }

    /** Whether a user or group exists: null when it does, else the problem. */
    @FunctionalInterface
    public interface AccountCheck {
        String problem(String kind, String name);
    }

    private final SecretReader secrets;
    private final ExecutableCheck executables;
    private final AccountCheck accounts;

    public ConfigParser(SecretReader secrets) {
        this(secrets, path -> path);
    }

    public ConfigParser(SecretReader secrets, ExecutableCheck executables) {
        this(secrets, executables, (kind, name) -> null);
    }

    public ConfigParser(SecretReader secrets, ExecutableCheck executables, AccountCheck accounts) {
        this.secrets = secrets;
        this.executables = executables;
        this.accounts = accounts;
    }

    private record Entry(String key, String value, int line) {
    }

    /** Parses {@code text}, the contents of {@code file}; all problems go into {@code errors}. */
    public VhidConfig parse(String file, String text, List<ConfigError> errors) {
        int before = errors.size();
        Map<String, Entry> single = new HashMap<>();
        List<Entry> addressEntries = new ArrayList<>();
        List<Entry> checkEntries = new ArrayList<>();
        List<Entry> peerEntries = new ArrayList<>();
        Set<String> broken = new java.util.HashSet<>(); // keys of lines already reported as malformed
        String[] lines = ConfigLine.lines(text);
        int lastLine = Math.max(1, text.endsWith("\n") ? lines.length - 1 : lines.length);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            ConfigLine line = ConfigLine.split(lines[i]);
            if (line.isBlank()) {
                continue;
            }
            if (line.problem() != null) {
                errors.add(new ConfigError(file, lineNumber, line.problem()));
                if (line.key() != null) {
                    broken.add(line.key());
                }
                continue;
            }
            String key = line.key();
            String value = line.value();
            if (!KEYS.contains(key)) {
                // a key is shown only when it looks like one: a line such as 'MyS3cur3P@ss x = y' may be a secret
                errors.add(new ConfigError(file, lineNumber, (key.matches("[A-Za-z0-9_.-]{1,40}")
                        ? "unknown key '" + key + "'" : "unknown key (not shown: it may hold a secret)") + " (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")"));
                continue;
            }
            if (value.isEmpty()) {
                errors.add(new ConfigError(file, lineNumber, "'" + key + "' has no value"));
                broken.add(key);
                continue;
            }
            if (key.equals("address")) {
                addressEntries.add(new Entry(key, value, lineNumber));
                continue;
            }
            if (key.equals("check")) {
                checkEntries.add(new Entry(key, value, lineNumber));
                continue;
            }
            if (key.equals("peer")) {
                peerEntries.add(new Entry(key, value, lineNumber));
                continue;
            }
            Entry earlier = single.putIfAbsent(key, new Entry(key, value, lineNumber));
            if (earlier != null) {
                errors.add(new ConfigError(file, lineNumber, "'" + key + "' is already set on line " + earlier.line));
            }
        }

        String interfaceName = required(file, single, "interface", lastLine, broken, errors);
        if (interfaceName != null && !ConfigLine.isInterfaceName(interfaceName, MAX_INTERFACE_NAME)) {
            errors.add(new ConfigError(file, single.get("interface").line, "interface name '" + interfaceName
                    + "' is not valid (1.." + MAX_INTERFACE_NAME + " letters, digits, '_', '.', ':', '-')"));
        }
        String vhidText = required(file, single, "vhid", lastLine, broken, errors);
        int vhid = vhidText == null ? 0 : number(file, single.get("vhid"), "vhid", 1, 255, errors);
        Protocol protocol = protocol(file, single.get("protocol"), errors);
        for (Map.Entry<String, Set<Protocol>> only : PROTOCOL_KEYS.entrySet()) {
            Entry entry = single.get(only.getKey());
            if (entry != null && protocol != null && !only.getValue().contains(protocol)) {
                errors.add(new ConfigError(file, entry.line, "'" + only.getKey() + "' is a " + describe(only.getValue())
                        + " setting, and this vhid speaks " + describe(Set.of(protocol)) + " (" + hint(protocol,
                        only.getValue()) + ")"));
            }
        }
        ProtocolParams params = protocol == null ? null : params(file, protocol, single, lastLine, broken, errors);
        boolean preempt = single.containsKey("preempt") ? yesNo(file, single.get("preempt"), errors)
                : params != null && params.preemptByDefault();
        List<IpPrefix> addresses = addresses(file, addressEntries, lastLine, broken.contains("address"), errors);
        if (protocol == Protocol.VRRP2) {
            ipv4Only(file, addressEntries, errors);
        }
        if (protocol == Protocol.VRRP2 || protocol == Protocol.VRRP3) {
            countFits(file, addressEntries, addresses, errors);
        }
        List<IpPrefix> peers = peers(file, peerEntries, addresses, errors);
        VhidConfig.Hooks hooks = new VhidConfig.Hooks(script(file, single.get("up-script"), errors),
                script(file, single.get("down-script"), errors), script(file, single.get("notify"), errors),
                single.containsKey("hook-timeout") ? duration(file, single.get("hook-timeout"), errors)
                        : VhidConfig.Hooks.DEFAULT_TIMEOUT_MS,
                account(file, single.get("hook-user"), "user", errors), hookGroup(file, single, errors));

        long garpRefreshMs = garpRefresh(file, single.get("garp-refresh"), errors);

        List<CheckConfig> checks = new ArrayList<>();
        for (Entry entry : checkEntries) {
            CheckConfig check = CheckParser.parse(file, entry.line, entry.value, executables, errors);
            if (check != null) {
                if (listedBefore(checks, check)) {
                    errors.add(new ConfigError(file, entry.line, "the same check is listed twice"));
                }
                checks.add(check);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        Entry passfile = single.get("passfile");
        VhidSettings settings = new VhidSettings(new VhidKey(interfaceName, vhid), preempt, addresses, params,
                garpRefreshMs);
        return new VhidConfig(file, single.get("vhid").line, settings, passfile == null ? null : passfile.value, peers,
                hooks, checks);
    }

    /**
     * The keys of one protocol, their defaults where they are not set; null when one of them is
     * wrong (the error is reported).
     */
    private ProtocolParams params(String file, Protocol protocol, Map<String, Entry> single, int lastLine,
                                  Set<String> broken, List<ConfigError> errors) {
        int before = errors.size();
        if (protocol == Protocol.VRRP3) {
            int priority = single.containsKey("priority") ? number(file, single.get("priority"), "priority",
                    VrrpParams.MIN_PRIORITY, VrrpParams.OWNER_PRIORITY, errors) : VrrpParams.DEFAULT_PRIORITY;
            int intervalCs = single.containsKey("interval") ? interval(file, single.get("interval"), errors)
                    : VrrpParams.DEFAULT_INTERVAL_CS;
            return errors.size() > before ? null : new VrrpParams(priority, intervalCs);
        }
        if (protocol == Protocol.VRRP2) {
            int priority = single.containsKey("priority") ? number(file, single.get("priority"), "priority",
                    Vrrp2Params.MIN_PRIORITY, Vrrp2Params.OWNER_PRIORITY, errors) : Vrrp2Params.DEFAULT_PRIORITY;
            int seconds = single.containsKey("interval") ? intervalSeconds(file, single.get("interval"), errors)
                    : Vrrp2Params.DEFAULT_INTERVAL_S;
            byte[] password = single.containsKey("pass") || single.containsKey("passfile")
                    ? password(file, single, lastLine, broken, Vrrp2Params.MAX_PASSWORD_BYTES, "VRRPv2 simple-text "
                    + "authentication holds at most " + Vrrp2Params.MAX_PASSWORD_BYTES + " (keepalived would truncate it)",
                    errors) : new byte[0];
            return errors.size() > before ? null : new Vrrp2Params(priority, seconds, password);
        }
        int advbase = single.containsKey("advbase") ? number(file, single.get("advbase"), "advbase",
                CarpParams.MIN_ADVBASE, CarpParams.MAX_ADVBASE, errors) : CarpParams.DEFAULT_ADVBASE;
        int advskew = single.containsKey("advskew")
                ? number(file, single.get("advskew"), "advskew", 0, CarpParams.MAX_ADVSKEW, errors)
                : CarpParams.DEFAULT_ADVSKEW;
        boolean replayProtection = single.containsKey("replay-protection")
                && yesNo(file, single.get("replay-protection"), errors);
        byte[] password = password(file, single, lastLine, broken, AdvertAuthenticator.MAX_PASSWORD_BYTES,
                "CARP keys hold at most " + AdvertAuthenticator.MAX_PASSWORD_BYTES
                + " (FreeBSD would truncate it, ucarp refuses it)", errors);
        return errors.size() > before ? null : new CarpParams(advbase, advskew, password, replayProtection);
    }

    /** "CARP", "VRRPv3 or VRRPv2": protocols as an admin names them, in the enum's order. */
    private static String describe(Set<Protocol> protocols) {
        return String.join(" or ", java.util.Arrays.stream(Protocol.values()).filter(protocols::contains)
                .map(p -> p == Protocol.CARP ? "CARP" : p == Protocol.VRRP3 ? "VRRPv3" : "VRRPv2").toList());
    }

    /** What to write instead of a key of other protocols. */
    private static String hint(Protocol protocol, Set<Protocol> keyProtocols) {
        if (protocol == Protocol.VRRP3) {
            return "use 'priority' and 'interval'; VRRPv3 has no password";
        }
        if (protocol == Protocol.VRRP2) {
            return "use 'priority', 'interval' and 'pass'";
        }
        return "set " + String.join(" or ", java.util.Arrays.stream(Protocol.values()).filter(keyProtocols::contains)
                .map(p -> "'protocol = " + p.configName() + "'").toList()) + " to use it";
    }

    private static Protocol protocol(String file, Entry entry, List<ConfigError> errors) {
        if (entry == null) {
            return Protocol.CARP;
        }
        for (Protocol protocol : Protocol.values()) {
            if (protocol.configName().equals(entry.value)) {
                return protocol;
            }
        }
        errors.add(new ConfigError(file, entry.line, "protocol must be 'carp', 'vrrp3' or 'vrrp2', not '" + entry.value + "'"));
        return null; // unknown: report no errors that would only follow from guessing one
    }

    /**
     * The VRRPv2 advertisement interval: whole seconds, plain ({@code 1}, as keepalived's
     * {@code advert_int}) or a duration ({@code 2s}, {@code 1000ms}), 1..255 s.
     */
    static int intervalSeconds(String file, Entry entry, List<ConfigError> errors) {
        long ms = intervalMs(file, entry, 1000, "seconds or a duration (like 1, 2s, 1000ms)", errors);
        if (ms < 0) {
            return Vrrp2Params.DEFAULT_INTERVAL_S;
        }
        if (ms % 1000 != 0) {
            errors.add(new ConfigError(file, entry.line, "interval " + entry.value
                    + " is not a whole number of seconds (VRRPv2 counts in seconds; use protocol = vrrp3 for less)"));
            return Vrrp2Params.DEFAULT_INTERVAL_S;
        }
        if (ms < Vrrp2Params.MIN_INTERVAL_S * 1000L || ms > Vrrp2Params.MAX_INTERVAL_S * 1000L) {
            errors.add(new ConfigError(file, entry.line, "interval " + entry.value + " is out of range 1s..255s"));
            return Vrrp2Params.DEFAULT_INTERVAL_S;
        }
        return (int) (ms / 1000);
    }

    /**
     * The VRRPv3 advertisement interval: plain centiseconds (as keepalived's and FreeBSD's
     * {@code vrrpinterval}), or a duration in whole centiseconds ({@code 50ms}, {@code 1s}).
     */
    static int interval(String file, Entry entry, List<ConfigError> errors) {
        long ms = intervalMs(file, entry, 10, "centiseconds or a duration (like 100, 50ms, 1s)", errors);
        if (ms < 0) {
            return VrrpParams.DEFAULT_INTERVAL_CS;
        }
        if (ms % 10 != 0) {
            errors.add(new ConfigError(file, entry.line, "interval " + entry.value
                    + " is not a whole number of centiseconds (VRRPv3 counts in units of 10ms)"));
            return VrrpParams.DEFAULT_INTERVAL_CS;
        }
        if (ms < VrrpParams.MIN_INTERVAL_CS * 10L || ms > VrrpParams.MAX_INTERVAL_CS * 10L) {
            errors.add(new ConfigError(file, entry.line, "interval " + entry.value + " is out of range 10ms..40.95s"));
            return VrrpParams.DEFAULT_INTERVAL_CS;
        }
        return (int) (ms / 10);
    }

    /**
     * A VRRP interval in ms, as both versions write it: a plain number in {@code plainUnitMs} units
     * (their wire unit), or a duration in {@code ms} or {@code s}; -1 (and the error, saying what
     * the plain number is: {@code plainMeaning}) when it is neither. Each version checks its own
     * granularity and range.
     */
    private static long intervalMs(String file, Entry entry, long plainUnitMs, String plainMeaning,
                                   List<ConfigError> errors) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})(ms|s)?").matcher(entry.value);
        if (!m.matches()) {
            errors.add(new ConfigError(file, entry.line, "interval '" + entry.value + "' is not " + plainMeaning));
            return -1;
        }
        long value = Long.parseLong(m.group(1));
        return m.group(2) == null ? value * plainUnitMs : m.group(2).equals("s") ? value * 1000 : value;
    }

    /**
     * Unicast peers: plain addresses, each of a family the vhid has addresses of (adverts of a
     * family go to that family's peers instead of the group), never a multicast address, a VIP
     * of this vhid, or listed twice.
     */
    private static List<IpPrefix> peers(String file, List<Entry> entries, List<IpPrefix> addresses,
                                        List<ConfigError> errors) {
        List<IpPrefix> peers = new ArrayList<>();
        for (Entry entry : entries) {
            IpPrefix peer;
            try {
                peer = IpPrefix.parse(entry.value);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(file, entry.line, e.getMessage()));
                continue;
            }
            int hostLength = peer.family().addressLength() * 8;
            String text = peer.addressString();
            if (entry.value.contains("/") && peer.prefixLength() != hostLength) {
                errors.add(new ConfigError(file, entry.line, "peer " + entry.value + " must be one address, not a prefix"));
            } else if (org.carpd.proto.AdvertFrames.isMulticast(peer.address(), peer.family().addressLength())) {
                errors.add(new ConfigError(file, entry.line, "peer " + text
                        + " is a multicast address (leave 'peer' out to advertise to the group)"));
            } else if (sameAddressIn(addresses, peer)) {
                errors.add(new ConfigError(file, entry.line, "peer " + text + " is a virtual address of this vhid"));
            } else if (!addresses.isEmpty() && IpPrefix.ofFamily(addresses, peer.family()).isEmpty()) {
                String family = peer.family() == org.carpd.proto.Family.INET ? "IPv4" : "IPv6";
                errors.add(new ConfigError(file, entry.line, "peer " + text + " is " + family
                        + " but this vhid has no " + family + " address to advertise"));
            } else if (peers.contains(IpPrefix.of(peer.address(), hostLength))) {
                errors.add(new ConfigError(file, entry.line, "peer " + text + " is listed twice"));
            } else {
                peers.add(IpPrefix.of(peer.address(), hostLength));
            }
        }
        return peers;
    }

    private String script(String file, Entry entry, List<ConfigError> errors) {
        if (entry == null) {
            return null;
        }
        try {
            return executables.resolve(entry.value);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(file, entry.line, e.getMessage()));
            return null;
        }
    }

    /** The checked name of a user or group, or null (with the problem in errors when there is one). */
    private String account(String file, Entry entry, String kind, List<ConfigError> errors) {
        if (entry == null) {
            return null;
        }
        if (!entry.value.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?")) {
            errors.add(new ConfigError(file, entry.line, entry.key + " '" + entry.value + "' is not a " + kind + " name"));
            return null;
        }
        String problem = accounts.problem(kind, entry.value);
        if (problem != null) {
            errors.add(new ConfigError(file, entry.line, entry.key + ": " + problem));
            return null;
        }
        return entry.value;
    }

    /** {@code hook-group}, by default the group named as {@code hook-user} (as Debian and FreeBSD create them). */
    private String hookGroup(String file, Map<String, Entry> single, List<ConfigError> errors) {
        Entry user = single.get("hook-user");
        Entry group = single.get("hook-group");
        if (user == null) {
            if (group != null) {
                errors.add(new ConfigError(file, group.line, "hook-group needs hook-user (the user the hooks run as)"));
            }
            return null;
        }
        if (group == null && !user.value.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?")) {
            return null; // the user's name is already reported; its group is named after it
        }
        return account(file, group != null ? group : new Entry("hook-group", user.value, user.line), "group", errors);
    }

    /** {@code garp-refresh}: a duration in 1s..24h, or 0 / {@code off} (and absent): off. */
    private static long garpRefresh(String file, Entry entry, List<ConfigError> errors) {
        if (entry == null || entry.value.equals("off")) {
            return 0;
        }
        int before = errors.size();
        long ms = duration(file, entry, 0, errors);
        if (errors.size() > before || ms == 0) {
            return 0;
        }
        if (ms < MIN_GARP_REFRESH_MS || ms > MAX_GARP_REFRESH_MS) {
            errors.add(new ConfigError(file, entry.line, "garp-refresh " + entry.value
                    + " is out of range 1s..1440m (24 hours; 0 or 'off': no refresh)"));
            return 0;
        }
        return ms;
    }

    /** {@code hook-timeout}: a duration in 1ms..60m. */
    static long duration(String file, Entry entry, List<ConfigError> errors) {
        long ms = duration(file, entry, VhidConfig.Hooks.DEFAULT_TIMEOUT_MS, errors);
        if (ms < 1 || ms > MAX_HOOK_TIMEOUT_MS) {
            errors.add(new ConfigError(file, entry.line, "hook-timeout " + entry.value + " is out of range 1ms..60m"));
        }
        return ms;
    }

    /**
     * A duration in milliseconds: {@code 500ms}, {@code 30s}, {@code 2m}, or plain seconds;
     * {@code fallback} (and the error) when it is not one.
     */
    private static long duration(String file, Entry entry, long fallback, List<ConfigError> errors) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})(ms|s|m)?").matcher(entry.value);
        if (!m.matches()) {
            errors.add(new ConfigError(file, entry.line, "'" + entry.value + "' is not a duration (like 500ms, 30s, 2m)"));
            return fallback;
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long ms = switch (unit) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            default -> value * 1000;
        };
        return ms;
    }

    private static String required(String file, Map<String, Entry> single, String key, int lastLine,
                                  Set<String> broken, List<ConfigError> errors) {
        Entry entry = single.get(key);
        if (entry == null && !broken.contains(key)) {
            errors.add(new ConfigError(file, lastLine, "missing required key '" + key + "'"));
            return null;
        }
        return entry == null ? null : entry.value; // null: its line is broken, and already reported
    }

    private static int number(String file, Entry entry, String key, int min, int max, List<ConfigError> errors) {
        if (!IpPrefix.isDecimal(entry.value, 9)) {
            errors.add(new ConfigError(file, entry.line, key + " '" + entry.value + "' is not a number"));
            return min;
        }
        int value = Integer.parseInt(entry.value);
        if (value < min || value > max) {
            errors.add(new ConfigError(file, entry.line, key + " " + value + " is out of range " + min + ".." + max));
        }
        return value;
    }

    private static boolean yesNo(String file, Entry entry, List<ConfigError> errors) {
        switch (entry.value) {
            case "yes":
                return true;
            case "no":
                return false;
            default:
                errors.add(new ConfigError(file, entry.line, entry.key + " must be 'yes' or 'no', not '" + entry.value + "'"));
                return false;
        }
    }

    private byte[] password(String file, Map<String, Entry> single, int lastLine, Set<String> broken, int maxBytes,
                            String limit, List<ConfigError> errors) {
        Entry pass = single.get("pass");
        Entry passfile = single.get("passfile");
        if (pass != null && passfile != null) {
            errors.add(new ConfigError(file, Math.max(pass.line, passfile.line), "set 'pass' or 'passfile', not both"));
            return new byte[0];
        }
        if (pass == null && passfile == null) {
            if (broken.contains("pass") || broken.contains("passfile")) {
                return new byte[0];
            }
            errors.add(new ConfigError(file, lastLine, "missing required key 'pass' (or 'passfile')"));
            return new byte[0];
        }
        byte[] password;
        Entry where = pass != null ? pass : passfile;
        if (pass != null) {
            password = pass.value.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                password = secrets.read(passfile.value);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(file, passfile.line, e.getMessage()));
                return new byte[0];
            }
            if (password.length == 0) {
                errors.add(new ConfigError(file, passfile.line, "passfile " + passfile.value + " holds an empty password"));
            }
        }
        if (password.length > maxBytes) {
            errors.add(new ConfigError(file, where.line, "password is " + password.length + " bytes; " + limit));
        }
        return password;
    }

    /** Whether one of the addresses is the peer's address, whatever the prefix lengths. */
    private static boolean sameAddressIn(List<IpPrefix> addresses, IpPrefix peer) {
        byte[] peerAddress = peer.address();
        for (IpPrefix address : addresses) {
            if (java.util.Arrays.equals(address.address(), peerAddress)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listedBefore(List<CheckConfig> checks, CheckConfig check) {
        for (CheckConfig earlier : checks) {
            if (earlier.definition().equals(check.definition())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A VRRP advert lists every address of its family and counts them in one byte: at most 255 of a
     * family (more would be sent with a wrapped count, which every receiver rejects).
     */
    private static void countFits(String file, List<Entry> entries, List<IpPrefix> addresses, List<ConfigError> errors) {
        for (org.carpd.proto.Family family : org.carpd.proto.Family.values()) {
            int count = IpPrefix.ofFamily(addresses, family).size();
            if (count > MAX_VRRP_ADDRESSES) {
                errors.add(new ConfigError(file, entries.get(entries.size() - 1).line, count + " "
                        + (family == org.carpd.proto.Family.INET ? "IPv4" : "IPv6") + " addresses; a VRRP advert "
                        + "lists at most " + MAX_VRRP_ADDRESSES + " of a family (its Count field is one byte)"));
            }
        }
    }

    /** VRRPv2 (RFC 3768) has no IPv6: each IPv6 address is an error, with what to use instead. */
    private static void ipv4Only(String file, List<Entry> entries, List<ConfigError> errors) {
        for (Entry entry : entries) {
            try {
                if (IpPrefix.parse(entry.value).family() == org.carpd.proto.Family.INET6) {
                    errors.add(new ConfigError(file, entry.line, "address " + entry.value + " is IPv6, and VRRPv2 "
                            + "(RFC 3768) is IPv4 only: use 'protocol = vrrp3' (RFC 5798) for IPv6 addresses"));
                }
            } catch (IllegalArgumentException e) {
                // reported with the addresses
            }
        }
    }

    private static List<IpPrefix> addresses(String file, List<Entry> entries, int lastLine, boolean broken,
                                            List<ConfigError> errors) {
        List<IpPrefix> addresses = new ArrayList<>();
        Map<IpPrefix, Integer> seenAt = new HashMap<>();
        if (entries.isEmpty() && !broken) {
            errors.add(new ConfigError(file, lastLine, "missing required key 'address' (at least one virtual address)"));
        }
        for (Entry entry : entries) {
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(entry.value);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(file, entry.line, e.getMessage()));
                continue;
            }
            IpPrefix host = IpPrefix.of(prefix.address(), prefix.family().addressLength() * 8);
            Integer earlier = seenAt.putIfAbsent(host, entry.line);
            if (earlier != null) {
                errors.add(new ConfigError(file, entry.line, "address " + prefix.addressString()
                        + " is already listed on line " + earlier));
                continue;
            }
            addresses.add(prefix);
        }
        return addresses;
    }
}
