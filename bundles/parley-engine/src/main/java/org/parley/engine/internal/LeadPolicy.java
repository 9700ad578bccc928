package org.parley.engine.internal;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When an author nobody in the CRM matches becomes a lead: after {@code afterInteractions} stored interactions
 * (0: never by count), or as soon as one of their interactions carries one of {@code tags}.
 */
public record LeadPolicy(int afterInteractions, Set<String> tags) {

    public LeadPolicy {
        if (afterInteractions < 0) {
            throw new IllegalArgumentException("afterInteractions " + afterInteractions + " is negative");
        }
        tags = Set.copyOf(new TreeSet<>(tags));
    }

    public boolean enabled() {
        return afterInteractions > 0 || !tags.isEmpty();
    }

    /** Why this author becomes a lead now (the lead's source), or empty when the policy is not met. */
    public Optional<String> reasonForLead(long interactions, Set<String> authorTags) {
        for (String tag : new TreeSet<>(tags)) {
            if (authorTags.stream().anyMatch(t -> t.equalsIgnoreCase(tag))) {
                return Optional.of("Parley lead policy: tagged " + tag);
            }
        }
        if (afterInteractions > 0 && interactions >= afterInteractions) {
            return Optional.of("Parley lead policy: " + interactions + " interactions (threshold " + afterInteractions + ")");
        }
        return Optional.empty();
    }

    /** The policy in words, for a WAITING row's reason. */
    public String describe() {
        if (!enabled()) {
            return "lead creation is off";
        }
        StringBuilder s = new StringBuilder();
        if (afterInteractions > 0) {
            s.append("after ").append(afterInteractions).append(afterInteractions == 1 ? " interaction" : " interactions");
        }
        if (!tags.isEmpty()) {
            if (s.length() > 0) {
                s.append(" or ");
            }
            s.append(tags.size() == 1 ? "tag " : "tags ").append(String.join(", ", new TreeSet<>(tags)));
        }
        return s.toString();
    }
}
