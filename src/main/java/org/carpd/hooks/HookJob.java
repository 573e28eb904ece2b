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
 */
public record HookJob(VhidKey vhid, String kind, List<String> command, Map<String, String> environment, long timeoutMs) {
}
