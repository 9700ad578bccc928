package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which CRM record each social identity is linked to, and the queue of identities waiting for a person because
 * more than one record matched. Implemented by parley-store.
 */
public interface IdentityLinks {

    /** The record (channel, handle) is linked to, if any. */
    Optional<ContactRef> linkOf(String channel, String handle);

    /** Links (channel, handle) to the record, replacing any earlier link; {@code by} is "auto" or the user. */
    void link(String channel, String handle, ContactRef record, String by);

    void unlink(String channel, String handle);

    /** All identities linked to this record (its social identities). */
    List<SocialIdentity> identitiesOf(ContactRef record);

    /**
     * Queues an identity whose candidates a person must choose between. One open review per identity: queueing it
     * again replaces the candidates and returns the same id.
     */
    long queueReview(SocialIdentity identity, List<ContactRef> candidates);

    /** Open reviews, oldest first. */
    List<Review> openReviews(int limit);

    Optional<Review> review(long id);

    /**
     * Closes a review: with a record, links the identity to it (method MANUAL) and wakes the CRM writes that waited;
     * with null, rejects every candidate (the identity stays unlinked and its writes follow the lead policy).
     */
    void resolveReview(long id, ContactRef chosen, String by);

    /** How many interactions of this identity are stored: the lead policy's "after N interactions". */
    long interactionCount(String channel, String handle);

    /**
     * Whether a person rejected every candidate of this identity's latest review (and it was not linked since): its
     * writes then follow the lead policy instead of queueing the same review again.
     */
    boolean candidatesRejected(String channel, String handle);

    /** The tags on this identity's interactions: the lead policy's "tagged prospect". */
    java.util.Set<String> tagsOf(String channel, String handle);

    enum ReviewStatus { OPEN, RESOLVED, REJECTED }

    record Review(long id, SocialIdentity identity, List<ContactRef> candidates, Instant queuedAt, ReviewStatus status) {
    }
}
