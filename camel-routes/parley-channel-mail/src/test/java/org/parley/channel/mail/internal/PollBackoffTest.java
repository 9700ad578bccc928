package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class PollBackoffTest {

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final PollBackoff backoff = new PollBackoff(Duration.ofMinutes(1), clock);

    @Test
    void failuresInARowDoubleTheWaitUpToFifteenMinutes() {
        assertThat(backoff.due()).isTrue();

        assertThat(backoff.failed()).isEqualTo(clock.now.plus(Duration.ofMinutes(1)));
        clock.now = clock.now.plusSeconds(60);
        assertThat(backoff.due()).as("the next tick after one failure").isTrue();

        assertThat(backoff.failed()).isEqualTo(clock.now.plus(Duration.ofMinutes(2)));
        clock.now = clock.now.plusSeconds(60);
        assertThat(backoff.due()).as("one tick skipped after two failures").isFalse();
        clock.now = clock.now.plusSeconds(60);
        assertThat(backoff.due()).isTrue();

        for (int i = 0; i < 10; i++) {
            backoff.failed();
        }
        Instant start = clock.now;
        clock.now = start.plus(Duration.ofMinutes(14));
        assertThat(backoff.due()).isFalse();
        clock.now = start.plus(PollBackoff.MAX_WAIT);
        assertThat(backoff.due()).isTrue();
        assertThat(backoff.failures()).isEqualTo(12);
    }

    @Test
    void oneGoodPollEndsIt() {
        backoff.failed();
        backoff.failed();
        backoff.succeeded();

        assertThat(backoff.due()).isTrue();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.failed()).isEqualTo(clock.now.plus(Duration.ofMinutes(1)));
    }
}
