package org.carpd.hooks;

/**
 * How a hook ended.
 *
 * @param exitStatus the script's exit status; -1 when it could not be started or was killed
 * @param timedOut   it ran past its timeout and its process tree was killed
 * @param error      why it could not be started (null otherwise)
 * @param skipped    not run: the vhid had left the state it was for before its turn came
 */
public record HookResult(HookJob job, int exitStatus, long durationMs, boolean timedOut, String error,
                         boolean skipped) {
    public HookResult(HookJob job, int exitStatus, long durationMs, boolean timedOut, String error) {
        this(job, exitStatus, durationMs, timedOut, error, false);
    }

    static HookResult skipped(HookJob job) {
        return new HookResult(job, -1, 0, false, null, true);
    }

    public boolean ok() {
        return exitStatus == 0 && !timedOut && error == null && !skipped;
    }
}
