package org.parley.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Each CRM record's engagement and sentiment trend, computed from the interactions of its linked identities and
 * kept up to date as interactions arrive (the CRM outbox updates them after writing an interaction's history).
 * Implemented by parley-store.
 */
public interface PersonScores {

    Optional<PersonScore> of(ContactRef record);

    /**
     * Computes the record's scores from what is stored now, saves them and returns them.
     *
     * @param now the time recency is measured against
     */
    PersonScore update(ContactRef record, Instant now);

    /** Remembers what was written to the CRM, so that an unchanged score is not written again. */
    void written(ContactRef record, double engagement, double sentiment);

    /**
     * @param record       the CRM record
     * @param engagement   0 to 100: recency, frequency and reach across channels
     * @param sentiment    the trend in [-1, 1]: recent interactions weigh more (a 30-day half-life)
     * @param interactions how many interactions its identities have
     * @param channels     on how many channels
     * @param lastContact  the newest interaction, or null
     * @param updatedAt    when it was computed
     * @param written      whether the CRM has these values, or values so close (half an engagement point, a hundredth
     *                     of sentiment) that writing again is not worth a call
     */
    record PersonScore(ContactRef record, double engagement, double sentiment, long interactions, int channels,
                       Instant lastContact, Instant updatedAt, boolean written) {
    }
}
