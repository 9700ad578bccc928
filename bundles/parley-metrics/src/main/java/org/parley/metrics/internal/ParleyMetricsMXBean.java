package org.parley.metrics.internal;

import java.beans.ConstructorProperties;
import java.util.List;

/**
 * Parley's metrics over JMX ({@code org.parley:type=Metrics}): read-only attributes, each read from its source when
 * it is read, so that Karaf's {@code jmx.acl} lets a viewer role read them and nobody change anything. An attribute
 * whose source is not running (no CRM connector, no ingress, the store down) cannot be read and says why.
 */
public interface ParleyMetricsMXBean {

    /** Per channel account: interactions stored, seconds since the last successful poll and the newest interaction. */
    List<ChannelAccountData> getChannels();

    long getOutboxPending();

    long getOutboxWaiting();

    long getOutboxFailed();

    /** Seconds; 0 when no row is pending. */
    double getOutboxOldestPendingAgeSeconds();

    /** CLOSED, OPEN, HALF_OPEN, ... */
    String getCrmCircuitBreakerState();

    long getDeadLettersPending();

    /** Replies in status FAILED, waiting for a person to retry them. */
    long getRepliesFailed();

    /** Per channel account and reason, since the ingress started. */
    List<WebhookRefusalData> getWebhookRefusals();

    /** Per channel account with pending or failed deliveries. */
    List<WebhookInboxData> getWebhookInbox();

    /** One channel account ({@link MetricsReader.ChannelAccount}); an age is -1 when there is none. */
    final class ChannelAccountData {
        private final String channel;
        private final String account;
        private final long interactionsStored;
        private final double lastSuccessfulPollAgeSeconds;
        private final double newestInteractionAgeSeconds;
        private final boolean failing;

        @ConstructorProperties({"channel", "account", "interactionsStored", "lastSuccessfulPollAgeSeconds",
                "newestInteractionAgeSeconds", "failing"})
        public ChannelAccountData(String channel, String account, long interactionsStored,
                                  double lastSuccessfulPollAgeSeconds, double newestInteractionAgeSeconds,
                                  boolean failing) {
            this.channel = channel;
            this.account = account;
            this.interactionsStored = interactionsStored;
            this.lastSuccessfulPollAgeSeconds = lastSuccessfulPollAgeSeconds;
            this.newestInteractionAgeSeconds = newestInteractionAgeSeconds;
            this.failing = failing;
        }

        public String getChannel() {
            return channel;
        }

        public String getAccount() {
            return account;
        }

        public long getInteractionsStored() {
            return interactionsStored;
        }

        public double getLastSuccessfulPollAgeSeconds() {
            return lastSuccessfulPollAgeSeconds;
        }

        public double getNewestInteractionAgeSeconds() {
            return newestInteractionAgeSeconds;
        }

        public boolean isFailing() {
            return failing;
        }
    }

    final class WebhookRefusalData {
        private final String channel;
        private final String account;
        private final String reason;
        private final long count;

        @ConstructorProperties({"channel", "account", "reason", "count"})
        public WebhookRefusalData(String channel, String account, String reason, long count) {
            this.channel = channel;
            this.account = account;
            this.reason = reason;
            this.count = count;
        }

        public String getChannel() {
            return channel;
        }

        public String getAccount() {
            return account;
        }

        public String getReason() {
            return reason;
        }

        public long getCount() {
            return count;
        }
    }

    final class WebhookInboxData {
        private final String channel;
        private final String account;
        private final long pending;
        private final long failed;
        private final double oldestPendingAgeSeconds;

        @ConstructorProperties({"channel", "account", "pending", "failed", "oldestPendingAgeSeconds"})
        public WebhookInboxData(String channel, String account, long pending, long failed,
                                double oldestPendingAgeSeconds) {
            this.channel = channel;
            this.account = account;
            this.pending = pending;
            this.failed = failed;
            this.oldestPendingAgeSeconds = oldestPendingAgeSeconds;
        }

        public String getChannel() {
            return channel;
        }

        public String getAccount() {
            return account;
        }

        public long getPending() {
            return pending;
        }

        public long getFailed() {
            return failed;
        }

        public double getOldestPendingAgeSeconds() {
            return oldestPendingAgeSeconds;
        }
    }
}
