package org.carpd.health;

/** One run of a check: passed or not, and in a few words what happened. */
public record ProbeResult(boolean ok, String detail) {
}
