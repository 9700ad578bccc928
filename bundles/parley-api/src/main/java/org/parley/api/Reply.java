package org.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The company's answer to one interaction, posted on the interaction's channel from the account it arrived on.
 * Stored before it is posted, posted once, and kept with its outcome: social posts are public and permanent.
 *
 * @param id             the store's id
 * @param inReplyTo      the interaction it answers; its channel is the reply's channel
 * @param account        the brand account that posts it (the one the interaction arrived on)
 * @param text           what the company says
 * @param requestedBy    the CRM or Karaf user who wrote it
 * @param status         where it stands
 * @param approvedBy     who approved it, on a channel account that requires approval; else null
 * @param idempotencyKey sent with the post where the channel honours one, so a retried post is not doubled
 * @param externalId     the channel's id of the posted reply, once sent
 * @param url            link to the posted reply, when the channel has one
 * @param error          why the last attempt failed, or why it was refused; null when none
 * @param attempts       how many times posting was tried
 * @param requestedAt    when it was asked for
 * @param sentAt         when the channel took it; null until then
 */
public record Reply(long id, InteractionKey inReplyTo, String account, String text, String requestedBy, Status status,
                    String approvedBy, String idempotencyKey, String externalId, String url, String error,
                    int attempts, Instant requestedAt, Instant sentAt) {

    public enum Status {
        /** Written, waiting for a second person's approval (a channel account may require it). */
        AWAITING_APPROVAL,
        /** Queued or waiting for its next attempt. */
        PENDING,
        /** Posted: {@code externalId} says where. */
        SENT,
        /** Refused by the channel, out of attempts, or its outcome unknown: {@code error} says which. Can be retried. */
        FAILED
    }

    public Reply {
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(status, "status");
    }

    public String channel() {
        return inReplyTo.channel();
    }

    /** A reply to add to the store. */
    public record New(InteractionKey inReplyTo, String account, String text, String requestedBy, boolean needsApproval,
                      String idempotencyKey, Instant requestedAt) {
    }
}
