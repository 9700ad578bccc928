package org.parley.api;

import java.time.Instant;
import java.util.List;

/**
 * The rules' actions on an interaction's author ({@code TAG_PERSON}, {@code MAKE_LEAD}, {@code ASSIGN_OWNER}): stored
 * with the interaction, done by the CRM outbox once it knows the author's record. Implemented by parley-store.
 */
public interface PersonActions {

    /** The actions on this interaction's author not done yet, in rule order. */
    List<Pending> pending(InteractionKey key);

    /** Done (or found to be moot): not done again when the interaction's CRM write is retried. */
    void done(long id, Instant at);

    /** @param id the stored action's id */
    record Pending(long id, RuleAction action) {
    }
}
