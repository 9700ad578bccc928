package org.parley.metrics.internal;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric as Prometheus metric families, written by the Prometheus Java client's text format writer (0.0.4:
 * HELP and TYPE lines, label values escaped). Each source is read once per scrape; one that is absent or fails is
 * reported by {@value #SOURCE_UP} and its families are left out, so a scrape always answers.
 */
final class PrometheusExport {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusExport.class);

    static final String SOURCE_UP = "parley_metrics_source_up";

    /** The states the CRM's circuit breaker (resilience4j) can be in: each is a sample, the current one is 1. */
    static final List<String> BREAKER_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "DISABLED",
            "METRICS_ONLY");

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    private final MetricsReader reader;

    PrometheusExport(MetricsReader reader) {
        this.reader = reader;
    }

    void write(OutputStream out) throws IOException {
        WRITER.write(out, collect());
    }

    MetricSnapshots collect() {
        List<MetricSnapshot> families = new ArrayList<>();
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name(SOURCE_UP)
                .help("1 when the source of a group of Parley's metrics was read in this scrape; 0 when it is not "
                        + "running (no CRM connector, no ingress, the store down) or failed, and its metrics are left out");

        read("channel_states", reader::channels, up, channels -> {
            CounterSnapshot.Builder stored = CounterSnapshot.builder().name("parley_interactions_stored")
                    .help("Interactions stored per channel account (rows in the store): rate() of it is the ingest "
                            + "rate. A retention purge or an erasure lowers it, which Prometheus takes for a reset");
            GaugeSnapshot.Builder sincePoll = GaugeSnapshot.builder()
                    .name("parley_channel_last_successful_poll_age_seconds")
                    .help("Seconds since the channel account's last successful poll; absent when it never had one");
            GaugeSnapshot.Builder sinceNewest = GaugeSnapshot.builder()
                    .name("parley_channel_newest_interaction_age_seconds")
                    .help("Seconds since the newest interaction stored from the channel account was said (its time "
                            + "on the channel); absent when none is stored");
            GaugeSnapshot.Builder failing = GaugeSnapshot.builder().name("parley_channel_failing")
                    .help("1 when the channel account's last poll failed after its last success (or it never had "
                            + "one), else 0");
            for (MetricsReader.ChannelAccount c : channels) {
                Labels labels = Labels.of("channel", c.channel(), "account", c.account());
                stored.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(c.interactionsStored()).build());
                if (c.sinceLastSuccess() != null) {
                    sincePoll.dataPoint(gauge(labels, seconds(c.sinceLastSuccess())));
                }
                if (c.sinceNewest() != null) {
                    sinceNewest.dataPoint(gauge(labels, seconds(c.sinceNewest())));
                }
                failing.dataPoint(gauge(labels, c.failing() ? 1 : 0));
            }
            families.add(stored.build());
            families.add(sincePoll.build());
            families.add(sinceNewest.build());
            families.add(failing.build());
        });

        read("crm_outbox", reader::outbox, up, outbox -> {
            families.add(GaugeSnapshot.builder().name("parley_crm_outbox_rows")
                    .help("CRM outbox rows by status: pending (due or waiting for a retry), waiting (for a person or "
                            + "a lead policy), failed (became dead letters)")
                    .dataPoint(gauge(Labels.of("status", "pending"), outbox.pending()))
                    .dataPoint(gauge(Labels.of("status", "waiting"), outbox.waiting()))
                    .dataPoint(gauge(Labels.of("status", "failed"), outbox.failed()))
                    .build());
            families.add(GaugeSnapshot.builder().name("parley_crm_outbox_oldest_pending_age_seconds")
                    .help("Age in seconds of the oldest pending CRM outbox row; 0 when none is pending")
                    .dataPoint(gauge(Labels.EMPTY, seconds(outbox.oldestPending())))
                    .build());
        });

        read("crm_status", reader::breakerState, up, state -> {
            GaugeSnapshot.Builder breaker = GaugeSnapshot.builder().name("parley_crm_circuit_breaker_state")
                    .help("The CRM circuit breaker's state: 1 for the current state, 0 for the others (OPEN: writes "
                            + "to the CRM are paused)");
            Set<String> states = new LinkedHashSet<>(BREAKER_STATES);
            states.add(state.toUpperCase(Locale.ROOT));
            for (String s : states) {
                breaker.dataPoint(gauge(Labels.of("state", s), s.equalsIgnoreCase(state) ? 1 : 0));
            }
            families.add(breaker.build());
        });

        read("dead_letters", reader::deadLettersPending, up, pending -> families.add(GaugeSnapshot.builder()
                .name("parley_dead_letters_pending")
                .help("Dead letters not yet replayed: payloads that reached Parley but could not be stored")
                .dataPoint(gauge(Labels.EMPTY, pending)).build()));

        read("replies", reader::repliesFailed, up, failed -> families.add(GaugeSnapshot.builder()
                .name("parley_replies_failed")
                .help("Replies in status FAILED (refused by the channel, out of attempts or of unknown outcome), "
                        + "waiting for a person to retry them")
                .dataPoint(gauge(Labels.EMPTY, failed)).build()));

        read("webhook_refusals", reader::refusals, up, refusals -> {
            CounterSnapshot.Builder refused = CounterSnapshot.builder().name("parley_webhook_refusals")
                    .help("Webhook requests the ingress refused since it started, per channel account and reason "
                            + "(unsigned, forged, stale, replayed)");
            for (MetricsReader.Refusal r : refusals) {
                refused.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("channel", r.channel(), "account", r.account(), "reason", r.reason()))
                        .value(r.count()).build());
            }
            families.add(refused.build());
        });

        read("webhook_inbox", reader::inbox, up, backlog -> {
            GaugeSnapshot.Builder pending = GaugeSnapshot.builder().name("parley_webhook_inbox_pending")
                    .help("Verified webhook deliveries committed to the inbox and not yet processed, per channel account");
            GaugeSnapshot.Builder failed = GaugeSnapshot.builder().name("parley_webhook_inbox_failed")
                    .help("Webhook deliveries that could not be processed and became dead letters (until purged)");
            GaugeSnapshot.Builder oldest = GaugeSnapshot.builder().name("parley_webhook_inbox_oldest_pending_age_seconds")
                    .help("Age in seconds of the oldest unprocessed webhook delivery per channel account; 0 when none");
            for (MetricsReader.InboxBacklog b : backlog) {
                Labels labels = Labels.of("channel", b.channel(), "account", b.account());
                pending.dataPoint(gauge(labels, b.pending()));
                failed.dataPoint(gauge(labels, b.failed()));
                oldest.dataPoint(gauge(labels, seconds(b.oldestPending())));
            }
            families.add(pending.build());
            families.add(failed.build());
            families.add(oldest.build());
        });

        families.add(up.build());
        return new MetricSnapshots(families);
    }

    /** Reads one source; on failure marks it down and logs why (what failed, never message content). */
    private static <T> void read(String source, Supplier<T> value, GaugeSnapshot.Builder up, Consumer<T> families) {
        T read;
        try {
            read = value.get();
        } catch (SourceUnavailableException e) {
            up.dataPoint(gauge(Labels.of("source", source), 0));
            return;
        } catch (RuntimeException e) {
            LOG.warn("Metrics: reading {} failed: {}", source, e.toString());
            up.dataPoint(gauge(Labels.of("source", source), 0));
            return;
        }
        families.accept(read);
        up.dataPoint(gauge(Labels.of("source", source), 1));
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
