package org.parley.rules.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every keyword of a set of rules, looked up in one pass over a text: each word of the text is looked up by hash
 * (then phrases are checked at that place), each character of an unspaced run by its code point; only one-word
 * prefixes ({@code "kapot*"}) are searched for one by one. So the cost grows with the text, not with the number of
 * rules. The result is a bit per keyword, read by the rules' conditions.
 */
final class TermIndex {

    static final TermIndex EMPTY = new TermIndex(List.of());

    private final String[] needles;
    private final Map<String, int[]> byWord = new HashMap<>();
    private final Map<Integer, int[]> byCharacter = new HashMap<>();
    private final int[] searched;

    TermIndex(List<Term> terms) {
        needles = new String[terms.size()];
        Map<String, List<Integer>> words = new HashMap<>();
        Map<Integer, List<Integer>> characters = new HashMap<>();
        List<Integer> direct = new ArrayList<>();
        for (int id = 0; id < terms.size(); id++) {
            Term t = terms.get(id);
            needles[id] = t.needle();
            if (t.key() == null) {
                direct.add(id);
            } else if (t.byCharacter()) {
                characters.computeIfAbsent(t.key().codePointAt(0), k -> new ArrayList<>()).add(id);
            } else {
                words.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(id);
            }
        }
        words.forEach((k, ids) -> byWord.put(k, ids.stream().mapToInt(Integer::intValue).toArray()));
        characters.forEach((k, ids) -> byCharacter.put(k, ids.stream().mapToInt(Integer::intValue).toArray()));
        searched = direct.stream().mapToInt(Integer::intValue).toArray();
    }

    int size() {
        return needles.length;
    }

    /** One bit per keyword, set when the text has it. */
    long[] match(TextForm.Words words) {
        long[] bits = new long[(needles.length + 63) >>> 6];
        if (needles.length == 0) {
            return bits;
        }
        String text = words.text();
        for (int c = 0; c < words.count(); c++) {
            int start = words.starts()[c];
            int end = words.end(c);
            if (words.kinds()[c] == TextForm.SPACED) {
                if (!byWord.isEmpty()) {
                    int[] ids = byWord.get(text.substring(start, end));
                    if (ids != null) {
                        for (int id : ids) {
                            if (text.startsWith(needles[id], start - 1)) {
                                bits[id >>> 6] |= 1L << id;
                            }
                        }
                    }
                }
            } else if (!byCharacter.isEmpty()) {
                for (int p = start; p < end; ) {
                    int cp = text.codePointAt(p);
                    int[] ids = byCharacter.get(cp);
                    if (ids != null) {
                        for (int id : ids) {
                            if (text.startsWith(needles[id], p)) {
                                bits[id >>> 6] |= 1L << id;
                            }
                        }
                    }
                    p += Character.charCount(cp);
                }
            }
        }
        for (int id : searched) {
            if (text.contains(needles[id])) {
                bits[id >>> 6] |= 1L << id;
            }
        }
        return bits;
    }

    @Override
    public String toString() {
        return "TermIndex" + Arrays.toString(needles);
    }
}
