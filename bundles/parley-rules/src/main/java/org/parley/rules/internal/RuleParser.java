package org.parley.rules.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.parley.api.InteractionKind;
import org.parley.api.RuleAction;

/**
 * Reads the rule language: a recursive-descent parser over a small lexer; the grammar is in this package's
 * documentation ({@code package-info.java}). Keywords of one rule set share one table, so that a keyword used by
 * several rules is looked for once.
 */
final class RuleParser {

    static final String FIELDS = "sentiment, rating, author.interactions, author.daysSinceFirst, "
            + "author.daysSinceLast, channel, account, kind, language, text";
    static final String ACTIONS = "tag interaction TAG, tag person TAG, make lead, assign owner USER, flag for reply";

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,8}(-[a-z0-9]{1,8})*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** The keywords of the rule set being read, each with its id; shared by all its rules. */
    private final Map<String, Integer> termIds = new LinkedHashMap<>();
    private final List<Term> terms = new ArrayList<>();

    List<Term> terms() {
        return List.copyOf(terms);
    }

    // ---------------------------------------------------------------------------------------------- when

    Condition when(String source) throws RuleSyntaxException {
        checkCharacters(source);
        Lexer lex = new Lexer(source);
        if (lex.peek().type == Type.END) {
            throw new RuleSyntaxException(1, "the condition is empty: say when the rule applies, for example "
                    + "text has any of \"refund\"");
        }
        Condition c = or(lex);
        Token extra = lex.peek();
        if (extra.type != Type.END) {
            throw new RuleSyntaxException(extra.column, "unexpected " + extra.describe()
                    + " after a complete condition (join conditions with and, or)");
        }
        return c;
    }

    private Condition or(Lexer lex) throws RuleSyntaxException {
        List<Condition> parts = new ArrayList<>();
        parts.add(and(lex));
        while (lex.peek().is("or")) {
            lex.next();
            parts.add(and(lex));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(List.copyOf(parts));
    }

    private Condition and(Lexer lex) throws RuleSyntaxException {
        List<Condition> parts = new ArrayList<>();
        parts.add(unary(lex));
        while (lex.peek().is("and")) {
            lex.next();
            parts.add(unary(lex));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(List.copyOf(parts));
    }

    private Condition unary(Lexer lex) throws RuleSyntaxException {
        Token t = lex.peek();
        if (t.is("not")) {
            lex.next();
            return new Condition.Not(unary(lex));
        }
        if (t.isPunct("(")) {
            lex.next();
            Condition inner = or(lex);
            Token close = lex.next();
            if (!close.isPunct(")")) {
                throw new RuleSyntaxException(close.column, "expected ')' to close the '(' at column " + t.column
                        + ", found " + close.describe());
            }
            return inner;
        }
        return test(lex);
    }

    private Condition test(Lexer lex) throws RuleSyntaxException {
        Token field = lex.next();
        if (field.type != Type.WORD) {
            throw new RuleSyntaxException(field.column, "expected a condition such as sentiment < -0.3 or "
                    + "text has any of \"refund\", found " + field.describe());
        }
        String name = field.lower();
        for (Condition.NumberField f : Condition.NumberField.values()) {
            if (f.name.toLowerCase(Locale.ROOT).equals(name)) {
                return compare(lex, f);
            }
        }
        for (Condition.NameField f : Condition.NameField.values()) {
            if (f.name.equals(name)) {
                return among(lex, f);
            }
        }
        if (name.equals("text")) {
            return text(lex);
        }
        if (isKeyword(name)) {
            throw new RuleSyntaxException(field.column, "expected a condition, found '" + field.text
                    + "' (fields: " + FIELDS + ")");
        }
        throw new RuleSyntaxException(field.column, "unknown field '" + field.text + "' (fields: " + FIELDS + ")");
    }

    private static Condition compare(Lexer lex, Condition.NumberField field) throws RuleSyntaxException {
        Token op = lex.next();
        Condition.Op operator = null;
        if (op.type == Type.PUNCT) {
            for (Condition.Op o : Condition.Op.values()) {
                if (o.symbol.equals(op.text) || (o == Condition.Op.EQ && op.text.equals("=="))) {
                    operator = o;
                }
            }
        }
        if (operator == null) {
            throw new RuleSyntaxException(op.column, "expected <, <=, >, >=, = or != after " + field.name
                    + ", found " + op.describe());
        }
        Token number = lex.next();
        if (number.type != Type.NUMBER) {
            throw new RuleSyntaxException(number.column, "expected a number after " + field.name + " "
                    + op.text + ", found " + number.describe());
        }
        double value = Double.parseDouble(number.text);
        if (value < field.min || value > field.max) {
            String range = field.max == Double.MAX_VALUE ? "0 or more" : "from " + (long) field.min + " to " + (long) field.max;
            throw new RuleSyntaxException(number.column, field.name + " is " + range + ": " + number.text
                    + " is outside that");
        }
        return new Condition.Compare(field, operator, value);
    }

    private static Condition among(Lexer lex, Condition.NameField field) throws RuleSyntaxException {
        Token op = lex.next();
        boolean negated;
        List<String> values = new ArrayList<>();
        if (op.isPunct("=") || op.isPunct("==") || op.isPunct("!=")) {
            negated = op.isPunct("!=");
            values.add(value(lex, field));
        } else if (op.is("in") || op.is("not")) {
            negated = op.is("not");
            if (negated) {
                Token in = lex.next();
                if (!in.is("in")) {
                    throw new RuleSyntaxException(in.column, "expected in after " + field.name + " not, found " + in.describe());
                }
            }
            Token open = lex.next();
            if (!open.isPunct("(")) {
                throw new RuleSyntaxException(open.column, "expected '(' and a list, as in " + field.name
                        + " in (a, b), found " + open.describe());
            }
            values.add(value(lex, field));
            Token t = lex.next();
            while (t.isPunct(",")) {
                values.add(value(lex, field));
                t = lex.next();
            }
            if (!t.isPunct(")")) {
                throw new RuleSyntaxException(t.column, "expected ',' or ')' in the list of " + field.name
                        + " values, found " + t.describe());
            }
        } else {
            throw new RuleSyntaxException(op.column, "expected =, != or in after " + field.name + ", found " + op.describe());
        }
        return new Condition.Among(field, List.copyOf(values), negated);
    }

    private static String value(Lexer lex, Condition.NameField field) throws RuleSyntaxException {
        Token t = lex.next();
        if (t.type != Type.WORD && t.type != Type.STRING && t.type != Type.NUMBER) {
            throw new RuleSyntaxException(t.column, "expected a " + field.name + " value, found " + t.describe());
        }
        String v = t.text.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw new RuleSyntaxException(t.column, "the " + field.name + " value is empty");
        }
        if (field == Condition.NameField.KIND
                && Arrays.stream(InteractionKind.values()).noneMatch(k -> k.name().equalsIgnoreCase(v))) {
            throw new RuleSyntaxException(t.column, "unknown kind '" + t.text + "' (kinds: " + Arrays.stream(
                    InteractionKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
        }
        if (field == Condition.NameField.LANGUAGE && !LANGUAGE.matcher(v).matches()) {
            throw new RuleSyntaxException(t.column, "'" + t.text + "' is not a BCP 47 language tag such as en, nl, zh or zh-TW");
        }
        return v;
    }

    private Condition text(Lexer lex) throws RuleSyntaxException {
        Token verb = lex.next();
        if (verb.is("matches")) {
            return matches(lex);
        }
        if (!verb.is("has")) {
            throw new RuleSyntaxException(verb.column, "expected has any of, has all of, has phrase or matches after text, found "
                    + verb.describe());
        }
        Token how = lex.next();
        String described;
        boolean all;
        if (how.is("phrase")) {
            int id = termId(lex.next());
            return new Condition.Has("phrase", false, new int[] {id}, List.of(terms.get(id)));
        } else if (how.is("any") || how.is("all")) {
            Token of = lex.next();
            if (!of.is("of")) {
                throw new RuleSyntaxException(of.column, "expected of after text has " + how.lower() + ", found " + of.describe());
            }
            all = how.is("all");
            described = all ? "all of" : "any of";
        } else {
            throw new RuleSyntaxException(how.column, "expected any of, all of or phrase after text has, found " + how.describe());
        }
        List<Integer> ids = new ArrayList<>();
        ids.add(termId(lex.next()));
        while (lex.peek().isPunct(",")) {
            lex.next();
            ids.add(termId(lex.next()));
        }
        int[] array = ids.stream().distinct().mapToInt(Integer::intValue).toArray();
        return new Condition.Has(described, all, array, Arrays.stream(array).mapToObj(terms::get).toList());
    }

    private int termId(Token t) throws RuleSyntaxException {
        if (t.type != Type.STRING) {
            throw new RuleSyntaxException(t.column, "expected a keyword in quotes, such as \"refund\", found " + t.describe());
        }
        Term term;
        try {
            term = Term.of(t.text);
        } catch (IllegalArgumentException e) {
            throw new RuleSyntaxException(t.column, e.getMessage());
        }
        Integer id = termIds.get(term.needle());
        if (id == null) {
            id = terms.size();
            terms.add(term);
            termIds.put(term.needle(), id);
        }
        return id;
    }

    private static Condition matches(Lexer lex) throws RuleSyntaxException {
        Lexer.Regex r = lex.regex();
        boolean asWritten = false;
        int flags = Pattern.UNICODE_CHARACTER_CLASS;
        for (int i = 0; i < r.flags().length(); i++) {
            switch (r.flags().charAt(i)) {
                case 'c' -> asWritten = true;
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> flags |= Pattern.MULTILINE;
                case 's' -> flags |= Pattern.DOTALL;
                default -> throw new RuleSyntaxException(r.flagsColumn() + i, "unknown flag '" + r.flags().charAt(i)
                        + "' after the regular expression (flags: c to match the text as written, i, m, s)");
            }
        }
        if (r.pattern().isEmpty()) {
            throw new RuleSyntaxException(r.column(), "the regular expression is empty");
        }
        if (!asWritten) {
            checkNormalised(r);
        }
        try {
            return new Condition.Matches(Pattern.compile(r.pattern(), flags), r.pattern(), r.flags(), asWritten);
        } catch (PatternSyntaxException e) {
            int at = e.getIndex() >= 0 ? r.column() + 1 + Math.min(e.getIndex(), r.pattern().length()) : r.column();
            throw new RuleSyntaxException(at, "the regular expression is invalid: " + e.getDescription());
        }
    }

    /**
     * A pattern runs over the normalised text (lower case, no accents), so a literal character that normalisation
     * changes could never match: refused, saying what to write instead.
     */
    private static void checkNormalised(Lexer.Regex r) throws RuleSyntaxException {
        String p = r.pattern();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char d = p.charAt(i + 1);
                if (d == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    int stop = end < 0 ? p.length() : end;
                    for (int j = i + 2; j < stop; ) {
                        j = checkLiteral(r, j);
                    }
                    i = end < 0 ? p.length() : end + 2;
                    continue;
                }
                i += 2;
                if (i < p.length() && (p.charAt(i) == '{' || p.charAt(i) == '<') && Character.isLetter(d)) {
                    int close = p.indexOf(p.charAt(i) == '{' ? '}' : '>', i);
                    i = close < 0 ? p.length() : close + 1;
                }
                continue;
            }
            if (c == '(' && i + 1 < p.length() && p.charAt(i + 1) == '?') {
                i += 2;
                if (i < p.length() && p.charAt(i) == '<' && i + 1 < p.length() && p.charAt(i + 1) != '='
                        && p.charAt(i + 1) != '!') {
                    int close = p.indexOf('>', i);
                    i = close < 0 ? p.length() : close + 1;
                } else {
                    while (i < p.length() && (Character.isLetter(p.charAt(i)) || p.charAt(i) == '-')) {
                        i++;
                    }
                }
                continue;
            }
            i = checkLiteral(r, i);
        }
    }

    private static int checkLiteral(Lexer.Regex r, int i) throws RuleSyntaxException {
        int cp = r.pattern().codePointAt(i);
        String written = new String(Character.toChars(cp));
        String normal = TextForm.normalise(written);
        if (!normal.equals(written)) {
            throw new RuleSyntaxException(r.column() + 1 + i, "the regular expression runs over the text in lower case "
                    + "without accents: write '" + normal + "' for '" + written + "', or add the flag c to match "
                    + "the text as written");
        }
        return i + Character.charCount(cp);
    }

    // ---------------------------------------------------------------------------------------------- then

    /** The actions of {@code then}, with the rule's id as their source. */
    static List<RuleAction> then(String ruleId, String source) throws RuleSyntaxException {
        checkCharacters(source);
        Lexer lex = new Lexer(source);
        List<RuleAction> actions = new ArrayList<>();
        Set<RuleAction.Type> types = EnumSet.noneOf(RuleAction.Type.class);
        if (lex.peek().type == Type.END) {
            throw new RuleSyntaxException(1, "there is no action: say what the rule does (" + ACTIONS + ")");
        }
        while (true) {
            Token start = lex.peek();
            RuleAction action = action(ruleId, lex);
            if (actions.contains(action)) {
                throw new RuleSyntaxException(start.column, "this action is already in the list");
            }
            if (action.type() == RuleAction.Type.ASSIGN_OWNER && types.contains(RuleAction.Type.ASSIGN_OWNER)) {
                throw new RuleSyntaxException(start.column, "a rule assigns one owner only");
            }
            actions.add(action);
            types.add(action.type());
            Token t = lex.next();
            if (t.type == Type.END) {
                return List.copyOf(actions);
            }
            if (!t.isPunct(";")) {
                throw new RuleSyntaxException(t.column, "expected ';' between actions, found " + t.describe());
            }
            if (lex.peek().type == Type.END) {
                return List.copyOf(actions);
            }
        }
    }

    private static RuleAction action(String ruleId, Lexer lex) throws RuleSyntaxException {
        Token verb = lex.next();
        if (verb.is("tag")) {
            Token what = lex.next();
            if (!what.is("interaction") && !what.is("person")) {
                throw new RuleSyntaxException(what.column, "expected interaction or person after tag, found " + what.describe());
            }
            Token tag = lex.next();
            String value = tag.type == Type.END || tag.type == Type.PUNCT ? "" : tag.text.trim().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(value).matches()) {
                throw new RuleSyntaxException(tag.column, (value.isEmpty() ? "expected a tag, found " + tag.describe()
                        : "'" + tag.text + "' is not a tag") + ": 1 to 64 letters, digits, _ . : - (stored in lower case)");
            }
            return new RuleAction(ruleId, what.is("person") ? RuleAction.Type.TAG_PERSON : RuleAction.Type.TAG_INTERACTION, value);
        }
        if (verb.is("make")) {
            expect(lex, "lead", "make");
            return new RuleAction(ruleId, RuleAction.Type.MAKE_LEAD, null);
        }
        if (verb.is("assign")) {
            expect(lex, "owner", "assign");
            Token user = lex.next();
            String value = user.type == Type.WORD || user.type == Type.STRING || user.type == Type.NUMBER ? user.text.trim() : "";
            if (!USER.matcher(value).matches()) {
                throw new RuleSyntaxException(user.column, (value.isEmpty() ? "expected a CRM user name, found " + user.describe()
                        : "'" + user.text + "' is not a CRM user name") + ": 1 to 100 letters, digits, . _ @ -");
            }
            return new RuleAction(ruleId, RuleAction.Type.ASSIGN_OWNER, value);
        }
        if (verb.is("flag")) {
            expect(lex, "for", "flag");
            expect(lex, "reply", "flag for");
            return new RuleAction(ruleId, RuleAction.Type.FLAG_FOR_REPLY, null);
        }
        throw new RuleSyntaxException(verb.column, (verb.type == Type.WORD ? "unknown action '" + verb.text + "'"
                : "expected an action, found " + verb.describe()) + " (actions: " + ACTIONS + ")");
    }

    private static void expect(Lexer lex, String word, String after) throws RuleSyntaxException {
        Token t = lex.next();
        if (!t.is(word)) {
            throw new RuleSyntaxException(t.column, "expected " + word + " after " + after + ", found " + t.describe());
        }
    }

    /**
     * Karaf reads {@code etc/*.cfg} like Java properties: a backslash escapes the next character, so {@code \b} (a
     * word boundary) arrives as a backspace and {@code \d} as a plain d. A backspace or other control character
     * is refused, naming the cause; the doubled backslash ({@code \\b}) is what an admin writes.
     */
    private static void checkCharacters(String source) throws RuleSyntaxException {
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\b') {
                throw new RuleSyntaxException(i + 1, "a backspace character: in a .cfg file every backslash is "
                        + "written twice, so a word boundary in a regular expression is \\\\b");
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new RuleSyntaxException(i + 1, String.format(Locale.ROOT, "a control character (U+%04X): in a "
                        + ".cfg file every backslash is written twice", (int) c));
            }
        }
    }

    private static boolean isKeyword(String word) {
        return switch (word) {
            case "and", "or", "not", "in", "has", "any", "all", "of", "phrase", "matches" -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------------------------------------- lexer

    enum Type { WORD, NUMBER, STRING, PUNCT, END }

    /**
     * @param text   the word, the number, the punctuation, or a string's content without quotes and escapes
     * @param column where it starts in the value, from 1
     */
    record Token(Type type, String text, int column) {

        boolean is(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isPunct(String p) {
            return type == Type.PUNCT && text.equals(p);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        String describe() {
            return switch (type) {
                case END -> "the end";
                case STRING -> "\"" + text + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    /** Splits a value into tokens on demand, so that a regular expression can be read where the parser expects one. */
    static final class Lexer {

        record Regex(String pattern, String flags, int column, int flagsColumn) {
        }

        private final String src;
        private int pos;
        private Token peeked;

        Lexer(String src) {
            this.src = src;
        }

        Token peek() throws RuleSyntaxException {
            if (peeked == null) {
                peeked = read();
            }
            return peeked;
        }

        Token next() throws RuleSyntaxException {
            Token t = peek();
            peeked = null;
            return t;
        }

        /** A regular expression {@code /pattern/flags} at this point; a backslash escapes the slash. */
        Regex regex() throws RuleSyntaxException {
            if (peeked != null) {
                pos = peeked.column - 1;
                peeked = null;
            }
            skipSpace();
            if (pos >= src.length() || src.charAt(pos) != '/') {
                throw new RuleSyntaxException(pos + 1, "expected a regular expression between slashes, as in "
                        + "/\\bprices?\\b/, after matches, found " + (pos >= src.length() ? "the end" : "'" + src.charAt(pos) + "'"));
            }
            int open = pos;
            StringBuilder pattern = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= src.length()) {
                    throw new RuleSyntaxException(open + 1, "the regular expression that starts here has no closing /");
                }
                char c = src.charAt(pos);
                if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                    pattern.append('/');
                    pos += 2;
                    continue;
                }
                if (c == '\\' && pos + 1 < src.length()) {
                    pattern.append(c).append(src.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '/') {
                    break;
                }
                pattern.append(c);
                pos++;
            }
            pos++;
            int flagsStart = pos;
            while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
                pos++;
            }
            return new Regex(pattern.toString(), src.substring(flagsStart, pos), open + 1, flagsStart + 1);
        }

        private void skipSpace() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        private Token read() throws RuleSyntaxException {
            skipSpace();
            if (pos >= src.length()) {
                return new Token(Type.END, "", src.length() + 1);
            }
            int start = pos;
            char c = src.charAt(pos);
            if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                pos++;
                while (pos < src.length() && src.charAt(pos) != c) {
                    if (src.charAt(pos) == '\\' && pos + 1 < src.length()) {
                        pos++;
                    }
                    s.append(src.charAt(pos++));
                }
                if (pos >= src.length()) {
                    throw new RuleSyntaxException(start + 1, "the text in quotes that starts here has no closing " + c);
                }
                pos++;
                return new Token(Type.STRING, s.toString(), start + 1);
            }
            boolean signed = (c == '-' || c == '+' || c == '.') && pos + 1 < src.length()
                    && (Character.isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.');
            if (isWordStart(c) || signed) {
                pos++;
                while (pos < src.length() && isWordPart(src.charAt(pos))) {
                    pos++;
                }
                String word = src.substring(start, pos);
                if (NUMBER.matcher(word).matches()) {
                    return new Token(Type.NUMBER, word, start + 1);
                }
                if (signed) {
                    throw new RuleSyntaxException(start + 1, "'" + word + "' is not a number");
                }
                return new Token(Type.WORD, word, start + 1);
            }
            for (String p : new String[] {"<=", ">=", "!=", "==", "<", ">", "=", "(", ")", ",", ";"}) {
                if (src.startsWith(p, pos)) {
                    pos += p.length();
                    return new Token(Type.PUNCT, p, start + 1);
                }
            }
            if (c == '/') {
                throw new RuleSyntaxException(start + 1, "unexpected '/': a regular expression follows matches, and "
                        + "a slash inside one is written \\/");
            }
            int cp = src.codePointAt(pos);
            throw new RuleSyntaxException(start + 1, "unexpected character '" + new String(Character.toChars(cp))
                    + "'" + (Character.isLetter(cp) ? " (put keywords in quotes: \"...\")" : ""));
        }

        private static boolean isWordStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }

        private static boolean isWordPart(char c) {
            return isWordStart(c) || c == '.' || c == '-' || c == ':' || c == '@';
        }
    }
}
