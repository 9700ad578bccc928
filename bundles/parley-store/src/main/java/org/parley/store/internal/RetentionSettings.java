package org.parley.store.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.parley.api.config.ConfigValues;

/**
 * {@link RetentionConfig}, checked: every problem is refused with the PID, the key and what is wrong.
 *
 * @param ages      how long each named channel's interactions are kept
 * @param interval  how often the purge runs
 * @param batchSize interactions purged per transaction
 */
record RetentionSettings(Map<String, Duration> ages, Duration interval, int batchSize) {

    static final Duration MIN_AGE = Duration.ofDays(1);
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    RetentionSettings {
        ages = Collections.unmodifiableMap(new LinkedHashMap<>(ages));
    }

    static RetentionSettings validate(RetentionConfig config) {
        String where = RetentionConfig.PID + ": ";
        Map<String, Duration> ages = new LinkedHashMap<>();
        String channels = config.channels() == null ? "" : config.channels().trim();
        if (!channels.isEmpty()) {
            for (String pair : channels.split(",")) {
                String[] parts = pair.trim().split("=", 2);
                String channel = parts[0].trim();
                if (parts.length != 2 || !CHANNEL.matcher(channel).matches()) {
                    throw new IllegalArgumentException(where + "channels: '" + pair.trim() + "' is not channel=age, "
                            + "such as feeds=P365D");
                }
                Duration age = ConfigValues.duration(where, "channels (" + channel + ")", parts[1].trim());
                if (age.compareTo(MIN_AGE) < 0) {
                    throw new IllegalArgumentException(where + "channels: the age of " + channel + " is " + age
                            + "; it must be at least P1D");
                }
                if (ages.put(channel, age) != null) {
                    throw new IllegalArgumentException(where + "channels: " + channel + " is named twice");
                }
            }
        }
        Duration interval = ConfigValues.positiveDuration(where, "interval", config.interval());
        if (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(where + "interval '" + config.interval() + "' must be from PT1M to P7D");
        }
        int batchSize;
        try {
            batchSize = Integer.parseInt(config.batchSize().trim());
        } catch (NumberFormatException e) {
            batchSize = 0;
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(where + "batchSize '" + config.batchSize()
                    + "' must be a whole number from 1 to 10000");
        }
        return new RetentionSettings(ages, interval, batchSize);
    }
}
