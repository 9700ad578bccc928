package org.parley.api;

import java.util.List;

/**
 * Tags on people (CRM records), set by users and, later, by rules. Each change is mirrored into the CRM (SuiteCRM
 * target lists named {@code Social: <tag>}) through the CRM outbox, written in the same transaction as the tag, so a
 * CRM outage delays the mirror and loses none. Implemented by parley-store.
 */
public interface PersonTags {

    List<Tag> tagsOf(ContactRef record);

    /** Tags the person; {@code source} is {@code user:<name>} or {@code rule:<id>}. False when the tag was there. */
    boolean add(ContactRef record, String tag, String source);

    /** Removes the tag; false when the person did not have it. */
    boolean remove(ContactRef record, String tag, String by);
}
