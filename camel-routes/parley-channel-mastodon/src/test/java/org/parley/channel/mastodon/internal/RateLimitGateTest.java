package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.MutableClock;

class RateLimitGateTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RateLimitGate gate = new RateLimitGate(clock);

    private static HttpHeaders headers(String... keyValues) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return HttpHeaders.of(map, (k, v) -> true);
    }

    @Test
    void requestsLeftKeepTheGateOpen() {
        assertThat(gate.observe(200, headers("X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "299",
                "X-RateLimit-Reset", "2026-11-23T10:05:00.000000Z"))).isNull();
        assertThat(gate.closedUntil()).isNull();
    }

    @Test
    void theLastRequestOfTheWindowClosesTheGateUntilTheReset() {
        gate.observe(200, headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-11-23T10:02:30.123456Z"));

        assertThat(gate.closedUntil()).isEqualTo(Instant.parse("2026-11-23T10:02:30.123456Z"));
        clock.advance(Duration.ofSeconds(150));
        assertThat(gate.closedUntil()).isNotNull();
        clock.advance(Duration.ofMillis(124));
        assertThat(gate.closedUntil()).isNull();
    }

    @Test
    void a429WaitsUntilTheResetMeasuredOnTheServersClock() {
        // The server's clock is 10 minutes ahead of ours: its reset is 60 s after its "now".
        Instant until = gate.observe(429, headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-11-23T10:11:00Z",
                "Date", "Mon, 23 Nov 2026 10:10:00 GMT"));

        assertThat(until).isEqualTo(NOW.plusSeconds(60));
        assertThat(gate.closedUntil()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void a429WithoutResetFallsBackToRetryAfterThenToAMinute() {
        assertThat(gate.observe(429, headers("Retry-After", "42"))).isEqualTo(NOW.plusSeconds(42));
        RateLimitGate other = new RateLimitGate(clock);
        assertThat(other.observe(429, headers("X-RateLimit-Reset", "soon"))).isEqualTo(NOW.plus(RateLimitGate.DEFAULT_WAIT));
    }

    @Test
    void aResetInThePastOpensAtOnceAndAFarOneIsCapped() {
        assertThat(gate.observe(429, headers("X-RateLimit-Reset", "2026-11-23T09:00:00Z"))).isEqualTo(NOW);
        assertThat(gate.closedUntil()).isNull();
        assertThat(gate.observe(429, headers("X-RateLimit-Reset", "2027-01-01T00:00:00Z")))
                .isEqualTo(NOW.plus(RateLimitGate.MAX_WAIT));
    }
}
