package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RateLimitGateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (k, v) -> true);
    }

    @Test
    void readsBlueskysEpochResetTheDraftsDeltaAndRetryAfter() {
        assertThat(RateLimitGate.waitFrom(headers(Map.of("RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 90))), NOW))
                .contains(Duration.ofSeconds(90));
        assertThat(RateLimitGate.waitFrom(headers(Map.of("RateLimit-Reset", "45")), NOW)).contains(Duration.ofSeconds(45));
        assertThat(RateLimitGate.waitFrom(headers(Map.of("Retry-After", "30")), NOW)).contains(Duration.ofSeconds(30));
        assertThat(RateLimitGate.waitFrom(headers(Map.of("Retry-After", "Sun, 22 Nov 2026 10:02:00 GMT")), NOW))
                .contains(Duration.ofMinutes(2));
        assertThat(RateLimitGate.waitFrom(headers(Map.of("RateLimit-Reset", "soon")), NOW)).isEqualTo(Optional.empty());
        assertThat(RateLimitGate.waitFrom(headers(Map.of("RateLimit-Reset", Long.toString(NOW.getEpochSecond() - 5))), NOW))
                .contains(Duration.ZERO);
        assertThat(RateLimitGate.waitFrom(headers(Map.of("Retry-After", "999999")), NOW)).contains(RateLimitGate.MAX_WAIT);
    }

    @Test
    void a429ClosesTheGateUntilTheResetAndAMissingResetForAMinute() {
        RateLimitGate gate = new RateLimitGate(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(gate.closedUntil()).isNull();

        gate.refused(headers(Map.of("RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 20))));
        assertThat(gate.closedUntil()).isEqualTo(NOW.plusSeconds(20));
        assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(20));

        RateLimitGate other = new RateLimitGate(Clock.fixed(NOW, ZoneOffset.UTC));
        other.refused(headers(Map.of()));
        assertThat(other.closedUntil()).isEqualTo(NOW.plus(RateLimitGate.DEFAULT_WAIT));
    }

    @Test
    void a429WhoseResetReadsAsNowStillWaitsASecond() {
        Instant late = NOW.plusMillis(999);
        RateLimitGate gate = new RateLimitGate(Clock.fixed(late, ZoneOffset.UTC));

        gate.refused(headers(Map.of("RateLimit-Reset", Long.toString(NOW.getEpochSecond()))));

        assertThat(gate.closedUntil()).isEqualTo(late.plus(RateLimitGate.MIN_WAIT_AFTER_REFUSAL));
        assertThat(gate.remaining()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSpentBudgetClosesTheGateBeforeBlueskyRefuses() {
        RateLimitGate gate = new RateLimitGate(Clock.fixed(NOW, ZoneOffset.UTC));

        gate.answered(headers(Map.of("RateLimit-Remaining", "12", "RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 300))));
        assertThat(gate.closedUntil()).isNull();
        gate.answered(headers(Map.of("RateLimit-Remaining", "0", "RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 300))));
        assertThat(gate.closedUntil()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void aShorterWaitNeverReopensALongerOne() {
        RateLimitGate gate = new RateLimitGate(Clock.fixed(NOW, ZoneOffset.UTC));
        gate.closeUntil(NOW.plusSeconds(60));
        gate.closeUntil(NOW.plusSeconds(5));
        assertThat(gate.closedUntil()).isEqualTo(NOW.plusSeconds(60));
    }
}
