package org.parley.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.api.RuleContext;

/**
 * A rule's {@code when}, parsed. A test of a value the interaction does not have (the rating of a post, the days since
 * the last contact of a first-time author, an unknown language) is false, whatever the operator: {@code not} turns
 * it around.
 */
sealed interface Condition {

    /** What a condition needs beyond the interaction itself, so that a dry run computes only that. */
    enum Need { SENTIMENT, LANGUAGE, AUTHOR }

    boolean test(Evaluation e);

    /** The condition as the parser read it, every grouping explicit. */
    void describe(StringBuilder out);

    void needs(Set<Need> needs);

    default String describe() {
        StringBuilder out = new StringBuilder();
        describe(out);
        return out.toString();
    }

    record And(List<Condition> parts) implements Condition {
        public boolean test(Evaluation e) {
            for (Condition c : parts) {
                if (!c.test(e)) {
                    return false;
                }
            }
            return true;
        }

        public void describe(StringBuilder out) {
            join(out, parts, " and ", Or.class);
        }

        public void needs(Set<Need> needs) {
            parts.forEach(p -> p.needs(needs));
        }
    }

    record Or(List<Condition> parts) implements Condition {
        public boolean test(Evaluation e) {
            for (Condition c : parts) {
                if (c.test(e)) {
                    return true;
                }
            }
            return false;
        }

        public void describe(StringBuilder out) {
            join(out, parts, " or ", And.class);
        }

        public void needs(Set<Need> needs) {
            parts.forEach(p -> p.needs(needs));
        }
    }

    record Not(Condition part) implements Condition {
        public boolean test(Evaluation e) {
            return !part.test(e);
        }

        public void describe(StringBuilder out) {
            boolean group = part instanceof And || part instanceof Or;
            out.append(group ? "not (" : "not ");
            part.describe(out);
            out.append(group ? ")" : "");
        }

        public void needs(Set<Need> needs) {
            part.needs(needs);
        }
    }

    enum NumberField {
        SENTIMENT("sentiment", -1, 1, Need.SENTIMENT),
        RATING("rating", 1, 5, null),
        AUTHOR_INTERACTIONS("author.interactions", 0, Double.MAX_VALUE, Need.AUTHOR),
        AUTHOR_DAYS_SINCE_FIRST("author.daysSinceFirst", 0, Double.MAX_VALUE, Need.AUTHOR),
        AUTHOR_DAYS_SINCE_LAST("author.daysSinceLast", 0, Double.MAX_VALUE, Need.AUTHOR);

        final String name;
        final double min;
        final double max;
        final Need need;

        NumberField(String name, double min, double max, Need need) {
            this.name = name;
            this.min = min;
            this.max = max;
            this.need = need;
        }

        /** The value, or NaN when the interaction has none. */
        double value(Evaluation e) {
            RuleContext.AuthorHistory history = e.context.authorHistory() == null
                    ? RuleContext.AuthorHistory.NONE : e.context.authorHistory();
            return switch (this) {
                case SENTIMENT -> e.context.sentiment();
                case RATING -> e.interaction.rating() == null ? Double.NaN : e.interaction.rating();
                case AUTHOR_INTERACTIONS -> history.interactions();
                case AUTHOR_DAYS_SINCE_FIRST -> days(history.firstContact(), e.now());
                case AUTHOR_DAYS_SINCE_LAST -> days(history.lastContact(), e.now());
            };
        }

        private static double days(Instant then, Instant now) {
            return then == null ? Double.NaN : Duration.between(then, now).toMillis() / 86_400_000.0;
        }
    }

    enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("="), NE("!=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double a, double b) {
            return switch (this) {
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
                case EQ -> a == b;
                case NE -> a != b;
            };
        }
    }

    record Compare(NumberField field, Op op, double value) implements Condition {
        public boolean test(Evaluation e) {
            double v = field.value(e);
            return !Double.isNaN(v) && op.holds(v, value);
        }

        public void describe(StringBuilder out) {
            out.append(field.name).append(' ').append(op.symbol).append(' ').append(number(value));
        }

        public void needs(Set<Need> needs) {
            if (field.need != null) {
                needs.add(field.need);
            }
        }

        private static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    enum NameField {
        CHANNEL("channel"), ACCOUNT("account"), KIND("kind"), LANGUAGE("language");

        final String name;

        NameField(String name) {
            this.name = name;
        }

        /** The value in lower case, or null when the interaction has none; once per interaction. */
        String value(Evaluation e) {
            return e.name(this);
        }

        String read(Evaluation e) {
            String v = switch (this) {
                case CHANNEL -> e.interaction.channel();
                case ACCOUNT -> e.interaction.account();
                case KIND -> e.interaction.kind() == null ? null : e.interaction.kind().name();
                case LANGUAGE -> e.context.language() != null ? e.context.language() : e.interaction.language();
            };
            return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code field = v}, {@code field in (v, w)} and their negations. Values are compared without regard to case; a
     * language matches itself and its subtags ({@code language = zh} matches {@code zh-TW}).
     */
    record Among(NameField field, List<String> values, boolean negated) implements Condition {
        public boolean test(Evaluation e) {
            String v = field.value(e);
            if (v == null) {
                return false;
            }
            boolean found = false;
            for (String want : values) {
                if (v.equals(want) || (field == NameField.LANGUAGE && v.startsWith(want) && v.length() > want.length()
                        && v.charAt(want.length()) == '-')) {
                    found = true;
                    break;
                }
            }
            return found != negated;
        }

        public void describe(StringBuilder out) {
            out.append(field.name);
            if (values.size() == 1) {
                out.append(negated ? " != " : " = ").append(values.get(0));
            } else {
                out.append(negated ? " not in (" : " in (").append(String.join(", ", values)).append(')');
            }
        }

        public void needs(Set<Need> needs) {
            if (field == NameField.LANGUAGE) {
                needs.add(Need.LANGUAGE);
            }
        }
    }

    /** {@code text has any of}, {@code has all of}, {@code has phrase}: keywords by their ids in the rule's set. */
    record Has(String how, boolean all, int[] ids, List<Term> terms) implements Condition {
        public boolean test(Evaluation e) {
            for (int id : ids) {
                if (e.has(id) != all) {
                    return !all;
                }
            }
            return all;
        }

        public void describe(StringBuilder out) {
            out.append("text has ").append(how).append(' ');
            for (int i = 0; i < terms.size(); i++) {
                out.append(i == 0 ? "\"" : ", \"").append(terms.get(i).shown()).append('"');
            }
        }

        public void needs(Set<Need> needs) {
        }
    }

    /** {@code text matches /pattern/flags}: on the normalised text, or with flag {@code c} on the text as written. */
    /**
     * @param key      names the pattern and its flags: each distinct one runs once per interaction
     * @param required text every match contains ({@link RequiredLiteral}); without it, the pattern need not run
     */
    record Matches(Pattern pattern, String source, String flags, boolean asWritten, String key, String required)
            implements Condition {

        Matches(Pattern pattern, String source, String flags, boolean asWritten) {
            this(pattern, source, flags, asWritten, flags + "/" + source,
                    RequiredLiteral.of(source, (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0));
        }

        public boolean test(Evaluation e) {
            return e.find(this);
        }

        public void describe(StringBuilder out) {
            out.append("text matches /").append(source.replace("/", "\\/")).append('/').append(flags);
        }

        public void needs(Set<Need> needs) {
        }
    }

    private static void join(StringBuilder out, List<Condition> parts, String word, Class<?> grouped) {
        for (int i = 0; i < parts.size(); i++) {
            Condition c = parts.get(i);
            out.append(i == 0 ? "" : word);
            boolean group = grouped.isInstance(c);
            out.append(group ? "(" : "");
            c.describe(out);
            out.append(group ? ")" : "");
        }
    }
}
