package org.parley.metrics.internal;

import java.time.Duration;
import java.util.List;

/** The MXBean's attributes, each read from its source through the {@link MetricsReader} when it is read. */
final class ParleyMetricsBean implements ParleyMetricsMXBean {

    private final MetricsReader reader;

    ParleyMetricsBean(MetricsReader reader) {
        this.reader = reader;
    }

    @Override
    public List<ChannelAccountData> getChannels() {
        return reader.channels().stream().map(c -> new ChannelAccountData(c.channel(), c.account(),
                c.interactionsStored(), secondsOrMinusOne(c.sinceLastSuccess()), secondsOrMinusOne(c.sinceNewest()),
                c.failing())).toList();
    }

    @Override
    public long getOutboxPending() {
        return reader.outbox().pending();
    }

    @Override
    public long getOutboxWaiting() {
        return reader.outbox().waiting();
    }

    @Override
    public long getOutboxFailed() {
        return reader.outbox().failed();
    }

    @Override
    public double getOutboxOldestPendingAgeSeconds() {
        return PrometheusExport.seconds(reader.outbox().oldestPending());
    }

    @Override
    public String getCrmCircuitBreakerState() {
        return reader.breakerState();
    }

    @Override
    public long getDeadLettersPending() {
        return reader.deadLettersPending();
    }

    @Override
    public long getRepliesFailed() {
        return reader.repliesFailed();
    }

    @Override
    public List<WebhookRefusalData> getWebhookRefusals() {
        return reader.refusals().stream()
                .map(r -> new WebhookRefusalData(r.channel(), r.account(), r.reason(), r.count())).toList();
    }

    @Override
    public List<WebhookInboxData> getWebhookInbox() {
        return reader.inbox().stream().map(b -> new WebhookInboxData(b.channel(), b.account(), b.pending(),
                b.failed(), PrometheusExport.seconds(b.oldestPending()))).toList();
    }

    private static double secondsOrMinusOne(Duration d) {
        return d == null ? -1 : PrometheusExport.seconds(d);
    }
}
