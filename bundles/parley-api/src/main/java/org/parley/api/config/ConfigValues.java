package org.parley.api.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reading configuration values the way every Parley bundle does, with one wording for what is wrong. {@code where}
 * is the prefix naming the configuration, for example {@code "org.parley.channel.feeds-acme: "}.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** An ISO-8601 duration ({@code PT5M}) or a plain number of seconds ({@code 300}); zero and negative allowed. */
    public static Duration duration(String where, String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + key + " '" + value
                    + "' is not an ISO-8601 duration such as PT5M, nor a number of seconds");
        }
    }

    /** {@link #duration} that must be longer than zero. */
    public static Duration positiveDuration(String where, String key, String value) {
        Duration d = duration(where, key, value);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be longer than zero");
        }
        return d;
    }
}
