package org.parley.api;

import java.util.List;
import java.util.Map;

/**
 * Assesses a batch of interactions on the ingest path, before it is stored: language, sentiment and the rules'
 * actions. Implemented by parley-rules. Must not fail a batch for one interaction: an interaction it cannot assess
 * is simply absent from the answer (stored without an assessment).
 */
public interface Assessor {

    Map<InteractionKey, Assessment> assess(List<Interaction> batch);
}
