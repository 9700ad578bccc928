package org.parley.api;

import java.util.Set;

/** A rule that tags interactions; evaluated on the ingest path, so it must be cheap and side-effect free. */
public interface TagRule {

    String id();

    /** The tags this rule gives the interaction, empty when it does not match. */
    Set<String> tags(Interaction interaction);
}
