package org.carpd.control;

/**
 * Who may send which control request, decided from the peer's credentials: root and carpd's own
 * user may do everything; members of the optional status group (for a Nagios or Prometheus user)
 * may read the status ({@code status}, {@code status json}) and nothing else; anyone else is refused. Group
 * membership, supplementary groups included, is checked by the kernel: the socket is mode 0660
 * with that group, so only its members can connect at all; the peer's own uid is what is checked
 * here. Pure: no socket, no libc.
 */
final class ControlPolicy {
    private static final int ROOT = 0;

    private final int daemonUid;
    private final boolean statusGroup;

    /** @param statusGroup whether a status group was configured (and the socket opened to it) */
    ControlPolicy(int daemonUid, boolean statusGroup) {
        this.daemonUid = daemonUid;
        this.statusGroup = statusGroup;
    }

    /** Null when {@code peer} may send {@code request}; otherwise the reason, for the answer. */
    String refusal(PeerCredentials.Peer peer, String request) {
        if (peer.uid() == ROOT || peer.uid() == daemonUid) {
            return null;
        }
        String first = request.strip().split("\\s+", 2)[0];
        String command = first.matches("[a-z]{1,20}") ? first : "this request";
        if (statusGroup && Request.parse(request) instanceof Request.Status) {
            return null;
        }
        return statusGroup
                ? "'" + command + "' needs root or carpd's user (uid " + peer.uid() + " may only read the status)"
                : "the control socket answers root and carpd's user only (not uid " + peer.uid() + ")";
    }
}
