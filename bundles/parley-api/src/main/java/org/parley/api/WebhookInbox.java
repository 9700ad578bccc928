package org.parley.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public ingress's durable inbox: every verified webhook delivery is committed here before the channel gets its
 * acknowledgement, and processed afterwards. A delivery is known by (channel, account, deliveryId), so a delivery the
 * channel retries is kept once. Rows are claimed with a lease, so that a worker that dies mid-way gives them back
 * when the lease runs out. Implemented by parley-store.
 */
public interface WebhookInbox {

    enum Status { PENDING, DONE, FAILED }

    /** A channel account, as the ingress's path names it ({@code /parley/hooks/{channel}/{account}}). */
    record Source(String channel, String account) {
    }

    /**
     * A delivery to process.
     *
     * @param headers  the request headers the channel asked to keep (lower-case names), never credentials
     * @param attempts how often it was claimed, this claim included
     */
    record Entry(long id, String channel, String account, String deliveryId, Map<String, List<String>> headers,
                 byte[] body, Instant receivedAt, int attempts) {
    }

    /**
     * Commits a verified delivery.
     *
     * @return its id, or empty when this (channel, account, deliveryId) was received before (a retried delivery)
     * @throws RuntimeException when the store cannot commit it: the ingress must then not acknowledge it
     */
    Optional<Long> add(String channel, String account, String deliveryId, Map<String, List<String>> headers,
                       byte[] body, Instant receivedAt);

    /**
     * Claims up to {@code limit} due PENDING rows of these sources (oldest first), pushing their next attempt to
     * {@code now + lease}. Rows of other sources (a channel account whose bundle is gone) are left waiting.
     */
    List<Entry> claimDue(Collection<Source> sources, int limit, Instant now, Duration lease);

    /** Processed: its interactions are stored. */
    void done(long id, Instant at);

    /** Processing failed for a reason that may pass (store down, a bug fixed by an update): tried again at {@code next}. */
    void retryAt(long id, Instant next, String error);

    /**
     * Can never be processed as it is (it cannot be mapped): FAILED, and in the same transaction a dead letter with
     * the reason, the body as its payload and {@code replayUri}. Nothing changes for a row that is not PENDING.
     */
    void failed(long id, String reason, String replayUri);

    /** Removes finished (DONE or FAILED) rows received before {@code before}; returns how many. */
    int purgeFinished(Instant before);

    /** Per source that has PENDING or FAILED rows (processed rows are not counted: there may be millions). */
    List<Counts> stats(Instant now);

    /**
     * @param pending       rows not yet processed
     * @param failed        rows that became dead letters (until purged)
     * @param oldestPending age of the oldest PENDING row; zero when none
     * @param lastError     the newest error recorded on a PENDING row, or null
     */
    record Counts(Source source, long pending, long failed, Duration oldestPending, String lastError) {
    }
}
