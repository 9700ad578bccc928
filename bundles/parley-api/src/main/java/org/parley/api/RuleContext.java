package org.parley.api;

import java.time.Instant;

/**
 * What a rule may know beyond the interaction itself.
 *
 * @param sentiment     the interaction's sentiment in [-1, 1]
 * @param language      its language (the channel's, else the detected one), or null
 * @param authorHistory what Parley stored of the same author before this interaction
 * @param now           the time rules measure "days since" against
 */
public record RuleContext(double sentiment, String language, AuthorHistory authorHistory, Instant now) {

    /**
     * @param interactions how many interactions of this author were stored before (on this channel identity)
     * @param firstContact when the first of them happened, or null when there was none
     * @param lastContact  when the latest of them happened, or null when there was none
     */
    public record AuthorHistory(long interactions, Instant firstContact, Instant lastContact) {
        public static final AuthorHistory NONE = new AuthorHistory(0, null, null);
    }
}
