package org.parley.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parley.api.Rules;

/**
 * {@link Rules} as admins inspect them: every rule set as it was loaded, valid or refused, with its rules (enabled or
 * not) as written. The one service of parley-rules that other bundles may see beyond {@link Rules}, for the shell's
 * {@code parley:rules}; it could move into parley-api as {@code Rules} grows.
 */
public interface RuleCatalog extends Rules {

    /** Most stored interactions one dry run reads: one page of the store, the newest. */
    int DRY_RUN_MAX_LIMIT = 1000;

    /** Most example interactions one dry run returns. */
    int DRY_RUN_MAX_EXAMPLES = 100;

    /** Every configured rule set, valid or refused, ordered by name. */
    List<RuleSetInfo> sets();

    /** The rule with this id ({@code <set>/<rule>}), enabled or not. */
    default Optional<RuleInfo> rule(String id) {
        return sets().stream().flatMap(s -> s.rules().stream()).filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * One rule set file.
     *
     * @param name     the set's name, from {@code etc/org.parley.rules-<name>.cfg}
     * @param source   how messages name its configuration, e.g. {@code org.parley.rules-service}
     * @param enabled  the set's own {@code enabled} switch
     * @param loadedAt when this version of it was read
     * @param rules    its rules by name; none when it was refused
     * @param problems why it was refused, each naming the key and the column; empty when it is in force
     */
    record RuleSetInfo(String name, String source, boolean enabled, Instant loadedAt, List<RuleInfo> rules,
                       List<String> problems) {

        public RuleSetInfo {
            rules = List.copyOf(rules);
            problems = List.copyOf(problems);
        }

        public boolean refused() {
            return !problems.isEmpty();
        }
    }

    /**
     * One rule.
     *
     * @param id         {@code <set>/<rule>}
     * @param enabled    its own {@code <rule>.enabled}
     * @param active     evaluated on ingest: enabled, in an enabled set that was not refused
     * @param when       the condition as written
     * @param then       the actions as written
     * @param understood the condition as the parser read it: normalised keywords, explicit grouping
     * @param stopped    how many times its regular expression was stopped for running too long since it was loaded
     */
    record RuleInfo(String id, boolean enabled, boolean active, String when, String then, String understood,
                    long stopped) {
    }
}
