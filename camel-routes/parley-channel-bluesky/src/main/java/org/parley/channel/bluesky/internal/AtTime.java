package org.parley.channel.bluesky.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** AT Protocol datetimes: RFC 3339 with a time zone ({@code Z} or an offset), any number of fraction digits. */
final class AtTime {

    private AtTime() {
    }

    /** The instant, or null when the text is absent or not such a datetime. */
    static Instant parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return null;
        }
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** The form records carry: UTC, milliseconds, {@code Z}. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
