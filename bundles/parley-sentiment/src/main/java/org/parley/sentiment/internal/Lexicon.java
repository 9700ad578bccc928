package org.parley.sentiment.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One language's terms, read from {@code org/parley/sentiment/lexicon/<lang>.txt} in this bundle. The format (UTF-8, one term a line):
 * <pre>
 * # a comment
 * &#64;suffix from=to[:factor] ...   endings tried when a word is not found ("s=" plural, "isimo=o:1.3" superlative)
 * [words]            term TAB weight        -4 (very negative) .. 4 (very positive); 0 = a known neutral word, which
 *                                           also keeps its letters from matching a longer or foreign entry
 * [negators]         term TAB factor        multiplies a sentiment word up to 3 words later (-0.74: flip and soften)
 * [boosters]         term TAB factor [TAB after]   multiplies the next sentiment word (or the previous one: after);
 *                                           a term also in [words] boosts only when a sentiment word follows it
 * [contrast]         term TAB weight        "but": the rest of its sentence counts this much (1.5), what came before half
 * [concessive]       term TAB weight        "although": its clause counts this much (0.5)
 * [polite]           term TAB weight        "thanks": full weight only when boosted or exclaimed, else a quarter
 * [excess]           term TAB weight        "too": followed by a word that is not in the lexicon, that word counts this
 *                                           much ("too short", "太咸"); followed by a sentiment word, it is a booster
 * [sarcasm]          term TAB weight        a marker ("🙄", "yeah right"): positive words in the text turn this much negative
 * </pre>
 * A term may be several words ("not bad", "no problem"); without spaces in Chinese. Terms are matched folded
 * ({@link Texts#fold}), longest first.
 */
final class Lexicon {

    enum Kind { WORD, NEGATOR, BOOSTER, CONTRAST, CONCESSIVE, POLITE, SARCASM, EXCESS }

    /**
     * One term. {@code boost} is non-zero for a word that is also a booster; {@code negated} is set for a phrase that
     * starts with a negator ("no reply", "没收到"), which a negator before it does not flip again.
     */
    record Entry(Kind kind, double value, double boost, boolean after, boolean negated, double excess) {

        Entry(Kind kind, double value, double boost, boolean after) {
            this(kind, value, boost, after, false, 0);
        }
    }

    /** An ending replaced when a word is not found as it is. */
    record Suffix(String from, String to, double factor) {
    }

    /** A hit: the entry, how many tokens (or characters, for Han) it spans, and a factor from a suffix rule. */
    record Match(Entry entry, int length, double factor) {
    }

    private final String name;
    private final Map<String, Entry> entries;
    private final List<Suffix> suffixes;
    private final int maxWords;
    private final int maxChars;
    /** The hyphenated words in its terms ("sia-sia", "e-mail"): kept whole; any other hyphenated word is split. */
    private final Set<String> hyphenated;

    private Lexicon(String name, Map<String, Entry> entries, List<Suffix> suffixes) {
        this.name = name;
        this.entries = entries;
        this.suffixes = suffixes;
        int words = 1;
        int chars = 1;
        Set<String> hyphens = new HashSet<>();
        for (String k : entries.keySet()) {
            String[] parts = k.split(" ");
            words = Math.max(words, parts.length);
            chars = Math.max(chars, k.codePointCount(0, k.length()));
            for (String part : parts) {
                if (part.indexOf('-') > 0) {
                    hyphens.add(part);
                }
            }
        }
        this.maxWords = words;
        this.maxChars = chars;
        this.hyphenated = Set.copyOf(hyphens);
    }

    String name() {
        return name;
    }

    int size() {
        return entries.size();
    }

    int maxWords() {
        return maxWords;
    }

    int maxChars() {
        return maxChars;
    }

    boolean knowsHyphenated(String key) {
        return hyphenated.contains(key);
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Entry get(String key) {
        return entries.get(key);
    }

    /** A single word: as it is, then without its elongation ("goooood"), then with each suffix rule. */
    Match word(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            return new Match(e, 1, 1.0);
        }
        String shorter = collapse(key, 2);
        if (shorter != null) {
            e = entries.get(shorter);
            if (e == null) {
                shorter = collapse(key, 1);
                e = entries.get(shorter);
            }
            if (e == null) {
                Match m = suffixed(collapse(key, 2));
                if (m == null) {
                    m = suffixed(collapse(key, 1));
                }
                return m == null ? null : new Match(m.entry(), 1, m.factor() * ELONGATED);
            }
            return new Match(e, 1, ELONGATED);
        }
        return suffixed(key);
    }

    /** Stretched letters ("sooo goood!") are emphasis. */
    static final double ELONGATED = 1.2;

    private Match suffixed(String key) {
        for (Suffix s : suffixes) {
            if (key.endsWith(s.from) && key.length() - s.from.length() >= 3) {
                Entry e = entries.get(key.substring(0, key.length() - s.from.length()) + s.to);
                if (e != null && e.kind == Kind.WORD) {
                    return new Match(e, 1, s.factor);
                }
            }
        }
        return null;
    }

    /** Runs of 3 or more of the same letter cut to {@code keep}; null when there is no such run. */
    static String collapse(String key, int keep) {
        StringBuilder out = null;
        int n = key.length();
        for (int i = 0; i < n; ) {
            char c = key.charAt(i);
            int j = i;
            while (j < n && key.charAt(j) == c) {
                j++;
            }
            int run = j - i;
            if (run >= 3 && Character.isLetter(c)) {
                if (out == null) {
                    out = new StringBuilder(n).append(key, 0, i);
                }
                for (int k = 0; k < keep; k++) {
                    out.append(c);
                }
            } else if (out != null) {
                out.append(key, i, j);
            }
            i = j;
        }
        return out == null ? null : out.toString();
    }

    static Lexicon load(String language) {
        String resource = "/org/parley/sentiment/lexicon/" + language + ".txt";
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No lexicon for '" + language + "' in this bundle (" + resource + ")");
            }
            return parse(resource, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static boolean exists(String language) {
        return Lexicon.class.getResource("/org/parley/sentiment/lexicon/" + language + ".txt") != null;
    }

    static Lexicon parse(String name, InputStream in) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        List<Suffix> suffixes = new ArrayList<>();
        Kind section = null;
        // Malformed UTF-8 is a broken file, not something to guess at.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder));
        String line;
        int number = 0;
        while ((line = r.readLine()) != null) {
            number++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String where = name + " line " + number + ": ";
            if (t.startsWith("@suffix")) {
                for (String rule : t.substring("@suffix".length()).trim().split("\\s+")) {
                    suffixes.add(suffix(where, rule));
                }
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                section = switch (t) {
                    case "[words]" -> Kind.WORD;
                    case "[negators]" -> Kind.NEGATOR;
                    case "[boosters]" -> Kind.BOOSTER;
                    case "[contrast]" -> Kind.CONTRAST;
                    case "[concessive]" -> Kind.CONCESSIVE;
                    case "[polite]" -> Kind.POLITE;
                    case "[sarcasm]" -> Kind.SARCASM;
                    case "[excess]" -> Kind.EXCESS;
                    default -> throw new IllegalArgumentException(where + "unknown section " + t);
                };
                continue;
            }
            if (section == null) {
                throw new IllegalArgumentException(where + "a term before any [section]");
            }
            String[] f = line.split("\t");
            if (f.length < 2 || f.length > 3) {
                throw new IllegalArgumentException(where + "expected term TAB number [TAB after], got '" + line + "'");
            }
            String term = key(f[0]);
            if (term.isEmpty()) {
                throw new IllegalArgumentException(where + "empty term");
            }
            double value;
            try {
                value = Double.parseDouble(f[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "'" + f[1] + "' is not a number");
            }
            boolean after = f.length == 3 && f[2].strip().equals("after");
            if (f.length == 3 && !after) {
                throw new IllegalArgumentException(where + "the third column may only be 'after'");
            }
            if (section == Kind.WORD && Math.abs(value) > 4) {
                throw new IllegalArgumentException(where + "a word's weight is from -4 to 4, got " + value);
            }
            Entry previous = entries.get(term);
            if (section == Kind.EXCESS) {
                // Adds to the booster of the same term ("too" boosts "too good" and makes "too short" negative).
                if (previous == null || previous.kind != Kind.BOOSTER || previous.excess != 0) {
                    throw new IllegalArgumentException(where + "'" + f[0] + "' must be listed in [boosters] first");
                }
                entries.put(term, new Entry(Kind.BOOSTER, 0, previous.boost, previous.after, false, value));
                continue;
            }
            Entry entry = new Entry(section, section == Kind.BOOSTER ? 0 : value, section == Kind.BOOSTER ? value : 0, after);
            if (previous != null) {
                // A word that is also a booster ("好": good / so, "pretty", "super"); any other repeat is a mistake.
                if (previous.kind == Kind.WORD && section == Kind.BOOSTER && previous.boost == 0) {
                    entry = new Entry(Kind.WORD, previous.value, value, after);
                } else if (previous.kind == Kind.BOOSTER && section == Kind.WORD && previous.value == 0) {
                    entry = new Entry(Kind.WORD, value, previous.boost, previous.after);
                } else {
                    throw new IllegalArgumentException(where + "'" + f[0] + "' is listed twice");
                }
            }
            entries.put(term, entry);
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().kind == Kind.WORD && startsWithNegator(e.getKey(), entries)) {
                Entry w = e.getValue();
                e.setValue(new Entry(w.kind, w.value, w.boost, w.after, true, 0));
            }
        }
        return new Lexicon(name, Map.copyOf(entries), List.copyOf(suffixes));
    }

    private static boolean startsWithNegator(String key, Map<String, Entry> entries) {
        int space = key.indexOf(' ');
        if (space > 0) {
            Entry first = entries.get(key.substring(0, space));
            return first != null && first.kind == Kind.NEGATOR;
        }
        // Without spaces (Chinese): any shorter negator the term begins with.
        for (int end = key.offsetByCodePoints(0, 1); end < key.length(); end = key.offsetByCodePoints(end, 1)) {
            Entry prefix = entries.get(key.substring(0, end));
            if (prefix != null && prefix.kind == Kind.NEGATOR) {
                return true;
            }
        }
        return false;
    }

    private static Suffix suffix(String where, String rule) {
        int eq = rule.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(where + "a suffix rule is from=to[:factor], got '" + rule + "'");
        }
        String to = rule.substring(eq + 1);
        double factor = 1.0;
        int colon = to.indexOf(':');
        if (colon >= 0) {
            try {
                factor = Double.parseDouble(to.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "bad factor in suffix rule '" + rule + "'");
            }
            to = to.substring(0, colon);
        }
        return new Suffix(Texts.fold(rule.substring(0, eq)), Texts.fold(to), factor);
    }

    /** How a term is stored: folded, single spaces. */
    static String key(String term) {
        return String.join(" ", Texts.fold(Texts.clean(term.strip(), 1000)).split("\\s+")).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + " (" + entries.size() + " terms)";
    }
}
