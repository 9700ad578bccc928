package org.parley.api;

import java.util.List;

/**
 * One rule an admin wrote: conditions on an interaction and its author, and what to do when they hold. Evaluated on
 * the ingest path for every interaction, so it must be cheap, side-effect free and bounded in time (a regular
 * expression that would run away is stopped).
 */
public interface TagRule {

    /** {@code <rule set>/<rule name>}, recorded as the source of everything the rule does ({@code rule:<id>}). */
    String id();

    /** What the rule does with this interaction; empty when it does not match. */
    List<RuleAction> apply(Interaction interaction, RuleContext context);
}
