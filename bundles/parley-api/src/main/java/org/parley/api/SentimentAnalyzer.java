package org.parley.api;

import java.util.Set;

/**
 * How positive or negative a text is. Runs on the ingest path for every interaction, so it must be fast, safe with
 * any input (it is never trusted) and free of network calls. A DS service: a better model replaces the default by
 * registering with a higher service ranking.
 */
public interface SentimentAnalyzer {

    /** The languages (BCP 47 primary tags, e.g. {@code en}, {@code zh}) this analyzer was measured on. */
    Set<String> languages();

    /**
     * @param text     what was said, plain text
     * @param language its BCP 47 tag when known, else null
     * @return a score in [-1, 1]: -1 very negative, 0 neutral (or a language the analyzer does not know), 1 very positive
     */
    double score(String text, String language);
}
