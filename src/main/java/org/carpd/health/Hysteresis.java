package org.carpd.health;

/**
 * Turns a series of probe results into a health state: healthy after {@code rise} passes in a
 * row, failed after {@code fall} failures in a row. A check starts failed ("not yet proven"), so
 * a node whose service is down at start never takes over on an unchecked service.
 */
public final class Hysteresis {
    private final int rise;
    private final int fall;
    private boolean healthy;
    private int passesInARow;
    private int failuresInARow;

    public Hysteresis(int rise, int fall) {
        this.rise = rise;
        this.fall = fall;
    }

    /** Records one result; returns true when the health state changed. */
    public boolean record(boolean ok) {
        if (ok) {
            failuresInARow = 0;
            passesInARow++;
            if (!healthy && passesInARow >= rise) {
                healthy = true;
                return true;
            }
        } else {
            passesInARow = 0;
            failuresInARow++;
            if (healthy && failuresInARow >= fall) {
                healthy = false;
                return true;
            }
        }
        return false;
    }

    public boolean healthy() {
        return healthy;
    }
}
