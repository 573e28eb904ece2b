package org.carpd.config;

import java.util.List;
import java.util.Objects;
import org.carpd.core.Protocol;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidSettings;
import org.carpd.proto.IpPrefix;

/**
 * One vhid as configured in one file: the state machine's {@link VhidSettings} (with the
 * protocol's own parameters) and what only the daemon around it uses. Immutable; {@code equals}
 * compares every setting, so a reload can tell an untouched vhid from a changed one.
 *
 * @param file     the file it came from (for messages)
 * @param line     the line of its {@code vhid} key
 * @param passfile the passfile path, or null when the password is given inline (or there is none)
 * @param peers    unicast peers (host prefixes): a family with peers advertises to them instead of
 *                 the group, and unicast adverts are accepted from them only
 */
public record VhidConfig(String file, int line, VhidSettings settings, String passfile, List<IpPrefix> peers,
                         Hooks hooks, List<CheckConfig> checks) {
    /**
     * The scripts run on transitions (null when not set) and how long each may run.
     *
     * @param upScript   run on MASTER entry with argv (interface, first VIP), as ucarp does
     * @param downScript run on BACKUP or INIT entry with the same argv
     * @param notifyScript run on every transition with argv ({@code vhid@interface}, new state), as devd does
     * @param user       {@code hook-user}: the user the hooks run as (null: carpd's own)
     * @param group      {@code hook-group}: their group (null when user is null)
     */
    public record Hooks(String upScript, String downScript, String notifyScript, long timeoutMs, String user,
                        String group) {
        public static final long DEFAULT_TIMEOUT_MS = 30_000;
        public static final Hooks NONE = new Hooks(null, null, null, DEFAULT_TIMEOUT_MS);

        /** Hooks run as carpd's own user. */
        public Hooks(String upScript, String downScript, String notifyScript, long timeoutMs) {
            this(upScript, downScript, notifyScript, timeoutMs, null, null);
        }
    }

    public VhidConfig {
        peers = List.copyOf(peers);
        checks = List.copyOf(checks);
    }

    public VhidKey key() {
        return settings.key();
    }

    public String interfaceName() {
        return settings.key().interfaceName();
    }

    public int vhid() {
        return settings.key().vhid();
    }

    public Protocol protocol() {
        return settings.protocol();
    }

    public List<IpPrefix> addresses() {
        return settings.addresses();
    }

    /** Same settings, wherever they came from. */
    public boolean sameSettings(VhidConfig o) {
        return settings.equals(o.settings) && peers.equals(o.peers) && hooks.equals(o.hooks) && checks.equals(o.checks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VhidConfig c && sameSettings(c) && file.equals(c.file) && line == c.line
                && Objects.equals(passfile, c.passfile);
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "VhidConfig[" + key() + " from " + file + ":" + line + "]";
    }
}
