package org.carpd.daemon;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

/**
 * A log line's time: epoch milliseconds as local {@code yyyy-MM-dd HH:mm:ss.SSS}, what logback's
 * {@code CachingDateFormatter} gives for that pattern for any instant from 1900 to 9999 (before
 * 1900, {@link TimeZone} knows no transitions and the two differ by a zone's local mean time).
 * From the end of 2036 on, the time is {@code java.time}'s, as it was: there {@link TimeZone}'s
 * table of transitions ends (the JDK's {@code ZoneInfoFile} stops at 2037) and it repeats a zone's
 * last daylight-saving rule, an hour off {@code java.time} for zones whose future the tz database
 * writes out otherwise (Africa/Windhoek from 2037-01-01, Asia/Gaza and Asia/Hebron from October
 * 2037, Africa/Casablanca and Africa/El_Aaiun from 2038, measured on JDK 17.0.15 at every zone).
 * Written out because that formatter is a {@code java.time} {@code DateTimeFormatter}: building
 * one loaded some 70 classes at every start (its parsers, chronologies, temporal fields and
 * queries), all kept resident (docs/benchmarks.md, "Memory"). The zone is the JVM's default,
 * read once as the formatter read it, and its offset at each instant (daylight saving time
 * included) comes from {@link TimeZone}, which reads the same time-zone data as {@code java.time}.
 * {@code LocalTimestampTest} holds it to {@code DateTimeFormatter} across years, zones and their
 * transitions.
 */
final class LocalTimestamp {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Days from 0000-03-01 (the proleptic Gregorian calendar) to 1970-01-01. */
    private static final long EPOCH_SHIFT = 719_468L;
    private static final long DAYS_PER_400_YEARS = 146_097L;
    /**
     * 2036-12-30T00:00Z: before it, {@link TimeZone}'s offsets are {@code java.time}'s in every zone
     * (the first difference is at 2036-12-31T23:00Z, Africa/Windhoek); a day's margin for offsets.
     */
    static final long TRANSITION_TABLE_END = 2_114_208_000_000L;

    private final TimeZone zone;
    /** {@code java.time}'s formatter, built at the first instant past {@link #TRANSITION_TABLE_END}. */
    private Later later;

    LocalTimestamp() {
        this(TimeZone.getDefault());
    }

    LocalTimestamp(TimeZone zone) {
        this.zone = zone;
    }

    String format(long epochMillis) {
        if (epochMillis >= TRANSITION_TABLE_END) {
            if (later == null) {
                later = new Later(zone);
            }
            return later.format(epochMillis);
        }
        long local = epochMillis + zone.getOffset(epochMillis);
        long days = Math.floorDiv(local, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        // the civil date of a day number, counted in 400-year eras that start on March 1st so that
        // a leap day is the last day of its year (the usual days-to-civil conversion)
        long shifted = days + EPOCH_SHIFT;
        long era = Math.floorDiv(shifted, DAYS_PER_400_YEARS);
        long dayOfEra = shifted - era * DAYS_PER_400_YEARS;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder text = new StringBuilder(23);
        pad(text, year, 4).append('-');
        pad(text, month, 2).append('-');
        pad(text, day, 2).append(' ');
        pad(text, millisOfDay / 3_600_000, 2).append(':');
        pad(text, millisOfDay / 60_000 % 60, 2).append(':');
        pad(text, millisOfDay / 1000 % 60, 2).append('.');
        return pad(text, millisOfDay % 1000, 3).toString();
    }

    private static StringBuilder pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    /** The formatter logback's layout used, for instants where {@link TimeZone} runs out of transitions. */
    private static final class Later {
        private final DateTimeFormatter formatter;

        Later(TimeZone zone) {
            formatter = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone.toZoneId());
        }

        String format(long epochMillis) {
            return formatter.format(Instant.ofEpochMilli(epochMillis));
        }
    }
}
