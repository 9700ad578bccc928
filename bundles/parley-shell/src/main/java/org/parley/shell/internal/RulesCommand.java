package org.parley.shell.internal;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.Interaction;
import org.parley.api.Rules;
import org.parley.rules.RuleCatalog;
import org.parley.rules.RuleCatalog.RuleInfo;
import org.parley.rules.RuleCatalog.RuleSetInfo;

/**
 * {@code parley:rules}: the admins' rules ({@code etc/org.parley.rules-<set>.cfg}) as they are in force, one of them
 * in full, a dry run of one on stored history, and every rule set's problems.
 * <p>
 * The catalog is an optional reference: while the rules engine is not running (it waits for a SentimentAnalyzer),
 * this command says so and the other commands of the bundle are not held back.
 */
@Service
@Command(scope = "parley", name = "rules",
        description = "Lists the admins' rules, shows one, tries one on stored interactions (a dry run), checks every rule set")
public class RulesCommand extends ParleyAction {

    static final int DEFAULT_LIMIT = RuleCatalog.DRY_RUN_MAX_LIMIT;
    static final int DEFAULT_EXAMPLES = 5;
    static final int CONDITION_CHARS = 50;
    static final int ACTIONS_CHARS = 40;
    static final int TEXT_CHARS = 60;

    @Argument(index = 0, name = "action", description = "list (default), show, test or check")
    @Completion(RulesActionCompleter.class)
    String action;

    @Argument(index = 1, name = "rule", description = "show, test: the rule, SET/RULE")
    @Completion(RuleIdCompleter.class)
    String rule;

    @Option(name = "--limit", aliases = {"-n"},
            description = "test: run on this many of the newest stored interactions, 1 to 1000 (default 1000)")
    Integer limit;

    @Option(name = "--examples", aliases = {"-e"}, description = "test: show this many matches, 0 to 100 (default 5)")
    Integer examples;

    @Reference(optional = true)
    RuleCatalog rules;

    @Override
    public Object execute() {
        if (rules == null) {
            throw new IllegalArgumentException("The rules engine is not running: parley-rules' Rules service waits "
                    + "for a SentimentAnalyzer (parley-sentiment) and the interaction store");
        }
        String what = action == null ? "list" : action;
        switch (what) {
            case "list" -> list();
            case "show" -> show(find());
            case "test" -> test(find().rule());
            case "check" -> check();
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.line(what)
                    + "': use list, show, test or check");
        }
        return null;
    }

    private void list() {
        List<RuleSetInfo> sets = rules.sets();
        if (sets.isEmpty()) {
            out().println("No rule sets. Write one as etc/org.parley.rules-<set>.cfg, for example:");
            out().println("  unhappy.when = sentiment < -0.3 and text has any of \"refund\", \"kapot\", \"退款\"");
            out().println("  unhappy.then = tag person unhappy; flag for reply");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Rule");
        table.column("On");
        table.column("When");
        table.column("Then");
        table.emptyTableText("No rules in force");
        for (RuleSetInfo set : sets) {
            for (RuleInfo r : set.rules()) {
                table.addRow().addContent(ShellText.cell(r.id(), 64), on(r),
                        ShellText.cell(r.when(), CONDITION_CHARS), ShellText.cell(r.then(), ACTIONS_CHARS));
            }
        }
        table.print(out());
        for (RuleSetInfo set : sets) {
            for (RuleInfo r : set.rules()) {
                if (r.stopped() > 0) {
                    out().println(ShellText.line(r.id()) + ": its regular expression was stopped " + times(r.stopped())
                            + " for running too long (parley:rules show " + ShellText.line(r.id()) + ")");
                }
            }
        }
        long refused = sets.stream().filter(RuleSetInfo::refused).count();
        if (refused > 0) {
            out().println(refused + (refused == 1 ? " rule set is refused and none of its rules runs"
                    : " rule sets are refused and none of their rules runs") + ": parley:rules check");
        }
    }

    private void show(Found found) {
        RuleSetInfo set = found.set();
        RuleInfo r = found.rule();
        ShellTable table = new ShellTable();
        table.noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Rule", ShellText.line(r.id()));
        table.addRow().addContent("File", ShellText.line(set.source()) + ".cfg, loaded "
                + ShellText.when(set.loadedAt(), clock.instant()));
        table.addRow().addContent("Enabled", !r.enabled() ? "no (" + ruleKey(r) + ".enabled = false)"
                : set.enabled() ? "yes" : "yes, but the set is switched off (enabled = false)");
        table.addRow().addContent("When", ShellText.line(r.when()));
        table.addRow().addContent("Read as", ShellText.line(r.understood()));
        table.addRow().addContent("Then", ShellText.line(r.then()));
        table.addRow().addContent("Stopped", times(r.stopped()) + " (regular expression over its time limit)");
        table.print(out());
        out().println("Try it on stored interactions: parley:rules test " + ShellText.line(r.id()));
    }

    private void test(RuleInfo r) {
        int max = checkLimit(limit, DEFAULT_LIMIT, RuleCatalog.DRY_RUN_MAX_LIMIT);
        int shown = examples == null ? DEFAULT_EXAMPLES : examples;
        if (shown < 0 || shown > RuleCatalog.DRY_RUN_MAX_EXAMPLES) {
            throw new IllegalArgumentException("--examples must be between 0 and " + RuleCatalog.DRY_RUN_MAX_EXAMPLES
                    + ", was " + shown);
        }
        Rules.DryRun run = rules.dryRun(r.id(), max, shown);
        out().println("Dry run of " + ShellText.line(r.id()) + " on the newest " + max
                + " stored interactions; nothing was changed." + (r.active() ? "" : " The rule is not in force."));
        out().println("  scanned " + run.scanned() + ", matched " + run.matched()
                + (run.matched() == 1 ? " interaction" : " interactions") + " of " + run.people()
                + (run.people() == 1 ? " person" : " people"));
        if (run.matched() == 0) {
            return;
        }
        ShellTable actions = new ShellTable();
        actions.column("Would do");
        actions.column("Interactions").alignRight();
        for (Map.Entry<String, Long> a : run.actions().entrySet()) {
            actions.addRow().addContent(ShellText.cell(a.getKey(), 80), a.getValue());
        }
        actions.print(out());
        if (run.examples().isEmpty()) {
            return;
        }
        out().println("For example (newest first):");
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Key");
        table.column("Author");
        table.column("Text");
        for (Interaction i : run.examples()) {
            table.addRow().addContent(ShellText.iso(i.occurredAt()),
                    ShellText.shortenMiddle(ShellText.line(i.channel() + ":" + i.externalId()), InteractionsCommand.KEY_CHARS),
                    i.author() == null ? ShellText.NONE : ShellText.cell(i.author().handle(), 32),
                    ShellText.cell(i.text(), TEXT_CHARS));
        }
        table.print(out());
    }

    private void check() {
        List<RuleSetInfo> sets = rules.sets();
        if (sets.isEmpty()) {
            out().println("No rule sets (etc/org.parley.rules-<set>.cfg).");
            return;
        }
        long refused = 0;
        for (RuleSetInfo set : sets) {
            if (set.refused()) {
                refused++;
                out().println(ShellText.line(set.source()) + ": REFUSED, none of its rules runs ("
                        + set.problems().size() + (set.problems().size() == 1 ? " problem" : " problems") + "):");
                for (String p : set.problems()) {
                    out().println("  " + ShellText.line(p));
                }
            } else {
                long on = set.rules().stream().filter(RuleInfo::active).count();
                out().println(ShellText.line(set.source()) + ": ok, " + set.rules().size()
                        + (set.rules().size() == 1 ? " rule, " : " rules, ") + on + " in force"
                        + (set.enabled() ? "" : " (the set is switched off)"));
            }
        }
        out().println(sets.size() + (sets.size() == 1 ? " rule set, " : " rule sets, ") + refused + " refused");
    }

    /** A rule and the set it is in. */
    private record Found(RuleSetInfo set, RuleInfo rule) {
    }

    private Found find() {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("Say which rule: parley:rules " + action + " SET/RULE (see parley:rules list)");
        }
        String id = rule.trim();
        for (RuleSetInfo set : rules.sets()) {
            for (RuleInfo r : set.rules()) {
                if (r.id().equals(id)) {
                    return new Found(set, r);
                }
            }
        }
        throw new IllegalArgumentException("There is no rule '" + ShellText.line(rule)
                + "' (see parley:rules list; a refused rule set has none: parley:rules check)");
    }

    private static String on(RuleInfo r) {
        return r.active() ? "yes" : !r.enabled() ? "no" : "set off";
    }

    private static String ruleKey(RuleInfo r) {
        return ShellText.line(r.id().substring(r.id().indexOf('/') + 1));
    }

    private static String times(long n) {
        return n + (n == 1 ? " time" : " times");
    }
}
