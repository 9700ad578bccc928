package org.parley.channel.mastodon.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Mastodon's rate limit as its answers describe it ({@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining},
 * {@code X-RateLimit-Reset} as an ISO-8601 timestamp): after a 429, or an answer that used the last request of the
 * window, the gate is closed until the window resets.
 *
 * <p>The reset is the server's time; it is turned into a wait with the answer's {@code Date} header (the server's
 * "now"), so a clock that runs differently here neither shortens nor stretches the wait.
 */
final class RateLimitGate {

    /** The longest wait honoured: a server cannot silence an account for longer than this. */
    static final Duration MAX_WAIT = Duration.ofHours(24);
    /** The wait after a 429 that says nothing about when to come back. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    private final Clock clock;
    private volatile Instant closedUntil;

    RateLimitGate(Clock clock) {
        this.clock = clock;
    }

    /** When the gate opens again, or null when it is open. */
    Instant closedUntil() {
        Instant until = closedUntil;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    /**
     * Reads the rate-limit headers of an answer.
     *
     * @return for a 429, when to try again; else null
     */
    Instant observe(int status, HttpHeaders headers) {
        Instant now = clock.instant();
        Duration untilReset = untilReset(headers);
        if (status == 429) {
            Duration wait = untilReset != null ? untilReset : retryAfter(headers);
            return close(now.plus(wait != null ? wait : DEFAULT_WAIT));
        }
        if (untilReset != null && headers.firstValue("X-RateLimit-Remaining").map(RateLimitGate::exhausted).orElse(false)) {
            close(now.plus(untilReset));
        }
        return null;
    }

    private Instant close(Instant until) {
        Instant previous = closedUntil;
        Instant next = previous != null && previous.isAfter(until) ? previous : until;
        closedUntil = next;
        return next;
    }

    private static boolean exhausted(String remaining) {
        try {
            return Long.parseLong(remaining.trim()) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Time from the server's now to its reset, within [0, MAX_WAIT]; null when the reset is absent or unreadable. */
    private Duration untilReset(HttpHeaders headers) {
        String reset = headers.firstValue("X-RateLimit-Reset").orElse(null);
        if (reset == null || reset.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(reset.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        Instant serverNow = headers.firstValue("Date").map(RateLimitGate::httpDate).orElse(null);
        return bounded(Duration.between(serverNow != null ? serverNow : clock.instant(), at));
    }

    private static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse("").trim();
        return value.matches("\\d{1,9}") ? bounded(Duration.ofSeconds(Long.parseLong(value))) : null;
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration bounded(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
