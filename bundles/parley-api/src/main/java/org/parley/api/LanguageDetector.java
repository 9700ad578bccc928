package org.parley.api;

import java.util.Optional;

/** Which language a text is in, for interactions whose channel did not say. A DS service, like {@link SentimentAnalyzer}. */
public interface LanguageDetector {

    /** The BCP 47 primary tag ({@code en}, {@code nl}, {@code es}, {@code id}, {@code zh} …), or empty when unsure. */
    Optional<String> detect(String text);
}
