package org.parley.rules.internal;

/**
 * A piece of plain text every match of a pattern must contain, found conservatively, so that a text without it is
 * answered without running the pattern: {@code \border ?(no|#)? ?\d{5,}} needs "order", an e-mail pattern needs
 * "@". Only the top level of the pattern is read; whatever is unclear (an alternative at the top level, inline flags,
 * quoting, a case-insensitive pattern) gives no literal, and the pattern simply always runs.
 */
final class RequiredLiteral {

    private RequiredLiteral() {
    }

    /** The longest required literal, or null when none is certain. */
    static String of(String pattern, boolean caseInsensitive) {
        if (caseInsensitive || pattern.contains("\\Q") || hasInlineFlags(pattern)) {
            return null;
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            switch (c) {
                case '|':
                    return null; // an alternative at the top level: nothing is required by all of them
                case '(': {
                    best = longer(best, run);
                    run.setLength(0);
                    int end = skipGroup(pattern, i);
                    if (end < 0) {
                        return null;
                    }
                    i = end;
                    continue;
                }
                case '[': {
                    best = longer(best, run);
                    run.setLength(0);
                    int end = skipClass(pattern, i);
                    if (end < 0) {
                        return null;
                    }
                    i = end;
                    continue;
                }
                case '?': case '*': case '+': case '{': {
                    // The quantifier applies to the last atom: if that was a literal character, it is not certain.
                    if (run.length() > 0) {
                        run.setLength(run.length() - 1);
                    }
                    best = longer(best, run);
                    run.setLength(0);
                    if (c == '{') {
                        int close = pattern.indexOf('}', i);
                        if (close < 0) {
                            return null;
                        }
                        i = close + 1;
                    } else {
                        i++;
                    }
                    continue;
                }
                case '.': case '^': case '$': case ')':
                    best = longer(best, run);
                    run.setLength(0);
                    i++;
                    continue;
                case '\\': {
                    if (i + 1 >= n) {
                        return null;
                    }
                    char d = pattern.charAt(i + 1);
                    if (Character.isLetterOrDigit(d)) {
                        // A class (\d, \w), an anchor (\b), a back reference, an escape of a code (\x41, \t):
                        // not plain text.
                        best = longer(best, run);
                        run.setLength(0);
                    } else {
                        run.append(d);
                    }
                    i += 2;
                    continue;
                }
                default:
                    if (Character.isSurrogate(c)) {
                        best = longer(best, run); // keep it simple: a quantifier could follow half of a pair
                        run.setLength(0);
                    } else {
                        run.append(c);
                    }
                    i++;
            }
        }
        best = longer(best, run);
        return best.isEmpty() ? null : best;
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > best.length() ? run.toString() : best;
    }

    private static boolean hasInlineFlags(String p) {
        for (int i = p.indexOf("(?"); i >= 0; i = p.indexOf("(?", i + 1)) {
            if (i + 2 < p.length() && (Character.isLetter(p.charAt(i + 2)) || p.charAt(i + 2) == '-')) {
                return true;
            }
        }
        return false;
    }

    /** Index after the group that opens at {@code start}, or -1. */
    private static int skipGroup(String p, int start) {
        int depth = 0;
        for (int i = start; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int end = skipClass(p, i);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index after the character class that opens at {@code start}, or -1. Classes may nest in Java. */
    private static int skipClass(String p, int start) {
        int depth = 0;
        for (int i = start; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
                if (i + 1 < p.length() && p.charAt(i + 1) == ']' && depth == 1 && i == start) {
                    i++; // "[]...]": a leading ] is a member
                }
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
