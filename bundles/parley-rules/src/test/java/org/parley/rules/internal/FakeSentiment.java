package org.parley.rules.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.api.SentimentAnalyzer;

/** Scores a text by the first of its words found in a table; counts calls and remembers the last language. */
final class FakeSentiment implements SentimentAnalyzer {

    final Map<String, Double> words = new LinkedHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile String lastLanguage;

    FakeSentiment word(String word, double score) {
        words.put(word, score);
        return this;
    }

    @Override
    public Set<String> languages() {
        return Set.of("en", "nl", "es", "id", "zh");
    }

    @Override
    public double score(String text, String language) {
        calls.incrementAndGet();
        lastLanguage = language;
        String lower = text.toLowerCase(Locale.ROOT);
        return words.entrySet().stream().filter(e -> lower.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(0.0);
    }
}
