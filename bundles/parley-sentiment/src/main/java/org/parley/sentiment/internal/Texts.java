package org.parley.sentiment.internal;

import java.text.Normalizer;
import java.util.Locale;

/** Making untrusted text safe and comparable: the same steps for the analyzer, the detector and the lexicons. */
final class Texts {

    private Texts() {
    }

    /**
     * The first {@code max} characters (never half a surrogate pair), NFKC-normalized (full-width forms, ligatures and
     * compatibility characters become their plain form), without control and format characters (bidi marks, zero-width
     * joiners, BOM), variation selectors, emoji skin tones, and lone surrogates. Line breaks and tabs become a newline
     * or a space. Never null.
     */
    static String clean(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text;
        if (s.length() > max) {
            int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
            s = s.substring(0, end);
        }
        // Broken UTF-16 would make the normalizer and the code point loops below misbehave.
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            out.appendCodePoint(cp);
        }
        String n = Normalizer.normalize(out, Normalizer.Form.NFKC);
        out.setLength(0);
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
                out.append('\n');
            } else if (cp == '\t' || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else if (dropped(cp)) {
                continue;
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean dropped(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) // variation selectors
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) // skin tones: the emoji means the same without them
                || cp == 0x20E3; // keycap
    }

    /**
     * The form words are looked up by: lower case, accents removed (so "pésimo", "pesimo" and "PÉSIMO" meet) except
     * the tilde of ñ and the diaeresis of ü, which make other words in Spanish ("año" is not "ano"). Curly apostrophes
     * become straight ones.
     */
    static String fold(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c > 0x7F) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return lower;
        }
        String d = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                char base = out.length() == 0 ? 0 : out.charAt(out.length() - 1);
                boolean keep = (c == '\u0303' && base == 'n') || (c == '\u0308' && base == 'u');
                if (!keep) {
                    continue;
                }
            } else if (c == '\u2019' || c == '\u2018' || c == '\u02BC' || c == '`' || c == '\u00B4') {
                c = '\'';
            }
            out.append(c);
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** Han ideographs (Chinese characters, also Japanese kanji), segmented with the Chinese lexicon. */
    static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** Emoji and other pictographs: each one is a token. */
    static boolean isSymbol(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL || (cp >= 0x1F000 && cp <= 0x1FAFF);
    }

    static boolean isWordPart(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
