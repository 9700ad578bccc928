package org.parley.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.metrics.internal.Doubles.NOW;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.CrmOutbox;
import org.parley.api.Reply;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;
import org.parley.metrics.ParleyMetrics;

/** The Prometheus text: names, HELP, TYPE, values, label escaping, and sources that are absent or fail. */
class PrometheusExportTest {

    private final Doubles doubles = new Doubles();

    private String scrape(Supplier<Sources> sources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsService(sources, Clock.fixed(NOW, ZoneOffset.UTC)).writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    @Test
    void everyMetricWithItsHelpTypeAndValue() throws IOException {
        doubles.states.add(new ChannelState("mastodon", "brand", "109", NOW.minusSeconds(60), NOW.minusSeconds(60),
                null, null, 340, null));
        doubles.states.add(new ChannelState("telegram", "bot", "1", NOW, NOW.minusSeconds(3600), "401", NOW, 12, null));
        doubles.interactions.add(Doubles.interaction("mastodon", "brand", "m1", NOW.minusMillis(90_500)));
        doubles.outboxStats = new CrmOutbox.Stats(7, 2, 1, Duration.ofMinutes(3), null);
        doubles.breakerState = "HALF_OPEN";
        doubles.deadLettersPending = 4;
        doubles.replies.add(Doubles.reply(1, Reply.Status.FAILED));
        doubles.refused.add(new WebhookRefusals.Refused("meta", "brand", Map.of("forged", 3L)));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 5, 1,
                Duration.ofSeconds(42), null));

        List<String> lines = lines(scrape(doubles::all));

        assertThat(lines).containsSubsequence(
                "# HELP parley_interactions_stored_total Interactions stored per channel account (rows in the store): "
                        + "rate() of it is the ingest rate. A retention purge or an erasure lowers it, which "
                        + "Prometheus takes for a reset",
                "# TYPE parley_interactions_stored_total counter",
                "parley_interactions_stored_total{account=\"bot\",channel=\"telegram\"} 12.0",
                "parley_interactions_stored_total{account=\"brand\",channel=\"mastodon\"} 340.0");
        assertThat(lines).containsSubsequence(
                "# TYPE parley_channel_last_successful_poll_age_seconds gauge",
                "parley_channel_last_successful_poll_age_seconds{account=\"bot\",channel=\"telegram\"} 3600.0",
                "parley_channel_last_successful_poll_age_seconds{account=\"brand\",channel=\"mastodon\"} 60.0");
        assertThat(lines).contains(
                "parley_channel_newest_interaction_age_seconds{account=\"brand\",channel=\"mastodon\"} 90.5",
                "parley_channel_failing{account=\"brand\",channel=\"mastodon\"} 0.0",
                "parley_channel_failing{account=\"bot\",channel=\"telegram\"} 1.0",
                "# TYPE parley_crm_outbox_rows gauge",
                "parley_crm_outbox_rows{status=\"pending\"} 7.0",
                "parley_crm_outbox_rows{status=\"waiting\"} 2.0",
                "parley_crm_outbox_rows{status=\"failed\"} 1.0",
                "parley_crm_outbox_oldest_pending_age_seconds 180.0",
                "parley_crm_circuit_breaker_state{state=\"HALF_OPEN\"} 1.0",
                "parley_crm_circuit_breaker_state{state=\"OPEN\"} 0.0",
                "parley_crm_circuit_breaker_state{state=\"CLOSED\"} 0.0",
                "# TYPE parley_dead_letters_pending gauge",
                "parley_dead_letters_pending 4.0",
                "parley_replies_failed 1.0",
                "# TYPE parley_webhook_refusals_total counter",
                "parley_webhook_refusals_total{account=\"brand\",channel=\"meta\",reason=\"forged\"} 3.0",
                "parley_webhook_inbox_pending{account=\"brand\",channel=\"meta\"} 5.0",
                "parley_webhook_inbox_failed{account=\"brand\",channel=\"meta\"} 1.0",
                "parley_webhook_inbox_oldest_pending_age_seconds{account=\"brand\",channel=\"meta\"} 42.0");
        assertThat(lines).as("the telegram account has no stored interaction: no newest age")
                .noneMatch(l -> l.startsWith("parley_channel_newest_interaction_age_seconds{account=\"bot\""));
        for (String source : List.of("channel_states", "crm_outbox", "crm_status", "dead_letters", "replies",
                "webhook_refusals", "webhook_inbox")) {
            assertThat(lines).contains("parley_metrics_source_up{source=\"" + source + "\"} 1.0");
        }
    }

    @Test
    void everyFamilyHasHelpAndTypeBeforeItsSamples() throws IOException {
        doubles.states.add(new ChannelState("mastodon", "brand", "1", NOW, NOW, null, null, 1, null));
        doubles.interactions.add(Doubles.interaction("mastodon", "brand", "m1", NOW));
        doubles.refused.add(new WebhookRefusals.Refused("meta", "brand", Map.of("stale", 1L)));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 1, 0,
                Duration.ofSeconds(1), null));
        List<String> lines = lines(scrape(doubles::all));

        String family = null;
        int families = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
                assertThat(line.length()).as(family + " has help text").isGreaterThan(("# HELP " + family + " ").length() + 10);
                assertThat(lines.get(i + 1)).matches("# TYPE " + family + " (counter|gauge)");
                families++;
            } else if (!line.startsWith("#")) {
                assertThat(family).as(line).isNotNull();
                assertThat(line).as("a sample of the family announced above").startsWith(family);
                assertThat(line).matches("[a-z_]+(\\{.*\\})? -?[0-9.E]+");
            }
        }
        assertThat(families).as("every family, each with samples").isEqualTo(14);
    }

    @Test
    void labelValuesAreEscaped() throws IOException {
        doubles.states.add(new ChannelState("feeds", "a\\b \"quoted\"\nnext", null, NOW, NOW, null, null, 2, null));

        String text = scrape(doubles::all);

        assertThat(text).contains(
                "parley_interactions_stored_total{account=\"a\\\\b \\\"quoted\\\"\\nnext\",channel=\"feeds\"} 2.0");
        assertThat(lines(text)).allSatisfy(l -> assertThat(l).doesNotContain("\r"));
    }

    @Test
    void withoutTheCrmConnectorAndTheIngressTheRestIsReported() throws IOException {
        doubles.deadLettersPending = 1;

        String text = scrape(doubles::storeOnly);

        assertThat(text).contains("parley_metrics_source_up{source=\"crm_status\"} 0.0",
                "parley_metrics_source_up{source=\"webhook_refusals\"} 0.0",
                "parley_metrics_source_up{source=\"dead_letters\"} 1.0",
                "parley_dead_letters_pending 1.0",
                "parley_crm_outbox_rows{status=\"pending\"} 0.0");
        assertThat(text).doesNotContain("parley_crm_circuit_breaker_state", "parley_webhook_refusals_total");
    }

    @Test
    void aStoreThatFailsIsReportedDownAndTheScrapeStillAnswers() throws IOException {
        doubles.failure = new IllegalStateException("cannot read: connection refused");

        String text = scrape(doubles::all);

        for (String source : List.of("channel_states", "crm_outbox", "dead_letters", "replies", "webhook_inbox")) {
            assertThat(text).contains("parley_metrics_source_up{source=\"" + source + "\"} 0.0");
        }
        assertThat(text).contains("parley_metrics_source_up{source=\"crm_status\"} 1.0",
                "parley_crm_circuit_breaker_state{state=\"CLOSED\"} 1.0");
        assertThat(text).doesNotContain("parley_dead_letters_pending", "parley_interactions_stored_total");
    }

    @Test
    void noMessageContentIsEverWritten() throws IOException {
        doubles.states.add(new ChannelState("mastodon", "brand", "1", NOW, NOW, null, null, 1, null));
        doubles.interactions.add(Doubles.interaction("mastodon", "brand", "m1", NOW));
        doubles.replies.add(Doubles.reply(1, Reply.Status.FAILED));

        assertThat(scrape(doubles::all)).doesNotContain("the text of", "reply text", "someone");
    }

    @Test
    void theContentTypeIsTheWritersTextFormat004() {
        assertThat(ParleyMetrics.CONTENT_TYPE).isEqualTo(PrometheusTextFormatWriter.CONTENT_TYPE)
                .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }
}
