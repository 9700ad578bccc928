package org.parley.channel.bluesky.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When Bluesky asked one account to wait. Bluesky answers 429 with {@code RateLimit-Reset} (epoch seconds) and its
 * {@code RateLimit-Limit/Remaining/Policy} siblings, sometimes {@code Retry-After}; a success whose
 * {@code RateLimit-Remaining} is 0 says the next call would be refused. Until the reset, polls are skipped and replies
 * wait: nothing is dropped, nothing is sent only to be refused.
 */
final class RateLimitGate {

    /** The longest wait honoured: a wrong header cannot silence an account for longer than this. */
    static final Duration MAX_WAIT = Duration.ofHours(24);
    /** When a 429 names no reset at all. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    /**
     * The least wait after a 429: {@code RateLimit-Reset} counts whole epoch seconds, so a reset that reads as
     * "now" may still be up to a second away, and calling again at once would only be refused again.
     */
    static final Duration MIN_WAIT_AFTER_REFUSAL = Duration.ofSeconds(1);
    /** Values below this are delta-seconds (the IETF draft's form); above it, epoch seconds (Bluesky's form). */
    private static final long EPOCH_THRESHOLD = 1_000_000_000L;

    private final Clock clock;
    private volatile Instant notBefore;

    RateLimitGate(Clock clock) {
        this.clock = clock;
    }

    /** Until when calls wait, or null when they may go. */
    Instant closedUntil() {
        Instant until = notBefore;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    /** How long is left to wait; zero when open. */
    Duration remaining() {
        Instant until = closedUntil();
        return until == null ? Duration.ZERO : Duration.between(clock.instant(), until);
    }

    /** Closes the gate until {@code until}, unless it is already closed for longer. */
    synchronized void closeUntil(Instant until) {
        if (notBefore == null || until.isAfter(notBefore)) {
            notBefore = until;
        }
    }

    /** After a 429: closes the gate until the time the headers give (or a minute) and returns that time. */
    Instant refused(HttpHeaders headers) {
        Instant now = clock.instant();
        Duration wait = waitFrom(headers, now).orElse(DEFAULT_WAIT);
        Instant until = now.plus(wait.compareTo(MIN_WAIT_AFTER_REFUSAL) < 0 ? MIN_WAIT_AFTER_REFUSAL : wait);
        closeUntil(until);
        return closedUntil() == null ? until : closedUntil();
    }

    /** After a success: a spent budget ({@code RateLimit-Remaining: 0}) closes the gate until its reset. */
    void answered(HttpHeaders headers) {
        Optional<String> remaining = headers.firstValue("RateLimit-Remaining");
        if (remaining.isPresent() && remaining.get().trim().equals("0")) {
            Instant now = clock.instant();
            waitFrom(headers, now).ifPresent(wait -> closeUntil(now.plus(wait)));
        }
    }

    /** {@code RateLimit-Reset} (epoch or delta seconds), else {@code Retry-After} (seconds or HTTP date), capped. */
    static Optional<Duration> waitFrom(HttpHeaders headers, Instant now) {
        Optional<Duration> wait = headers.firstValue("RateLimit-Reset").flatMap(v -> reset(v, now));
        if (wait.isEmpty()) {
            wait = headers.firstValue("Retry-After").flatMap(v -> retryAfter(v, now));
        }
        return wait.map(w -> w.isNegative() ? Duration.ZERO : w).map(w -> w.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : w);
    }

    static Optional<Duration> reset(String value, Instant now) {
        String v = value.trim();
        if (!v.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        long n = Long.parseLong(v);
        return Optional.of(n >= EPOCH_THRESHOLD ? Duration.between(now, Instant.ofEpochSecond(n)) : Duration.ofSeconds(n));
    }

    static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            return Optional.of(Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
