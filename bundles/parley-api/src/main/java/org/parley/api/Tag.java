package org.parley.api;

import java.time.Instant;

/**
 * A label on an interaction or a person, with where it came from.
 *
 * @param name   the tag, lower case, for example {@code prospect}
 * @param source {@code rule:<id>} or {@code user:<name>}
 * @param at     when it was set
 */
public record Tag(String name, String source, Instant at) {
}
