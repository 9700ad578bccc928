package org.parley.rules.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One rule set file as read: its rules (by name) and their keywords, or, when anything in it is wrong, no rules and
 * every problem found. A set is in force whole or not at all.
 *
 * @param name     from the file name, {@code org.parley.rules-<name>.cfg}; null when there is none
 * @param source   how messages name the configuration ({@code org.parley.rules-service})
 * @param enabled  the set's {@code enabled}
 * @param rules    sorted by name; empty when refused
 * @param terms    the keywords of all its rules, by id
 * @param problems each naming the key and the column; empty when the set is in force
 */
record RuleSet(String name, String source, boolean enabled, List<CompiledRule> rules, List<Term> terms,
               List<String> problems, Instant loadedAt, TermIndex index) {

    RuleSet {
        rules = List.copyOf(rules);
        terms = List.copyOf(terms);
        problems = List.copyOf(problems);
    }

    RuleSet(String name, String source, boolean enabled, List<CompiledRule> rules, List<Term> terms,
            List<String> problems, Instant loadedAt) {
        this(name, source, enabled, rules, terms, problems, loadedAt, new TermIndex(terms));
    }

    boolean refused() {
        return !problems.isEmpty();
    }

    Optional<CompiledRule> rule(String ruleName) {
        return rules.stream().filter(r -> r.name.equals(ruleName)).findFirst();
    }
}
