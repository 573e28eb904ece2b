package org.carpd.health;

import java.time.Instant;
import org.carpd.core.VhidKey;
import org.carpd.config.CheckConfig;

/**
 * One probe's outcome, as the engine receives it.
 *
 * @param changed true when this result changed the check's health
 */
public record CheckReport(VhidKey vhid, CheckConfig check, ProbeResult result, boolean healthy, boolean changed,
                          Instant at) {
}
