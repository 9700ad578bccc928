package org.parley.engine.internal;

import java.util.Objects;
import org.parley.api.ContactRef;

/**
 * What identity resolution decided for an author: the CRM record to write on, or why the write must wait.
 *
 * @param record     the record; null when waiting
 * @param waitReason why nothing can be written yet; null when there is a record
 * @param newLink    the identity was linked just now (a single candidate, a new lead, a re-resolution), so rows of
 *                   it that waited may go on
 */
public record Resolution(ContactRef record, String waitReason, boolean newLink) {

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
