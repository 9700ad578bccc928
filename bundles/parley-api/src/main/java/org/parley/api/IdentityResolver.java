package org.parley.api;

import java.util.Objects;

/**
 * Decides which CRM record an author's interactions go to: the linked record (following a converted lead), the one
 * record that matches, or a lead made by policy. It never guesses: when several records match, or an unknown author
 * does not meet the lead policy yet, the answer is to wait, with the reason.
 */
public interface IdentityResolver {

    Resolution resolve(SocialIdentity author);

    /**
     * What was decided.
     *
     * @param record     the record to write on; null when waiting
     * @param waitReason why nothing can be written yet; null when there is a record
     * @param newLink    the identity was linked just now (a single candidate, a new lead, a re-resolution), so its
     *                   writes that waited may go on
     */
    record Resolution(ContactRef record, String waitReason, boolean newLink) {

        public static Resolution linked(ContactRef record) {
            return new Resolution(Objects.requireNonNull(record), null, false);
        }

        public static Resolution newlyLinked(ContactRef record) {
            return new Resolution(Objects.requireNonNull(record), null, true);
        }

        public static Resolution waitFor(String reason) {
            return new Resolution(null, Objects.requireNonNull(reason), false);
        }

        public boolean waiting() {
            return record == null;
        }
    }
}
