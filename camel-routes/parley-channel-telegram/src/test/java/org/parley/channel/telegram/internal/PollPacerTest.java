package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.MutableClock;

class PollPacerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PollPacer pacer = new PollPacer(clock, Duration.ofSeconds(1));

    @Test
    void aRateLimitWaitsExactlyTheRetryAfter() {
        pacer.rateLimited(Duration.ofSeconds(17));

        assertThat(pacer.waitUntil()).isEqualTo(Instant.parse("2026-11-23T10:00:17Z"));
        clock.advance(Duration.ofSeconds(17));
        assertThat(pacer.waitUntil()).isNull();
    }

    @Test
    void failuresInARowBackOffUpToAMinuteAndASuccessEndsIt() {
        pacer.failed();
        assertThat(pacer.waitUntil()).isEqualTo(clock.instant().plusSeconds(2));
        pacer.failed();
        assertThat(pacer.waitUntil()).isEqualTo(clock.instant().plusSeconds(4));
        for (int i = 0; i < 10; i++) {
            pacer.failed();
        }
        assertThat(pacer.waitUntil()).isEqualTo(clock.instant().plus(PollPacer.MAX_BACKOFF));

        pacer.succeeded();
        assertThat(pacer.waitUntil()).isNull();
        pacer.failed();
        assertThat(pacer.waitUntil()).isEqualTo(clock.instant().plusSeconds(2));
    }

    @Test
    void anAbsurdRetryAfterIsCapped() {
        pacer.rateLimited(Duration.ofDays(30));

        assertThat(pacer.waitUntil()).isEqualTo(clock.instant().plus(PollPacer.MAX_RETRY_AFTER));
    }
}
