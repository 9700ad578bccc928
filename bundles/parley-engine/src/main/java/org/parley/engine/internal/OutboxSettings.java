package org.parley.engine.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link OutboxConfig} checked and parsed. Every value out of range is reported at once, each problem naming the
 * PID, the key, the value given and what is allowed, so that one look at the log fixes the file.
 */
public record OutboxSettings(int concurrency, int batchSize, Duration lease, Duration pollInterval,
                             Duration shutdownTimeout, Duration backoffInitial, double backoffMultiplier,
                             double backoffRandomization, Duration backoffMax, float breakerFailureRateThreshold,
                             int breakerSlidingWindowSize, int breakerMinimumCalls, Duration breakerWaitInOpenState,
                             int breakerPermittedCallsInHalfOpen, LeadPolicy leadPolicy) {

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

    /** A configuration that cannot be used; the message lists every problem. */
    public static final class InvalidConfigurationException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidConfigurationException(String pid, List<String> problems) {
            super("Configuration " + pid + " is invalid: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static OutboxSettings from(OutboxConfig c) {
        Checker k = new Checker(OutboxWorker.PID);
        int concurrency = k.range("concurrency", c.concurrency(), 1, 64);
        int batchSize = k.range("batchSize", c.batchSize(), 1, 1000);
        Duration lease = k.duration("lease", c.lease(), Duration.ofMillis(100), Duration.ofHours(24));
        Duration poll = k.duration("pollInterval", c.pollInterval(), Duration.ofMillis(10), Duration.ofHours(1));
        Duration shutdown = k.duration("shutdownTimeout", c.shutdownTimeout(), Duration.ZERO, Duration.ofMinutes(10));
        Duration initial = k.duration("backoffInitial", c.backoffInitial(), Duration.ofMillis(10), Duration.ofHours(24));
        double multiplier = k.range("backoffMultiplier", c.backoffMultiplier(), 1.0, 10.0);
        double jitter = c.backoffRandomization();
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            k.problem("backoffRandomization", jitter, "a fraction from 0 to below 1 (0.5 spreads each wait by \u00b150%)");
        }
        Duration max = k.duration("backoffMax", c.backoffMax(), Duration.ofMillis(10), Duration.ofDays(7));
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            k.problem("backoffMax", c.backoffMax(), "a duration no shorter than backoffInitial (" + c.backoffInitial()
                    + ") and at most P7D");
        }
        float rate = c.breakerFailureRateThreshold();
        if (!(rate > 0f && rate <= 100f)) {
            k.problem("breakerFailureRateThreshold", rate, "a percentage above 0 and at most 100");
        }
        int window = k.range("breakerSlidingWindowSize", c.breakerSlidingWindowSize(), 1, 1000);
        int minimum = c.breakerMinimumCalls();
        if (minimum < 1 || minimum > Math.max(1, window)) {
            k.problem("breakerMinimumCalls", minimum, "a whole number from 1 to breakerSlidingWindowSize ("
                    + c.breakerSlidingWindowSize() + ")");
        }
        Duration open = k.duration("breakerWaitInOpenState", c.breakerWaitInOpenState(), Duration.ofMillis(10),
                Duration.ofHours(1));
        int halfOpen = k.range("breakerPermittedCallsInHalfOpen", c.breakerPermittedCallsInHalfOpen(), 1, 100);
        int leadAfter = k.range("leadAfterInteractions", c.leadAfterInteractions(), 0, 100_000);
        Set<String> tags = k.tags("leadOnTags", c.leadOnTags());
        k.throwIfAny();
        return new OutboxSettings(concurrency, batchSize, lease, poll, shutdown, initial, multiplier, jitter, max,
                rate, window, minimum, open, halfOpen, new LeadPolicy(leadAfter, tags));
    }

    private static final class Checker {
        private final String pid;
        private final List<String> problems = new ArrayList<>();

        Checker(String pid) {
            this.pid = pid;
        }

        void problem(String key, Object value, String allowed) {
            String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
            problems.add(pid + ": " + key + " = " + shown + " is not allowed; use " + allowed);
        }

        int range(String key, int value, int min, int max) {
            if (value < min || value > max) {
                problem(key, value, "a whole number from " + min + " to " + max);
            }
            return value;
        }

        double range(String key, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                problem(key, value, "a number from " + min + " to " + max);
            }
            return value;
        }

        Duration duration(String key, String value, Duration min, Duration max) {
            String allowed = "an ISO-8601 duration from " + min + " to " + max + " (for example PT30S, PT2M, PT0.5S)";
            if (value == null || value.isBlank()) {
                problem(key, value == null ? "" : value, allowed);
                return null;
            }
            Duration d;
            try {
                d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                problem(key, value, allowed);
                return null;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, value, allowed);
                return null;
            }
            return d;
        }

        Set<String> tags(String key, String value) {
            Set<String> tags = new LinkedHashSet<>();
            if (value == null || value.isBlank()) {
                return tags;
            }
            for (String part : value.split(",")) {
                String tag = part.trim().toLowerCase(Locale.ROOT);
                if (tag.isEmpty()) {
                    continue;
                }
                if (!TAG.matcher(tag).matches()) {
                    problem(key, value, "comma-separated tag names of letters, digits and _ . : - (at most 64 "
                            + "characters each, for example prospect,customer); '" + part.trim() + "' is not one");
                    continue;
                }
                tags.add(tag);
            }
            return tags;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(pid, problems);
            }
        }
    }
}
