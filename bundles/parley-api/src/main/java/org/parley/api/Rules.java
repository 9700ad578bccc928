package org.parley.api;

import java.util.List;

/**
 * The admins' rules as they stand now (they change without a restart), and their dry run. Implemented by
 * parley-rules; the ingest pipeline evaluates them, the shell and the REST API test them.
 */
public interface Rules {

    /** The enabled rules, in a stable order. */
    List<TagRule> active();

    /** Every action of every enabled rule on this interaction, in rule order. */
    List<RuleAction> evaluate(Interaction interaction, RuleContext context);

    /**
     * Runs one rule over stored history, changing nothing.
     *
     * @param ruleId   {@code <set>/<name>} of a rule, enabled or not
     * @param limit    how many of the newest stored interactions to run it on
     * @param examples how many matching interactions to return
     * @throws IllegalArgumentException when there is no such rule (the message lists the rule ids there are)
     */
    DryRun dryRun(String ruleId, int limit, int examples);

    /**
     * @param ruleId       the rule
     * @param scanned      interactions it ran on
     * @param matched      interactions it matched
     * @param people       distinct authors of those interactions
     * @param examples     some of the matched interactions, newest first
     * @param actions      what it would have done, counted per action type and value (for example {@code TAG_PERSON unhappy})
     */
    record DryRun(String ruleId, long scanned, long matched, long people, List<Interaction> examples,
                  java.util.Map<String, Long> actions) {
    }
}
