package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.MutableClock;

class PollBackoffTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PollBackoff backoff = new PollBackoff(Duration.ofMinutes(1), clock);

    @Test
    void failuresInARowDoubleTheWaitUpToFifteenMinutes() {
        assertThat(backoff.due()).isTrue();

        assertThat(backoff.failed()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(backoff.due()).as("the next tick after one failure").isTrue();

        assertThat(backoff.failed()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(backoff.due()).as("one tick skipped after two failures").isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(backoff.due()).isTrue();

        for (int i = 0; i < 10; i++) {
            backoff.failed();
        }
        Instant start = clock.instant();
        clock.set(start.plus(Duration.ofMinutes(14)));
        assertThat(backoff.due()).isFalse();
        clock.set(start.plus(PollBackoff.MAX_WAIT));
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
        assertThat(backoff.failed()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    }
}
