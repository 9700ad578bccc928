package org.parley.sentiment.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits cleaned text ({@link Texts#clean}) into words, runs of Han characters, emoji and emoticons, review ratings
 * ("4/5") and the punctuation that bounds clauses. Links, @mentions and e-mail addresses are left out: a handle such
 * as {@code @happy_store} says nothing about the writer's mood.
 */
final class Tokenizer {

    enum Type { WORD, HAN, SYMBOL, RATING, EXCLAIM, QUESTION, CLAUSE, SENTENCE }

    /** {@code key} is the folded form for words, the text itself for symbols; {@code value} a rating in [0, 1]. */
    record Token(Type type, String text, String key, boolean caps, double value) {
    }

    private static final Pattern RATING = Pattern.compile("(\\d{1,2}(?:[.,]5)?)\\s?/\\s?(5|10)(?![\\d/])");

    private final List<String> emoticons;

    /** @param emoticons the ASCII emoticons to recognise (":)", ":-(", "<3" ...), lower case, matched ignoring case */
    Tokenizer(List<String> emoticons) {
        List<String> sorted = new ArrayList<>(emoticons);
        sorted.sort((a, b) -> b.length() - a.length());
        this.emoticons = List.copyOf(sorted);
    }

    List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        boolean lowerSeen = false;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLowerCase(s.charAt(i))) {
                lowerSeen = true;
                break;
            }
        }
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            boolean start = i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '('
                    || s.charAt(i - 1) == '"';
            if (cp == ' ') {
                i++;
                continue;
            }
            if (cp == '\n') {
                out.add(new Token(Type.SENTENCE, "\n", "\n", false, 0));
                i++;
                continue;
            }
            if (start && (s.startsWith("http://", i) || s.startsWith("https://", i) || s.regionMatches(true, i, "www.", 0, 4))) {
                i = skipToSpace(s, i);
                continue;
            }
            if (start && cp == '@' && i + 1 < n && Texts.isWordPart(s.codePointAt(i + 1))) {
                i = skipHandle(s, i + 1);
                continue;
            }
            // ":)" may follow a word directly ("thanks:)"); "<3" or "xD" only start a token.
            if (start || cp == ':' || cp == ';' || cp == '=') {
                String emoticon = emoticonAt(s, i, start);
                if (emoticon != null) {
                    out.add(new Token(Type.SYMBOL, emoticon, emoticon.toLowerCase(Locale.ROOT), false, 0));
                    i += emoticon.length();
                    continue;
                }
            }
            if (start && Character.isDigit(cp)) {
                Matcher m = RATING.matcher(s).region(i, n);
                if (m.lookingAt()) {
                    double got = Double.parseDouble(m.group(1).replace(',', '.'));
                    double of = Double.parseDouble(m.group(2));
                    if (got <= of) {
                        out.add(new Token(Type.RATING, m.group(), m.group(), false, got / of));
                        i = m.end();
                        continue;
                    }
                }
            }
            if (cp == '#' && i + 1 < n && Character.isLetter(s.codePointAt(i + 1)) && !Texts.isHan(s.codePointAt(i + 1))) {
                i++; // a hashtag is a word: #fail, #love
                continue;
            }
            if (Texts.isHan(cp)) {
                int j = i;
                while (j < n && Texts.isHan(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
                String run = s.substring(i, j);
                out.add(new Token(Type.HAN, run, run, false, 0));
                i = j;
                continue;
            }
            if (Texts.isWordPart(cp)) {
                int j = wordEnd(s, i);
                String word = s.substring(i, j);
                if (j < n && s.charAt(j) == '@') { // an e-mail address
                    i = skipToSpace(s, i);
                    continue;
                }
                out.add(new Token(Type.WORD, word, Texts.fold(word), lowerSeen && isShouted(word), 0));
                i = j;
                continue;
            }
            if (Texts.isSymbol(cp)) {
                String symbol = new String(Character.toChars(cp));
                out.add(new Token(Type.SYMBOL, symbol, symbol, false, 0));
                i += Character.charCount(cp);
                continue;
            }
            Type punct = switch (cp) {
                case '!' -> Type.EXCLAIM;
                case '?' -> Type.QUESTION;
                case '.', '\u3002', '\u2026', '\uFF61' -> Type.SENTENCE;
                case ',', ';', ':', '\u3001', '(', ')', '\u2013', '\u2014' -> Type.CLAUSE;
                default -> null;
            };
            if (punct != null) {
                out.add(new Token(punct, s.substring(i, i + 1), s.substring(i, i + 1), false, 0));
            }
            i += Character.charCount(cp);
        }
        return out;
    }

    /** Letters, digits and marks, with apostrophes and hyphens inside ("don't", "sia-sia"); stops at Han. */
    private static int wordEnd(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n) {
            int cp = s.codePointAt(j);
            if (Texts.isWordPart(cp) && !Texts.isHan(cp)) {
                j += Character.charCount(cp);
            } else if ((cp == '\'' || cp == '\u2019' || cp == '-') && j + 1 < n && j > i
                    && Texts.isWordPart(s.codePointAt(j + 1)) && !Texts.isHan(s.codePointAt(j + 1))) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    /** All capitals, at least three letters: emphasis ("NEVER again") rather than an acronym ("CS", "NS"). */
    private static boolean isShouted(String word) {
        int letters = 0;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 3;
    }

    private String emoticonAt(String s, int i, boolean start) {
        for (String e : emoticons) {
            if (!start && e.charAt(0) != ':' && e.charAt(0) != ';' && e.charAt(0) != '=') {
                continue;
            }
            if (s.regionMatches(true, i, e, 0, e.length())) {
                int end = i + e.length();
                if (end == s.length() || !Texts.isWordPart(s.codePointAt(end)) || Texts.isHan(s.codePointAt(end))) {
                    return e;
                }
            }
        }
        return null;
    }

    private static int skipToSpace(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    private static int skipHandle(String s, int i) {
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (Texts.isWordPart(cp) || cp == '_' || (cp == '.' && i + 1 < s.length() && Texts.isWordPart(s.codePointAt(i + 1)))) {
                i += Character.charCount(cp);
            } else {
                break;
            }
        }
        return i;
    }
}
