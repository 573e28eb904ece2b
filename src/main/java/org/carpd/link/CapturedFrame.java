package org.carpd.link;

import java.time.Instant;

/** One frame as libpcap delivered it, with its capture time. */
public record CapturedFrame(Instant time, byte[] data) {
}
