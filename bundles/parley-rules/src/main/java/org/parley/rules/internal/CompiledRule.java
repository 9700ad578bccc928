package org.parley.rules.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.api.RuleAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule, read and checked: its condition, its actions (built once, returned as they are to every interaction it
 * matches), and what it costs to run.
 */
final class CompiledRule {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    final String id;
    final String name;
    final boolean enabled;
    final String when;
    final String then;
    final Condition condition;
    final List<RuleAction> actions;
    final Set<Condition.Need> needs;
    private final AtomicLong stopped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    CompiledRule(String id, String name, boolean enabled, String when, String then, Condition condition,
                 List<RuleAction> actions) {
        this.id = id;
        this.name = name;
        this.enabled = enabled;
        this.when = when;
        this.then = then;
        this.condition = condition;
        this.actions = List.copyOf(actions);
        Set<Condition.Need> n = EnumSet.noneOf(Condition.Need.class);
        condition.needs(n);
        this.needs = Set.copyOf(n);
    }

    /**
     * The actions when the condition holds, else none. Never throws: a regular expression stopped for running too
     * long, or any failure, counts as not matching, and is counted and logged (the rule and the interaction's key,
     * never its text); the log is thinned to the 1st, 2nd, 4th, 8th ... time, so a bad rule cannot flood it.
     */
    List<RuleAction> apply(Evaluation e) {
        try {
            return condition.test(e) ? actions : List.of();
        } catch (TimedText.Stopped stop) {
            long n = stopped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn("Rule {}: its regular expression {} on {}; stopped, the rule does not match it ({} {} since "
                        + "its rule set was loaded)", id, stop.getMessage(), key(e), n, n == 1 ? "time" : "times");
            }
            return List.of();
        } catch (RuntimeException bug) {
            long n = failed.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.error("Rule {} failed on {}; it does not match it ({} {})", id, key(e), n, n == 1 ? "time" : "times", bug);
            }
            return List.of();
        }
    }

    long stopped() {
        return stopped.get();
    }

    /** The interaction's key for a log line: control characters out, at most 100 characters. */
    private static String key(Evaluation e) {
        String key = e.interaction.channel() + ":" + e.interaction.externalId();
        String safe = key.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
        return safe.length() > 100 ? safe.substring(0, 100) + "..." : safe;
    }
}
