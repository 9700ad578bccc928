package org.parley.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The CRM outbox: one row per stored interaction, written in the interaction's own transaction, drained by a worker
 * into the CRM. A row is claimed with a lease, so that a worker that dies mid-write gives its rows back when the
 * lease runs out, and the connector's key look-up keeps the retried write from doubling. Implemented by parley-store.
 */
public interface CrmOutbox {

    enum Status { PENDING, WAITING, DONE, FAILED }

    /**
     * One CRM write to do: an interaction into its author's history; or (when {@code tagChange} is set) a person's
     * tag into the CRM's list for it; or (when {@code removal} is set) an erased interaction's history entry to
     * remove. Exactly one of the three is set.
     */
    record Entry(long id, Interaction interaction, TagChange tagChange, HistoryRemoval removal, int attempts,
                 Instant createdAt) {

        public Entry(long id, Interaction interaction, TagChange tagChange, int attempts, Instant createdAt) {
            this(id, interaction, tagChange, null, attempts, createdAt);
        }
    }

    /**
     * The history entry of an erased interaction, to remove from the CRM ({@link CrmConnector#removeHistory}).
     *
     * @param crmId     the entry's CRM id as recorded; null when the write's answer never came back
     * @param erasureId the erasure ({@link PersonErasure}) it belongs to
     */
    record HistoryRemoval(InteractionKey key, String crmId, long erasureId) {
    }

    /** A person's tag added ({@code member} true) or removed, to mirror into the CRM. */
    record TagChange(ContactRef record, String tag, boolean member) {
    }

    /**
     * Claims up to {@code limit} due PENDING rows (oldest first), pushing their next attempt to {@code now + lease}
     * so that no other worker takes them meanwhile; {@code attempts} counts this claim.
     */
    List<Entry> claimDue(int limit, Instant now, Duration lease);

    /** Written: the CRM's id of the history entry is kept. */
    void done(long id, String crmId, Instant at);

    /**
     * A history removal is done: its row is deleted, since it names the erased person's record, and its erasure is
     * complete when it was the last. A row gone already (finished by a worker whose lease was newer) changes nothing.
     */
    void removed(long id, long erasureId, Instant at);

    /** Try again at {@code next}: the CRM was down, slow or asked us to wait. */
    void retryAt(long id, Instant next, String error);

    /** Cannot go on until something changes (a person resolves a review, a lead policy is met). */
    void await(long id, String reason);

    /** Never succeeds as it is: FAILED, and a dead letter with the reason. */
    void fail(long id, String reason);

    /** Wakes the WAITING rows of this identity (after a review or a policy change). Returns how many. */
    int wake(String channel, String handle);

    /**
     * Puts one row back to PENDING now (the replay of a CRM dead letter). A row already PENDING is left as it is, so a
     * worker's lease on it is not broken. False when there is no such row.
     */
    boolean requeue(long id);

    /** Rewrites a person's history: marks every row of these identities PENDING again. Returns how many. */
    int requeue(List<SocialIdentity> identities);

    Stats stats(Instant now);

    /**
     * @param pending        rows due or waiting for their retry time
     * @param waiting        rows waiting for a person or a policy
     * @param failed         rows that became dead letters
     * @param oldestPending  age of the oldest PENDING row; zero when none
     * @param lastError      the newest error recorded on any row, or null
     */
    record Stats(long pending, long waiting, long failed, Duration oldestPending, String lastError) {
    }
}
