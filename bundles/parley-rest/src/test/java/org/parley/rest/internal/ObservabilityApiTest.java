package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics and health endpoints over the seeded world, through parley-metrics' own implementation: the Prometheus
 * text with its content type, liveness, and readiness with its reasons (503 when a store double throws).
 */
class ObservabilityApiTest extends ApiTestBase {

    @Test
    void metricsInThePrometheusTextFormat() {
        Http.Answer answer = get("/metrics", VIEWER);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        List<String> lines = List.of(answer.body().split("\n"));
        assertThat(lines).contains(
                "# TYPE parley_interactions_stored_total counter",
                "parley_interactions_stored_total{account=\"\",channel=\"feeds\"} 0.0",
                "parley_interactions_stored_total{account=\"brand\",channel=\"mastodon\"} 340.0",
                "parley_interactions_stored_total{account=\"bot\",channel=\"telegram\"} 12.0",
                "parley_channel_failing{account=\"bot\",channel=\"telegram\"} 1.0",
                "parley_channel_failing{account=\"brand\",channel=\"mastodon\"} 0.0",
                // The newest of mastodon/brand is m2 (T0 + 1 h), 75 hours before ApiServer.NOW.
                "parley_channel_newest_interaction_age_seconds{account=\"brand\",channel=\"mastodon\"} 270000.0",
                "parley_channel_newest_interaction_age_seconds{account=\"\",channel=\"feeds\"} 262800.0",
                "parley_channel_last_successful_poll_age_seconds{account=\"bot\",channel=\"telegram\"} 274200.0",
                "parley_crm_outbox_rows{status=\"pending\"} 3.0",
                "parley_crm_outbox_oldest_pending_age_seconds 120.0",
                "parley_crm_circuit_breaker_state{state=\"CLOSED\"} 1.0",
                "parley_dead_letters_pending 1.0",
                "parley_replies_failed 1.0",
                "parley_webhook_refusals_total{account=\"brand\",channel=\"meta\",reason=\"forged\"} 2.0",
                "parley_webhook_inbox_pending{account=\"brand\",channel=\"meta\"} 2.0");
        assertThat(answer.body()).as("no message content").doesNotContain("never arrived", "Five stars", "Ana");
    }

    @Test
    void aStoreThatFailsLeavesItsMetricsOutAndTheScrapeAnswers() {
        fakes.failure = new IllegalStateException("cannot read: Connection refused");

        Http.Answer answer = get("/metrics", VIEWER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("parley_metrics_source_up{source=\"channel_states\"} 0.0",
                "parley_metrics_source_up{source=\"dead_letters\"} 0.0",
                "parley_metrics_source_up{source=\"webhook_refusals\"} 1.0");
        assertThat(answer.body()).doesNotContain("parley_dead_letters_pending");
    }

    @Test
    void liveWhileTheApiServes() {
        Http.Answer answer = get("/health/live", VIEWER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("live");
        assertThat(answer.json().path("reasons")).isEmpty();
    }

    @Test
    void notReadyWithTheFailingChannelAccount() {
        Http.Answer answer = get("/health/ready", VIEWER);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("status").asText()).isEqualTo("not_ready");
        assertThat(reasons(answer.json())).containsExactly("channel telegram/bot is failing: no successful poll "
                + "since 2026-11-20T07:50:00Z (longer than PT15M)");
        assertThat(answer.body()).as("the channel's error text stays out").doesNotContain("Unauthorized");
    }

    @Test
    void readyOnceTheChannelRecovers() {
        synchronized (fakes) {
            fakes.channelStates.removeIf(s -> s.channel().equals("telegram"));
        }

        Http.Answer answer = get("/health/ready", VIEWER);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("ready");
        assertThat(answer.json().path("reasons")).isEmpty();
    }

    @Test
    void notReadyWhenTheStoreFails() {
        fakes.failure = new IllegalStateException("cannot read channel states: Connection refused");

        Http.Answer answer = get("/health/ready", ADMIN);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(reasons(answer.json())).containsExactly(
                "database down: reading the channel states failed (IllegalStateException)",
                "CRM status unavailable: reading it failed (IllegalStateException)");
        assertThat(answer.body()).doesNotContain("Connection refused");
    }

    @Test
    void notReadyWhileTheCrmBreakerIsOpen() {
        synchronized (fakes) {
            fakes.channelStates.removeIf(s -> s.channel().equals("telegram"));
        }
        fakes.breakerState = "OPEN";

        Http.Answer answer = get("/health/ready", VIEWER);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(reasons(answer.json())).containsExactly("CRM circuit breaker is OPEN: writes to the CRM are paused");
    }

    private static List<String> reasons(JsonNode health) {
        List<String> reasons = new ArrayList<>();
        health.path("reasons").forEach(r -> reasons.add(r.asText()));
        return reasons;
    }
}
