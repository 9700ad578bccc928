package org.parley.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Tags on interactions, set by rules as interactions arrive and by people (API, shell). A person removing a rule's
 * tag is remembered, so that the rule does not put it back; a person adding it again clears that. Implemented by
 * parley-store.
 */
public interface InteractionTags {

    /** The tag a rule's {@code FLAG_FOR_REPLY} sets: the queue of interactions waiting for an answer. */
    String NEEDS_REPLY = "needs-reply";

    List<Tag> tagsOf(InteractionKey key);

    /** The tags of several interactions at once (a timeline page); keys without tags are absent. */
    Map<InteractionKey, List<Tag>> tagsOf(Collection<InteractionKey> keys);

    /**
     * Tags the interaction; {@code source} is {@code user:<name>} or {@code rule:<id>}. A rule's tag that a person
     * removed from this interaction is not added again (false).
     *
     * @return true when the tag was added, false when it was there or suppressed
     * @throws IllegalArgumentException when the interaction is not stored
     */
    boolean add(InteractionKey key, String tag, String source);

    /** Removes the tag; by a person ({@code user:<name>}) it is remembered. False when it was not there. */
    boolean remove(InteractionKey key, String tag, String by);
}
