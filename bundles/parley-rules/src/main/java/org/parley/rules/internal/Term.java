package org.parley.rules.internal;

/**
 * A keyword or phrase, compiled: what to look for in a text's {@link TextForm#words word form}.
 *
 * @param shown    the keyword normalised, as {@code parley:rules show} prints it ({@code "kapot"}, {@code "how much"},
 *                 {@code "kapot*"})
 * @param needle   the string to find in the word form: {@code " kapot "} (a whole word), {@code " how much "} (whole
 *                 words in a row), {@code " kapot"} (a word that starts so), {@code "退款"} (anywhere in a run)
 * @param key      what the {@link TermIndex} files it under: its first word, or its first character when that is
 *                 of a script written without spaces; null for a one-word prefix, which is searched for directly
 */
record Term(String shown, String needle, String key) {

    /**
     * @param written the keyword as the rule has it, without quotes
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static Term of(String written) {
        boolean prefix = written.endsWith("*");
        String body = prefix ? written.substring(0, written.length() - 1) : written;
        if (body.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'*' may only end a keyword, as in \"kapot*\" (words that start with kapot)");
        }
        TextForm.Words words = TextForm.words(TextForm.normalise(body));
        if (words.count() == 0) {
            throw new IllegalArgumentException("\"" + written + "\" has no letters, digits or symbols to look for");
        }
        String core = words.text().substring(1, words.text().length() - 1);
        boolean spacedStart = words.kinds()[0] == TextForm.SPACED;
        boolean spacedEnd = words.kinds()[words.count() - 1] == TextForm.SPACED;
        if (prefix && !spacedEnd) {
            throw new IllegalArgumentException("\"" + written + "\": a keyword in a script written without spaces "
                    + "(Chinese, Japanese, Korean, Thai ...) already matches inside longer text; drop the '*'");
        }
        String needle = (spacedStart ? " " : "") + core + (spacedEnd && !prefix ? " " : "");
        String key;
        if (!spacedStart) {
            key = new String(Character.toChars(core.codePointAt(0)));
        } else if (prefix && words.count() == 1) {
            key = null;
        } else {
            key = words.text().substring(words.starts()[0], words.end(0));
        }
        return new Term(prefix ? core + "*" : core, needle, key);
    }

    /** Filed under its first character: found by looking at every character of the text's unspaced runs. */
    boolean byCharacter() {
        return key != null && !needle.startsWith(" ");
    }
}
