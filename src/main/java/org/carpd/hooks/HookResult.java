package org.carpd.hooks;

/**
 * How a hook ended.
 *
 * @param exitStatus the script's exit status; -1 when it could not be started or was killed
 * @param timedOut   it ran past its timeout and its process tree was killed
 * @param error      why it could not be started (null otherwise)
 */
public record HookResult(HookJob job, int exitStatus, long durationMs, boolean timedOut, String error) {
    public boolean ok() {
        return exitStatus == 0 && !timedOut && error == null;
    }
}
