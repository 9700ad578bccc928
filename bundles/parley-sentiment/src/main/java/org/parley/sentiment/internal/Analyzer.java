package org.parley.sentiment.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.parley.sentiment.internal.Lexicon.Entry;
import org.parley.sentiment.internal.Lexicon.Kind;
import org.parley.sentiment.internal.Lexicon.Match;
import org.parley.sentiment.internal.Tokenizer.Token;
import org.parley.sentiment.internal.Tokenizer.Type;

/**
 * Lexicon-and-rules sentiment, after VADER (Hutto and Gilbert, 2014), for several languages. Each word or phrase found
 * in the text's lexicon adds its weight, changed by what is around it: a negator up to three words before flips and
 * softens it, a booster multiplies it, "but" halves what came before and raises what follows, a stretched or shouted
 * word counts more. Words the language's lexicon does not know are looked up in the English one (social posts mix
 * English in), Han characters are segmented by longest match over the Chinese lexicon, emoji and emoticons have their
 * own. The sum {@code x} is squashed to {@code x / sqrt(x² + 15)}, in (-1, 1). Thread-safe and immutable.
 */
final class Analyzer {

    /** VADER's normalisation constant: a sum of 4 (one very positive word) gives 0.72. */
    static final double ALPHA = 15;
    /** Each of up to four '!' adds this much in the direction of the sum (VADER). */
    static final double EXCLAMATION = 0.292;
    static final double SHOUTED = 1.3;
    static final double CONTRAST_BEFORE = 0.5;
    /** A politeness formula said in passing ("..., thanks.") is not gratitude. */
    static final double POLITE_UNSTRESSED = 0.25;
    static final double SARCASM_FLIP = -0.5;
    private static final double[] DECAY = {1.0, 0.95, 0.9};
    private static final int WINDOW = 3;

    private final Map<String, Lexicon> lexicons;
    private final Lexicon english;
    private final Lexicon chinese;
    private final Lexicon symbols;
    private final Tokenizer tokenizer;

    Analyzer(Map<String, Lexicon> lexicons, Lexicon english, Lexicon chinese, Lexicon symbols) {
        this.lexicons = Map.copyOf(lexicons);
        this.english = english;
        this.chinese = chinese;
        this.symbols = symbols;
        List<String> emoticons = new ArrayList<>();
        for (String key : symbols.keys()) {
            if (key.codePoints().allMatch(c -> c < 0x80)) {
                emoticons.add(key);
            }
        }
        this.tokenizer = new Tokenizer(emoticons);
    }

    /** The lexicons of {@code languages}, and the English, Chinese and emoji ones every language uses. */
    static Analyzer load(Set<String> languages) {
        Map<String, Lexicon> map = new LinkedHashMap<>();
        for (String language : languages) {
            map.put(language, Lexicon.load(language));
        }
        Lexicon en = map.containsKey("en") ? map.get("en") : Lexicon.load("en");
        Lexicon zh = map.containsKey("zh") ? map.get("zh") : Lexicon.load("zh");
        return new Analyzer(map, en, zh, Lexicon.load("emoji"));
    }

    Set<String> languages() {
        return lexicons.keySet();
    }

    /** The score of an already {@link Texts#clean cleaned} text in a language this analyzer has; else 0. */
    double score(String cleaned, String language) {
        Lexicon lexicon = lexicons.get(language);
        if (lexicon == null || cleaned.isEmpty()) {
            return 0;
        }
        return squash(sum(units(cleaned, lexicon), null));
    }

    /** For tests and tuning: each unit with what it added. */
    List<String> explain(String cleaned, String language) {
        List<String> out = new ArrayList<>();
        double s = sum(units(cleaned, lexicons.get(language)), out);
        out.add(String.format(Locale.ROOT, "sum %.3f -> %.3f", s, squash(s)));
        return out;
    }

    static double squash(double x) {
        return x == 0 ? 0 : x / Math.sqrt(x * x + ALPHA);
    }

    // ---- Units: tokens looked up in the lexicons ----

    enum U { TERM, PLAIN, SYMBOL, RATING, EXCLAIM, QUESTION, CLAUSE, SENTENCE }

    /** One word, phrase, Han segment, emoji or punctuation mark. {@code factor} carries suffix, stretch and caps. */
    record Unit(U type, String text, Entry entry, double factor, double value) {

        boolean boundary() {
            return type == U.EXCLAIM || type == U.QUESTION || type == U.CLAUSE || type == U.SENTENCE;
        }

        boolean ender() {
            return type == U.EXCLAIM || type == U.QUESTION || type == U.SENTENCE;
        }

        Kind kind() {
            return entry == null ? null : entry.kind();
        }

        /** A word with a weight (not a booster, negator or marker). */
        boolean sentiment() {
            return entry != null && (entry.kind() == Kind.WORD || entry.kind() == Kind.POLITE) && entry.value() != 0;
        }
    }

    List<Unit> units(String cleaned, Lexicon lexicon) {
        List<Token> tokens = splitHyphens(tokenizer.tokens(cleaned), lexicon);
        List<Unit> units = new ArrayList<>(tokens.size());
        Lexicon[] chain = lexicon == english ? new Lexicon[] {english} : new Lexicon[] {lexicon, english};
        for (int t = 0; t < tokens.size(); ) {
            Token tok = tokens.get(t);
            switch (tok.type()) {
                case WORD -> {
                    Match m = match(tokens, t, chain);
                    if (m == null) {
                        units.add(new Unit(U.PLAIN, tok.text(), null, 1, 0));
                        t++;
                    } else {
                        boolean caps = false;
                        StringBuilder text = new StringBuilder();
                        for (int k = t; k < t + m.length(); k++) {
                            caps |= tokens.get(k).caps();
                            text.append(k == t ? "" : " ").append(tokens.get(k).text());
                        }
                        units.add(new Unit(U.TERM, text.toString(), m.entry(), m.factor() * (caps ? SHOUTED : 1), 0));
                        t += m.length();
                    }
                }
                case HAN -> {
                    segment(tok.text(), units);
                    t++;
                }
                case SYMBOL -> {
                    Entry e = symbols.get(tok.key());
                    units.add(e == null ? new Unit(U.PLAIN, tok.text(), null, 1, 0) : new Unit(U.SYMBOL, tok.text(), e, 1, 0));
                    t++;
                }
                case RATING -> {
                    // 5/5 -> +3, 4/5 -> +1.5, 3/5 -> 0, 1/5 -> -3: three out of five is "meh".
                    units.add(new Unit(U.RATING, tok.text(), null, 1, (tok.value() - 0.6) * 7.5));
                    t++;
                }
                default -> {
                    units.add(new Unit(boundaryType(tok.type()), tok.text(), null, 1, 0));
                    t++;
                }
            }
        }
        return units;
    }

    private static U boundaryType(Type type) {
        return switch (type) {
            case EXCLAIM -> U.EXCLAIM;
            case QUESTION -> U.QUESTION;
            case CLAUSE -> U.CLAUSE;
            default -> U.SENTENCE;
        };
    }

    /** Longest phrase first, in the text's own lexicon, then in English. */
    private static Match match(List<Token> tokens, int t, Lexicon[] chain) {
        int run = 0;
        while (t + run < tokens.size() && tokens.get(t + run).type() == Type.WORD) {
            run++;
        }
        for (Lexicon lexicon : chain) {
            for (int n = Math.min(run, lexicon.maxWords()); n >= 2; n--) {
                StringBuilder key = new StringBuilder(tokens.get(t).key());
                for (int k = 1; k < n; k++) {
                    key.append(' ').append(tokens.get(t + k).key());
                }
                Entry e = lexicon.get(key.toString());
                if (e != null) {
                    return new Match(e, n, 1.0);
                }
            }
            Match m = lexicon.word(tokens.get(t).key());
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** "ramah-ramah" (Indonesian plural) is "ramah"; "Pro-abonnement" is two words unless a lexicon has it whole. */
    private List<Token> splitHyphens(List<Token> tokens, Lexicon lexicon) {
        List<Token> out = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token tok = tokens.get(i);
            boolean split = tok.type() == Type.WORD && tok.key().indexOf('-') > 0
                    && !lexicon.knowsHyphenated(tok.key()) && !english.knowsHyphenated(tok.key())
                    && lexicon.get(tok.key()) == null && english.get(tok.key()) == null;
            if (split && out == null) {
                out = new ArrayList<>(tokens.subList(0, i));
            }
            if (!split) {
                if (out != null) {
                    out.add(tok);
                }
                continue;
            }
            String[] keys = tok.key().split("-");
            String[] texts = tok.text().split("-");
            if (keys.length == 2 && keys[0].equals(keys[1])) {
                out.add(new Token(Type.WORD, texts[0], keys[0], tok.caps(), 0));
                continue;
            }
            for (int k = 0; k < keys.length && k < texts.length; k++) {
                if (!keys[k].isEmpty()) {
                    out.add(new Token(Type.WORD, texts[k], keys[k], tok.caps(), 0));
                }
            }
        }
        return out == null ? tokens : out;
    }

    /** Forward maximum matching over the Chinese lexicon; characters it does not know are units of their own. */
    private void segment(String run, List<Unit> units) {
        int[] cps = run.codePoints().toArray();
        int max = chinese.maxChars();
        for (int i = 0; i < cps.length; ) {
            int longest = Math.min(max, cps.length - i);
            Unit unit = null;
            int used = 1;
            for (int l = longest; l >= 1; l--) {
                String key = new String(cps, i, l);
                Entry e = chinese.get(key);
                if (e != null) {
                    unit = new Unit(U.TERM, key, e, 1, 0);
                    used = l;
                    break;
                }
            }
            units.add(unit != null ? unit : new Unit(U.PLAIN, new String(cps, i, 1), null, 1, 0));
            i += used;
        }
    }

    // ---- Rules ----

    private static double sum(List<Unit> units, List<String> explain) {
        int n = units.size();
        if (n == 0) {
            return 0;
        }
        boolean[] boosting = new boolean[n];
        int[] sentence = new int[n];
        int id = 0;
        boolean sarcasm = false;
        int exclamations = 0;
        for (int i = 0; i < n; i++) {
            Unit u = units.get(i);
            if (i > 0 && units.get(i - 1).ender() && !u.ender()) {
                id++;
            }
            sentence[i] = id;
            sarcasm |= u.kind() == Kind.SARCASM;
            exclamations += u.type() == U.EXCLAIM ? 1 : 0;
            // A word that is also a booster boosts when a sentiment word follows: "好贵" (so expensive), "pretty bad".
            boosting[i] = u.kind() == Kind.BOOSTER
                    || (u.kind() == Kind.WORD && u.entry().boost() != 0 && i + 1 < n && units.get(i + 1).sentiment());
        }
        boolean[] exclaimed = new boolean[id + 1];
        for (int i = 0; i < n; i++) {
            if (units.get(i).type() == U.EXCLAIM) {
                exclaimed[sentence[i]] = true;
            }
        }
        double[] weight = clauseWeights(units, sentence);

        double sum = 0;
        for (int i = 0; i < n; i++) {
            Unit u = units.get(i);
            double v;
            if (u.type() == U.RATING) {
                v = u.value();
            } else if (u.type() == U.SYMBOL) {
                v = u.kind() == Kind.WORD || u.kind() == Kind.SARCASM ? u.entry().value() : 0;
            } else if (u.kind() == Kind.SARCASM) {
                v = u.entry().value();
            } else if (u.kind() == Kind.BOOSTER && u.entry().excess() != 0 && i + 1 < n
                    && units.get(i + 1).type() == U.PLAIN) {
                v = u.entry().excess(); // "too short", "te kort", "太咸": too much of something is a complaint
                for (int d = 1; d <= WINDOW && i - d >= 0; d++) {
                    Unit b = units.get(i - d);
                    if (b.boundary()) {
                        break;
                    }
                    if (b.kind() == Kind.NEGATOR) {
                        v *= b.entry().value();
                        break;
                    }
                }
            } else if (u.sentiment() && !boosting[i]) {
                v = u.entry().value() * u.factor();
                boolean boosted = false;
                for (int d = 1; d <= WINDOW && i - d >= 0; d++) {
                    Unit b = units.get(i - d);
                    if (b.boundary() || b.kind() == Kind.CONTRAST || b.kind() == Kind.CONCESSIVE) {
                        break;
                    }
                    if (boosting[i - d] && !b.entry().after()) {
                        v *= 1 + (b.entry().boost() - 1) * DECAY[d - 1];
                        boosted = true;
                    }
                }
                for (int d = 1; d <= 2 && i + d < n; d++) {
                    Unit b = units.get(i + d);
                    if (b.boundary() || b.sentiment()) {
                        break;
                    }
                    if (b.kind() == Kind.BOOSTER && b.entry().after()) {
                        v *= b.entry().boost();
                        boosted = true;
                        break;
                    }
                }
                // One flip however many negators: "no estoy nada contento", "gak ada yang tidak ..." are
                // negative concord in Spanish, Indonesian, Chinese, Dutch; English double negatives are rare.
                double flip = 1;
                for (int d = 1; d <= WINDOW && i - d >= 0; d++) {
                    Unit b = units.get(i - d);
                    if (b.boundary() || b.kind() == Kind.CONTRAST) {
                        break;
                    }
                    if (b.kind() == Kind.NEGATOR) {
                        flip = b.entry().value();
                        break;
                    }
                }
                if (!u.entry().negated()) {
                    v *= flip;
                }
                if (u.kind() == Kind.POLITE && !boosted && !exclaimed[sentence[i]]) {
                    v *= POLITE_UNSTRESSED;
                }
                if (sarcasm && v > 0) {
                    v *= SARCASM_FLIP;
                }
            } else {
                continue;
            }
            v *= weight[i];
            sum += v;
            if (explain != null) {
                explain.add(String.format(Locale.ROOT, "%s %+.2f", u.text(), v));
            }
        }
        if (sum != 0 && exclamations > 0) {
            sum += Math.signum(sum) * Math.min(exclamations, 4) * EXCLAMATION;
        }
        return sum;
    }

    /** "A but B": A counts half, B more. "Although A, B": A counts less. */
    private static double[] clauseWeights(List<Unit> units, int[] sentence) {
        int n = units.size();
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        for (int c = 0; c < n; c++) {
            Unit u = units.get(c);
            if (u.kind() == Kind.CONTRAST) {
                int start = c;
                while (start > 0 && sentence[start - 1] == sentence[c]) {
                    start--;
                }
                boolean wordsBefore = false;
                for (int k = start; k < c; k++) {
                    wordsBefore |= !units.get(k).boundary();
                }
                int from = start;
                if (!wordsBefore) { // "... . But B": the sentence before is what is contrasted
                    while (from > 0 && sentence[from - 1] == sentence[start] - 1) {
                        from--;
                    }
                }
                for (int k = from; k < c; k++) {
                    w[k] *= CONTRAST_BEFORE;
                }
                for (int k = c + 1; k < n && sentence[k] == sentence[c]; k++) {
                    w[k] *= u.entry().value();
                }
            } else if (u.kind() == Kind.CONCESSIVE) {
                for (int k = c + 1; k < n && !units.get(k).boundary() && units.get(k).kind() != Kind.CONTRAST; k++) {
                    w[k] *= u.entry().value();
                }
            }
        }
        return w;
    }
}
