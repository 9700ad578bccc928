package org.parley.channel.telegram.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the next poll may run: at once after a success; after Telegram's {@code retry_after} when it answered 429;
 * after a pause that doubles with each failure in a row (from twice the poll interval up to a minute), so that a
 * network outage or a refused token is not asked about every second.
 */
final class PollPacer {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** The longest wait honoured: a flood-control answer cannot silence a bot for longer than this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final Clock clock;
    private final Duration interval;
    private volatile int failures;
    private volatile Instant notBefore;

    PollPacer(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** The time before which polls are skipped, else null. */
    Instant waitUntil() {
        Instant until = notBefore;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    void succeeded() {
        failures = 0;
        notBefore = null;
    }

    void rateLimited(Duration retryAfter) {
        Duration wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        notBefore = clock.instant().plus(wait);
    }

    void failed() {
        failures = Math.min(failures + 1, 30);
        Duration wait = interval.multipliedBy(1L << Math.min(failures, 20));
        notBefore = clock.instant().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
    }
}
