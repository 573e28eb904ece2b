package org.carpd.hooks;

import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;

/**
 * One script to run for one transition of one vhid.
 *
 * @param vhid        the vhid, whose queue it runs in
 * @param kind        up-script, down-script or notify (for logs)
 * @param command     the script and its arguments
 * @param environment the CARP_* variables
 * @param transition  which transition of the daemon it belongs to (increasing, shared by the jobs of
 *                    one transition): a job of an earlier transition than the vhid's latest is for a
 *                    state the vhid has already left, and is skipped
 */
public record HookJob(VhidKey vhid, String kind, List<String> command, Map<String, String> environment, long timeoutMs,
                      long transition) {
}
