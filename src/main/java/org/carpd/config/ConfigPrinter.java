package org.carpd.config;

import org.carpd.core.CarpParams;
import org.carpd.core.Vrrp2Params;
import org.carpd.core.VrrpParams;
import org.carpd.proto.IpPrefix;

/** The normalised text of a vhid configuration, as {@code carpd check} prints it (secrets hidden). */
public final class ConfigPrinter {
    private ConfigPrinter() {
    }

    public static String print(VhidConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(c.file()).append('\n');
        sb.append("interface = ").append(c.interfaceName()).append('\n');
        sb.append("vhid      = ").append(c.vhid()).append('\n');
        sb.append("protocol  = ").append(c.protocol().configName()).append('\n');
        if (c.settings().params() instanceof VrrpParams vrrp) {
            sb.append("priority  = ").append(vrrp.priority()).append('\n');
            sb.append("interval  = ").append(vrrp.intervalCs() * 10).append("ms\n");
        } else if (c.settings().params() instanceof Vrrp2Params vrrp2) {
            sb.append("priority  = ").append(vrrp2.priority()).append('\n');
            sb.append("interval  = ").append(vrrp2.intervalSeconds()).append("s\n");
        } else if (c.settings().params() instanceof CarpParams carp) {
            sb.append("advbase   = ").append(carp.advbase()).append('\n');
            sb.append("advskew   = ").append(carp.advskew()).append('\n');
        }
        if (c.passfile() != null) {
            sb.append("passfile  = ").append(c.passfile()).append('\n');
        } else if (c.settings().params().password().length > 0) {
            sb.append("pass      = (hidden, ").append(c.settings().params().password().length).append(" bytes)\n");
        }
        for (IpPrefix address : c.addresses()) {
            sb.append("address   = ").append(address).append('\n');
        }
        for (IpPrefix peer : c.peers()) {
            sb.append("peer      = ").append(peer.addressString()).append('\n');
        }
        sb.append("preempt   = ").append(c.settings().preempt() ? "yes" : "no").append('\n');
        if (c.settings().params() instanceof CarpParams carp && carp.replayProtection()) {
            sb.append("replay-protection = yes\n");
        }
        if (c.settings().garpRefreshMs() > 0) {
            sb.append("garp-refresh = ").append(duration(c.settings().garpRefreshMs())).append('\n');
        }
        if (c.hooks().upScript() != null) {
            sb.append("up-script = ").append(c.hooks().upScript()).append('\n');
        }
        if (c.hooks().downScript() != null) {
            sb.append("down-script = ").append(c.hooks().downScript()).append('\n');
        }
        if (c.hooks().notifyScript() != null) {
            sb.append("notify    = ").append(c.hooks().notifyScript()).append('\n');
        }
        if (c.hooks().user() != null) {
            sb.append("hook-user = ").append(c.hooks().user()).append('\n');
            sb.append("hook-group = ").append(c.hooks().group()).append('\n');
        }
        sb.append("hook-timeout = ").append(c.hooks().timeoutMs()).append("ms\n");
        for (CheckConfig check : c.checks()) {
            sb.append("check     = ").append(check.kind().name().toLowerCase()).append(' ').append(check.targetText())
                    .append(" interval ").append(check.intervalMs()).append("ms timeout ").append(check.timeoutMs())
                    .append("ms rise ").append(check.rise()).append(" fall ").append(check.fall()).append(" demote ")
                    .append(check.demote()).append(check.expect() == null ? "" : " expect " + check.expect()).append('\n');
        }
        return sb.toString();
    }

    /**
     * A duration in its largest exact unit, so that it parses back: the parser takes at most
     * seven digits, and 24 h is 86400000 ms but 1440m.
     */
    static String duration(long ms) {
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
