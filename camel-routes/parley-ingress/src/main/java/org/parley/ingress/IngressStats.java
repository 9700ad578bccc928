package org.parley.ingress;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the public ingress is doing, for {@code parley:ingress} and {@code parley:status}. Counters run since the
 * listener started; the inbox figures are read from the store when asked.
 */
public interface IngressStats {

    Snapshot snapshot();

    /**
     * @param listening      where the listener listens ({@code http://127.0.0.1:8183}), or null when it is not running
     * @param tooLarge       requests refused with 413 (body over the limit)
     * @param rateLimited    requests refused with 429 (their source went over its rate)
     * @param notFound       requests for no known channel account (404)
     * @param storeFailures  verified deliveries answered 503 because the inbox could not commit them
     * @param accounts       per channel account: endpoints registered now, and any with counts or inbox rows
     * @param inboxError     why the inbox figures are missing (the store is down), or null
     */
    record Snapshot(String listening, long tooLarge, long rateLimited, long notFound, long storeFailures,
                    List<Account> accounts, String inboxError) {
    }

    /**
     * @param registered     a WebhookEndpoint is registered for it now (false: its channel bundle is gone)
     * @param accepted       verified deliveries committed to the inbox
     * @param duplicates     verified deliveries the inbox already had (the channel retried): acknowledged, not stored
     * @param refused        refused requests per outcome (UNSIGNED, FORGED, STALE, REPLAYED); absent outcomes are 0
     * @param handshakes     GET handshakes answered
     * @param pending        inbox rows not yet processed
     * @param failed         inbox rows that became dead letters (until purged)
     * @param oldestPending  age of the oldest pending row; zero when none
     * @param lastError      the newest processing error of a pending row, or null
     */
    record Account(String channel, String account, boolean registered, long accepted, long duplicates,
                   Map<Verdict.Outcome, Long> refused, long handshakes, long pending, long failed,
                   Duration oldestPending, String lastError) {

        public long refused(Verdict.Outcome outcome) {
            return refused.getOrDefault(outcome, 0L);
        }
    }
}
