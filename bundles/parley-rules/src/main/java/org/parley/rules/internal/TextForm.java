package org.parley.rules.internal;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * What rules match text against, computed once per interaction and shared by every rule.
 * <p>
 * {@link #normalise}: compatibility decomposition (NFKD, which also folds full-width and half-width forms), accents
 * removed (the combining diacritical marks, Arabic harakat and Hebrew points; the vowel signs of Thai or Devanagari
 * are letters of their words and stay), lower case by {@link Locale#ROOT}, letters without a decomposition folded
 * ({@code ß ss, æ ae, œ oe, ø o, ł l, đ d, ð d, þ th, ı i}), Hangul and kana recomposed. "Kapót", "KAPOT" and
 * "ｋａｐｏｔ" all become "kapot"; "Dañado" becomes "danado".
 * <p>
 * {@link #words}: the normalised text as {@code " word word 退款 word "}: runs of letters and digits, each run
 * between single spaces, everything else (punctuation, white space, symbols) a single space. Scripts written
 * without spaces between words (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar) form runs of their own,
 * so "refund退款" is {@code " refund 退款 "}. Each emoji or other symbol is a word by itself. Keywords are matched
 * on this form: {@code " kapot "} as a whole word, {@code "退款"} anywhere inside a run.
 */
final class TextForm {

    /** Kinds of characters in {@link #words}. */
    static final byte SPACE = 0;
    static final byte SPACED = 1;
    static final byte UNSPACED = 2;
    private static final byte SEPARATOR = 3;
    private static final byte DROP = 4;
    private static final byte NEUTRAL = 5;
    private static final byte MARK = 6;
    private static final byte SYMBOL = 7;

    private TextForm() {
    }

    /** The normalised text, of at most the first {@code maxChars} characters of {@code text}. Null gives "". */
    static String normalise(String text, int maxChars) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text.length() <= maxChars ? text : text.substring(0, safeEnd(text, maxChars));
        if (isAscii(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(d.length());
        boolean recompose = false;
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (isAccent(cp)) {
                continue;
            }
            String folded = fold(cp);
            if (folded != null) {
                out.append(folded);
                continue;
            }
            recompose |= (cp >= 0x1100 && cp <= 0x11FF) || cp == 0x3099 || cp == 0x309A
                    || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
            out.appendCodePoint(cp);
        }
        String lower = out.toString().toLowerCase(Locale.ROOT);
        return recompose ? Normalizer.normalize(lower, Normalizer.Form.NFC) : lower;
    }

    /** {@link #normalise} of a whole keyword (never cut). */
    static String normalise(String text) {
        return normalise(text, Integer.MAX_VALUE);
    }

    /** The normalised text in word form, for keyword matching. */
    static Words words(String normalised) {
        StringBuilder out = new StringBuilder(normalised.length() + 2).append(' ');
        int[] starts = new int[16];
        byte[] kinds = new byte[16];
        int chunks = 0;
        byte previous = SPACE;
        for (int i = 0; i < normalised.length(); ) {
            int cp = normalised.codePointAt(i);
            i += Character.charCount(cp);
            byte kind = kind(cp);
            switch (kind) {
                case DROP:
                    continue;
                case SEPARATOR:
                    if (previous != SPACE) {
                        out.append(' ');
                        previous = SPACE;
                    }
                    continue;
                case SYMBOL:
                    if (previous != SPACE) {
                        out.append(' ');
                    }
                    if (chunks == starts.length) {
                        starts = Arrays.copyOf(starts, chunks * 2);
                        kinds = Arrays.copyOf(kinds, chunks * 2);
                    }
                    starts[chunks] = out.length();
                    kinds[chunks++] = SPACED;
                    out.appendCodePoint(cp).append(' ');
                    previous = SPACE;
                    continue;
                case NEUTRAL:
                case MARK:
                    // Belongs to the run it is in: a prolonged sound mark in katakana, a vowel sign in Thai.
                    if (previous == SPACE && kind == MARK) {
                        continue;
                    }
                    kind = previous == SPACE ? SPACED : previous;
                    break;
                default:
                    break;
            }
            if (previous != kind) {
                if (previous != SPACE) {
                    out.append(' ');
                }
                if (chunks == starts.length) {
                    starts = Arrays.copyOf(starts, chunks * 2);
                    kinds = Arrays.copyOf(kinds, chunks * 2);
                }
                starts[chunks] = out.length();
                kinds[chunks++] = kind;
            }
            out.appendCodePoint(cp);
            previous = kind;
        }
        if (previous != SPACE) {
            out.append(' ');
        }
        return new Words(out.toString(), starts, kinds, chunks);
    }

    /**
     * A text in word form: {@code text} starts and ends with a space, and its runs (chunks) are listed by start and
     * kind ({@link #SPACED} or {@link #UNSPACED}); each run ends at the next space.
     */
    record Words(String text, int[] starts, byte[] kinds, int count) {

        int end(int chunk) {
            return text.indexOf(' ', starts[chunk]);
        }
    }

    /** Whether the code point is a letter or digit of a script written without spaces between words. */
    static boolean unspaced(int cp) {
        return kind(cp) == UNSPACED;
    }

    private static byte kind(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? SPACED
                    : (cp >= 'A' && cp <= 'Z') ? SPACED : SEPARATOR;
        }
        if (Character.isLetterOrDigit(cp)) {
            switch (Character.UnicodeScript.of(cp)) {
                case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR:
                    return UNSPACED;
                case COMMON, INHERITED:
                    return NEUTRAL;
                default:
                    return SPACED;
            }
        }
        if ((cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D || cp == 0x200C || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0100 && cp <= 0xE01EF)) {
            return DROP; // variation selectors, joiners, skin tones: how an emoji looks, not which one
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK:
                return MARK;
            case Character.OTHER_SYMBOL:
                return SYMBOL;
            default:
                return SEPARATOR;
        }
    }

    private static boolean isAccent(int cp) {
        return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF)
                || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F)
                || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x0591 && cp <= 0x05C7);
    }

    private static String fold(int cp) {
        switch (cp) {
            case 'ß': case 'ẞ': return "ss";
            case 'æ': case 'Æ': return "ae";
            case 'œ': case 'Œ': return "oe";
            case 'ø': case 'Ø': return "o";
            case 'ł': case 'Ł': return "l";
            case 'đ': case 'Đ': case 'ð': case 'Ð': return "d";
            case 'þ': case 'Þ': return "th";
            case 'ı': return "i";
            default: return null;
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int safeEnd(String text, int end) {
        return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }
}
