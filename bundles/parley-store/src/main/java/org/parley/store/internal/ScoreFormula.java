package org.parley.store.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * How a person's interactions become their scores. Both weigh recent interactions more, with a half-life of
 * {@value #HALF_LIFE_DAYS} days, so that a score follows the person as they are now.
 * <ul>
 *   <li><b>Engagement</b>, 0 to 100: 45 for recency (the newest interaction's weight: 45 today, 22.5 a month ago), 40
 *       for frequency (the sum of all weights w, as 40·(1 − e^(−w/5)): five interactions this week give about 25,
 *       twenty about 39) and 15 for reach (5 per channel beyond the first, up to three more).</li>
 *   <li><b>Sentiment trend</b>, -1 to 1: the weighted mean of the interactions' sentiment; 0 when none has one.</li>
 * </ul>
 * Not thread-safe: one per computation.
 */
final class ScoreFormula {

    static final double HALF_LIFE_DAYS = 30;

    private final Instant now;
    private double weights;
    private double sentimentWeights;
    private double weightedSentiment;
    private Instant newest;

    ScoreFormula(Instant now) {
        this.now = now;
    }

    /** One interaction, at {@code at}, with its sentiment or null. */
    void add(Instant at, Double sentiment) {
        double w = weight(at);
        weights += w;
        if (sentiment != null) {
            sentimentWeights += w;
            weightedSentiment += w * sentiment;
        }
        if (newest == null || at.isAfter(newest)) {
            newest = at;
        }
    }

    double engagement(int channels) {
        if (newest == null) {
            return 0;
        }
        double recency = 45 * weight(newest);
        double frequency = 40 * (1 - Math.exp(-weights / 5));
        double reach = 5 * Math.min(3, Math.max(0, channels - 1));
        return round(Math.min(100, recency + frequency + reach));
    }

    double sentiment() {
        return sentimentWeights == 0 ? 0 : round(Math.max(-1, Math.min(1, weightedSentiment / sentimentWeights)));
    }

    /** 1 now (or in the future), halving every {@value #HALF_LIFE_DAYS} days back. */
    private double weight(Instant at) {
        double days = Math.max(0, Duration.between(at, now).toMillis() / 86_400_000.0);
        return Math.pow(0.5, days / HALF_LIFE_DAYS);
    }

    /** Four decimals: what the CRM keeps, so that an unchanged score compares equal to what was written. */
    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
