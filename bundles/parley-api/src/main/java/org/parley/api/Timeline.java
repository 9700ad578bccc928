package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CRM record's interactions across every channel: those written by the social identities linked to it
 * ({@link IdentityLinks}), newest first, read page by page. A page continues after the {@link Position} of the last
 * entry of the page before, so interactions stored meanwhile neither shift nor repeat what follows. Implemented by
 * parley-store.
 */
public interface Timeline {

    /** Largest page. */
    int MAX_PAGE = 200;

    /**
     * @param record the CRM record (its type and id; method and confidence are not read)
     * @param after  the position of the last entry of the page before; null for the first page
     * @param limit  1 to {@link #MAX_PAGE}
     * @throws IllegalArgumentException for a limit out of range or a record without type or id
     */
    Page page(ContactRef record, Position after, int limit);

    /** How many interactions the record's identities have, per channel; channels without any are absent. */
    Map<String, Long> countsByChannel(ContactRef record);

    /**
     * Where an entry stands: newer {@code occurredAt} first, then higher {@code sequence} first.
     *
     * @param occurredAt when it was said
     * @param sequence   the store's own order of arrival (unique), which breaks ties between equal times
     */
    record Position(Instant occurredAt, long sequence) {
        public Position {
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /**
     * @param interaction what was said (without its raw payload)
     * @param sentiment   in [-1, 1] as assessed when it was stored; null when it was not assessed
     * @param position    where it stands in the timeline
     */
    record Entry(Interaction interaction, Double sentiment, Position position) {
    }

    /**
     * @param entries newest first
     * @param next    the position to continue after; null when nothing older is left
     */
    record Page(List<Entry> entries, Position next) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
