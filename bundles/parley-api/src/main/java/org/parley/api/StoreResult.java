package org.parley.api;

import java.util.List;

/**
 * What a committed batch changed.
 *
 * @param stored      keys stored by this batch (new to Parley)
 * @param duplicates  keys that were already stored and were skipped
 * @param deadLetters ids of the dead letters written
 */
public record StoreResult(List<InteractionKey> stored, List<InteractionKey> duplicates, List<Long> deadLetters) {

    public StoreResult {
        stored = List.copyOf(stored);
        duplicates = List.copyOf(duplicates);
        deadLetters = List.copyOf(deadLetters);
    }
}
