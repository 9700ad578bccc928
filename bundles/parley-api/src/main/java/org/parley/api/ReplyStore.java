package org.parley.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The replies table: a reply is stored before it is posted and claimed with a lease while it is being posted, so
 * that a crash mid-post is noticed (the claim comes back {@code uncertain}) instead of silently posting twice.
 * Implemented by parley-store.
 */
public interface ReplyStore {

    long add(Reply.New reply);

    Optional<Reply> find(long id);

    /** Newest first; {@code status} null for all. */
    List<Reply> list(Reply.Status status, int limit);

    /** How many replies are in this status ({@code null}: all). */
    long count(Reply.Status status);

    /** The replies to these interactions, oldest first (for a person's timeline). */
    List<Reply> repliesTo(Collection<InteractionKey> keys);

    /** AWAITING_APPROVAL to PENDING, recording the approver. False when the reply was not awaiting approval. */
    boolean approve(long id, String approvedBy, Instant at);

    /**
     * Claims up to {@code limit} due PENDING replies, oldest first, until {@code now + lease}; {@code attempts}
     * counts the claim.
     */
    List<Claim> claimDue(int limit, Instant now, Duration lease);

    /**
     * @param reply     the claimed reply
     * @param uncertain an earlier claim of it ran out without an outcome: the process stopped while posting, and the
     *                  post may have gone out
     */
    record Claim(Reply reply, boolean uncertain) {
    }

    void sent(long id, String externalId, String url, Instant at);

    /** Try again at {@code next}. */
    void retryAt(long id, Instant next, String error);

    /** FAILED with the reason; a person may retry it. */
    void fail(long id, String reason, Instant at);

    /** FAILED to PENDING, due now. False when the reply had not failed. */
    boolean retry(long id, Instant at);
}
