package org.parley.rules.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.parley.api.RuleAction;

/**
 * Reads a rule set's properties into a {@link RuleSet}: every key checked, every rule parsed, and every problem
 * reported at once ({@code org.parley.rules-service: unhappy.when, column 14: unknown field 'sentimnt' ...}). One
 * problem anywhere refuses the whole set, so that a file is never half in force.
 */
final class RuleSetReader {

    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Keys that ConfigAdmin, FileInstall and DS put into every configuration. */
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "component.", "felix.", "osgi.", "org.apache.", "."};
    static final String HOW = "a rule is written as <rule>.when, <rule>.then and, optionally, <rule>.enabled";

    private RuleSetReader() {
    }

    /**
     * @param source     how messages name the configuration
     * @param name       the set's name, null when the configuration does not give one
     * @param enabled    the set's {@code enabled}, as configured
     * @param properties every property of the configuration
     */
    static RuleSet read(String source, String name, String enabled, Map<String, ?> properties, Instant loadedAt) {
        String where = source + ": ";
        List<String> problems = new ArrayList<>();
        if (name == null) {
            problems.add(where + "the rule set has no name: name its file " + RuleSetConfig.PID + "-<set>.cfg");
        } else if (!SET_NAME.matcher(name).matches()) {
            problems.add(where + "'" + name + "' is not a rule set name: 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        Boolean setEnabled = bool(enabled);
        if (setEnabled == null) {
            problems.add(where + "enabled = '" + enabled + "' is not allowed; use true or false");
        }

        Map<String, Map<String, Object>> byRule = new TreeMap<>();
        for (String key : new TreeMap<>(properties).keySet()) {
            if (key.equals("enabled")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String part = dot < 0 ? "" : key.substring(dot + 1);
            if (dot > 0 && (part.equals("when") || part.equals("then") || part.equals("enabled"))) {
                byRule.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>()).put(part, properties.get(key));
            } else if (!framework(key)) {
                problems.add(where + key + ": unknown key (" + HOW + ")");
            }
        }

        RuleParser parser = new RuleParser();
        List<CompiledRule> rules = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : byRule.entrySet()) {
            String rule = entry.getKey();
            Map<String, Object> keys = entry.getValue();
            if (!RULE_NAME.matcher(rule).matches()) {
                problems.add(where + rule + ": '" + rule + "' is not a rule name: 1 to 64 letters, digits, '_' or '-'");
                continue;
            }
            String id = (name == null ? "?" : name) + "/" + rule;
            String when = text(where, rule + ".when", keys.get("when"), problems);
            String then = text(where, rule + ".then", keys.get("then"), problems);
            Object on = keys.get("enabled");
            Boolean ruleEnabled = on == null ? Boolean.TRUE : on instanceof Boolean b ? b : bool(on.toString());
            if (ruleEnabled == null) {
                problems.add(where + rule + ".enabled = '" + on + "' is not allowed; use true or false");
            }
            Condition condition = null;
            List<RuleAction> actions = null;
            if (when != null) {
                try {
                    condition = parser.when(when);
                } catch (RuleSyntaxException e) {
                    problems.add(where + rule + ".when, column " + e.column() + ": " + e.getMessage());
                }
            }
            if (then != null) {
                try {
                    actions = RuleParser.then(id, then);
                } catch (RuleSyntaxException e) {
                    problems.add(where + rule + ".then, column " + e.column() + ": " + e.getMessage());
                }
            }
            if (condition != null && actions != null && ruleEnabled != null) {
                rules.add(new CompiledRule(id, rule, ruleEnabled, when, then, condition, actions));
            }
        }
        if (!problems.isEmpty()) {
            return new RuleSet(name, source, setEnabled != null && setEnabled, List.of(), List.of(), problems, loadedAt);
        }
        return new RuleSet(name, source, setEnabled, rules, parser.terms(), List.of(), loadedAt);
    }

    private static String text(String where, String key, Object value, List<String> problems) {
        if (value == null) {
            problems.add(where + key + " is missing (" + HOW + ")");
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(where + key + " must be text, not " + value.getClass().getSimpleName());
            return null;
        }
        return s.trim();
    }

    private static Boolean bool(String value) {
        String v = value == null ? "" : value.trim();
        return v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    private static boolean framework(String key) {
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return key.equals("objectClass");
    }
}
