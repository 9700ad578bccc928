package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The erasure of one person (a CRM record): what Parley holds about them is removed, and the history Parley wrote
 * into the CRM is queued for removal there. What stays is an audit record without personal data: who asked, when,
 * the request's reference, and how much was removed. Implemented by parley-store; the CRM part is done by the
 * outbox worker through {@link CrmConnector#removeHistory}.
 * <p>
 * Removed, in one transaction: the record's social identities and their links; every interaction of those
 * identities, with its tags, rule actions, replies and CRM writes; the record's tags, scores and link reviews (and
 * the record is taken off the candidates of other identities' open reviews); the dead letters of its failed CRM
 * writes. The erased interactions' keys are kept (without content) so that a late duplicate delivery of one of
 * them is taken as already stored and does not bring the person back. The person's CRM list memberships are removed
 * through the outbox, as when a tag is removed by hand.
 */
public interface PersonErasure {

    /** The longest reference an audit record keeps. */
    int MAX_REFERENCE = 255;

    /**
     * An erasure's reference as its audit record keeps it: stripped, and null when absent or blank. The one rule for
     * the store and the front doors, which check it before erasing anything.
     *
     * @throws IllegalArgumentException saying what is wrong, to follow the name of the field that held it: "is N
     *                                  characters long; at most 255 are kept" or "must be one line of text ..."
     */
    static String reference(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String value = given.strip();
        if (value.length() > MAX_REFERENCE) {
            throw new IllegalArgumentException("is " + value.length() + " characters long; at most " + MAX_REFERENCE
                    + " are kept");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("must be one line of text without control characters (a ticket number)");
        }
        return value;
    }

    /**
     * Erases one person. Erasing a record Parley holds nothing about still leaves an audit record (with zero
     * counts): the request was answered.
     *
     * @param person      the CRM record (its type and id)
     * @param requestedBy who asked for it (a user name)
     * @param reference   the request's reference (a ticket number), or null; kept in the audit record, so it must not
     *                    be personal data
     * @return the audit record
     * @throws IllegalArgumentException for a record without type or id, or a reference {@link #reference} refuses
     */
    Erasure erase(ContactRef person, String requestedBy, String reference);

    /** The audit record of one erasure. */
    Optional<Erasure> find(long id);

    /** The newest audit records, newest first. */
    List<Erasure> recent(int limit);

    /** Where an erasure stands. */
    enum Status {
        /** Removed from Parley; removals of history from the CRM are still queued. */
        CRM_PENDING,
        /** Removed from Parley; one or more CRM removals failed for good (see the dead letters). */
        CRM_FAILED,
        /** Removed from Parley and from the CRM's history. */
        COMPLETE
    }

    /**
     * An audit record: counts, never identifiers of the person.
     *
     * @param identities      social identities removed
     * @param interactions    interactions removed
     * @param replies         the company's replies removed
     * @param tags            the person's tags removed
     * @param crmRemovals     history entries queued for removal from the CRM
     * @param crmRemovalsLeft of those, still queued
     * @param crmRemovalsFailed of those, failed for good (a dead letter each)
     * @param completedAt     when the last CRM removal was done; null until then
     */
    record Erasure(long id, String requestedBy, String reference, Instant erasedAt, int identities,
                   int interactions, int replies, int tags, int crmRemovals, int crmRemovalsLeft,
                   int crmRemovalsFailed, Instant completedAt) {

        public Status status() {
            if (crmRemovalsFailed > 0) {
                return Status.CRM_FAILED;
            }
            return crmRemovalsLeft > 0 ? Status.CRM_PENDING : Status.COMPLETE;
        }
    }
}
