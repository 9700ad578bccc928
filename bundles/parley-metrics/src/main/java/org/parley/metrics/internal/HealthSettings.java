package org.parley.metrics.internal;

import java.time.Duration;
import org.parley.api.config.ConfigValues;

/**
 * The readiness thresholds, checked at activation: a wrong value is refused with the PID, the key and the allowed
 * range.
 */
public record HealthSettings(Duration channelFailingFor, Duration inboxBacklogAge) {

    static final Duration CHANNEL_MIN = Duration.ofMinutes(1);
    static final Duration CHANNEL_MAX = Duration.ofDays(7);
    static final Duration INBOX_MIN = Duration.ofSeconds(10);
    static final Duration INBOX_MAX = Duration.ofDays(1);

    static HealthSettings validate(HealthConfig config) {
        String where = HealthConfig.PID + ": ";
        return new HealthSettings(
                within(where, "channelFailingFor", config.channelFailingFor(), CHANNEL_MIN, CHANNEL_MAX, "PT1M", "P7D"),
                within(where, "inboxBacklogAge", config.inboxBacklogAge(), INBOX_MIN, INBOX_MAX, "PT10S", "P1D"));
    }

    private static Duration within(String where, String key, String value, Duration min, Duration max,
                                   String minText, String maxText) {
        Duration d = ConfigValues.duration(where, key, value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be from " + minText + " to "
                    + maxText);
        }
        return d;
    }
}
