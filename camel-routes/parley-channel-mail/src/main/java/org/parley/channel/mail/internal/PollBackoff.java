package org.parley.channel.mail.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows a failing mailbox down. IMAP has no 429 and no Retry-After: a server that is throttling answers
 * {@code NO [UNAVAILABLE]}, {@code NO [LIMIT]} or {@code * BYE} ("too many connections"), and one that refuses the
 * password does so again and again, which can lock the account. So after a failed poll the next ones are skipped for
 * the poll interval doubled per failure in a row, at most {@link #MAX_WAIT}; one good poll ends it. The cursor did
 * not move on a failure, so nothing is lost: the next poll reads from where the last good one stopped.
 */
final class PollBackoff {

    static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private final Duration interval;
    private final Clock clock;
    private int failures;
    private Instant notBefore;

    PollBackoff(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** Whether a poll may run now. */
    synchronized boolean due() {
        return notBefore == null || !clock.instant().isBefore(notBefore);
    }

    /** A poll failed: the following ones wait. Returns when the next poll runs at the earliest. */
    synchronized Instant failed() {
        failures++;
        Duration wait = interval.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        Instant next = clock.instant().plus(wait);
        // Half an interval early, so that timer jitter does not cost the tick that is due at that moment.
        notBefore = next.minus(interval.dividedBy(2));
        return next;
    }

    synchronized void succeeded() {
        failures = 0;
        notBefore = null;
    }

    synchronized int failures() {
        return failures;
    }
}
