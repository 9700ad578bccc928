package org.parley.api;

import java.util.List;

/**
 * What Parley concludes about an interaction as it arrives, stored with it in the same transaction.
 *
 * @param language         the language: the channel's, else the detected one, else null
 * @param languageDetected whether Parley detected it (the channel did not say)
 * @param sentiment        in [-1, 1]
 * @param actions          what the enabled rules do on it, in rule order
 */
public record Assessment(String language, boolean languageDetected, double sentiment, List<RuleAction> actions) {

    public Assessment {
        actions = List.copyOf(actions);
        if (Double.isNaN(sentiment) || sentiment < -1 || sentiment > 1) {
            throw new IllegalArgumentException("sentiment " + sentiment + " is not in [-1, 1]");
        }
    }
}
