package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** A log line's time reads as logback's DateTimeFormatter wrote it, in any zone, around any transition since 1900. */
class LocalTimestampTest {
    private static final String PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";
    /** UTC, daylight saving time both sides of the equator, half-hour offsets and DST, a date-line jump. */
    private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney",
        "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "America/Sao_Paulo"};

    private static void assertSameAsFormatter(String zoneName, long millis) {
        TimeZone zone = TimeZone.getTimeZone(zoneName);
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(PATTERN).withZone(zone.toZoneId());
        assertThat(new LocalTimestamp(zone).format(millis)).as(zoneName + " " + millis)
                .isEqualTo(formatter.format(Instant.ofEpochMilli(millis)));
    }

    @Test
    void randomInstantsFrom1900To2200() {
        long from = ZonedDateTime.parse("1900-01-01T00:00:00Z").toInstant().toEpochMilli();
        long to = ZonedDateTime.parse("2200-01-01T00:00:00Z").toInstant().toEpochMilli();
        SplittableRandom random = new SplittableRandom(17);
        for (String zone : ZONES) {
            for (int i = 0; i < 5_000; i++) {
                assertSameAsFormatter(zone, random.nextLong(from, to));
            }
        }
    }

    @Test
    void aroundEveryTransitionAndCalendarEdge() {
        for (String zone : ZONES) {
            ZonedDateTime at = ZonedDateTime.parse("1990-01-01T00:00:00Z");
            for (int i = 0; i < 200; i++) {
                ZoneOffsetTransition next = TimeZone.getTimeZone(zone).toZoneId().getRules()
                        .nextTransition(at.toInstant());
                if (next == null) {
                    break;
                }
                long t = next.toEpochSecond() * 1000;
                for (long d : new long[] {-3_600_001, -1, 0, 1, 999, 3_600_000}) {
                    assertSameAsFormatter(zone, t + d);
                }
                at = ZonedDateTime.ofInstant(next.getInstant(), at.getZone());
            }
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T23:59:59.999Z",
            "2000-03-01T00:00:00Z", "2100-02-28T23:59:59.999Z", "2100-03-01T00:00:00Z", "2024-12-31T23:59:59.999Z",
            "9999-12-30T00:00:00Z", "1900-01-02T00:00:00Z"}) {
            for (String zone : ZONES) {
                assertSameAsFormatter(zone, Instant.parse(edge).toEpochMilli());
            }
        }
    }

    /** Zones whose future the tz database writes out past 2037, where TimeZone alone repeats a last rule. */
    @Test
    void zonesWhoseTransitionsOutliveTimeZonesTable() {
        long from = ZonedDateTime.parse("2036-01-01T00:00:00Z").toInstant().toEpochMilli();
        long to = ZonedDateTime.parse("2100-01-01T00:00:00Z").toInstant().toEpochMilli();
        SplittableRandom random = new SplittableRandom(2037);
        for (String zone : new String[] {"Africa/Windhoek", "Asia/Gaza", "Asia/Hebron", "Africa/Casablanca",
            "Africa/El_Aaiun"}) {
            for (int i = 0; i < 5_000; i++) {
                assertSameAsFormatter(zone, random.nextLong(from, to));
            }
            for (long d = -86_400_000L; d <= 86_400_000L; d += 900_000L) {
                assertSameAsFormatter(zone, LocalTimestamp.TRANSITION_TABLE_END + d);
            }
        }
    }
}
