package org.parley.api;

import java.util.Objects;

/**
 * What a matching rule does.
 *
 * @param ruleId the rule's id, the source recorded with the action
 * @param type   the action
 * @param value  the tag for the two tag actions, the CRM user for {@code ASSIGN_OWNER}, null otherwise
 */
public record RuleAction(String ruleId, Type type, String value) {

    public enum Type {
        /** Tag the interaction. */
        TAG_INTERACTION,
        /** Tag its author's CRM record (mirrored to the CRM's list for the tag). */
        TAG_PERSON,
        /** Make the unknown author a lead now, whatever the lead policy's count says. */
        MAKE_LEAD,
        /** Make a CRM user the owner of the author's record. */
        ASSIGN_OWNER,
        /** Put the interaction in the queue of those that wait for an answer. */
        FLAG_FOR_REPLY
    }

    public RuleAction {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
    }
}
