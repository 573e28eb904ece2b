package org.carpd.hooks;

import java.util.ArrayList;
import java.util.List;
import org.carpd.sys.Os;

/**
 * The command that runs a hook as another user and group ({@code hook-user}, {@code hook-group}),
 * like keepalived's {@code script_user}: carpd itself cannot change a child's identity from Java,
 * so the hook is started through the system's own tool. Linux: util-linux's {@code setpriv}, which
 * also sets the user's supplementary groups and drops every inheritable and ambient capability, so
 * the hook gets none of carpd's. FreeBSD: {@code chroot(8)} to {@code /} with {@code -u}, {@code -g}
 * and {@code -G} (base has no setpriv; chroot sets exactly the groups given, so the hook's
 * supplementary group list is its one group). Either needs carpd to hold the privilege to change
 * identity (root, or CAP_SETUID and CAP_SETGID under the systemd unit: see the unit's comments).
 */
public final class RunAs {
    private RunAs() {
    }

    /** {@code command} as run by {@code user}:{@code group}; unchanged when user is null. */
    public static List<String> wrap(String user, String group, List<String> command) {
        return wrap(Os.current(), user, group, command);
    }

    static List<String> wrap(Os os, String user, String group, List<String> command) {
        if (user == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(os == Os.FREEBSD
                ? List.of("/usr/sbin/chroot", "-u", user, "-g", group, "-G", group, "/")
                : List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--inh-caps=-all",
                "--ambient-caps=-all", "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
