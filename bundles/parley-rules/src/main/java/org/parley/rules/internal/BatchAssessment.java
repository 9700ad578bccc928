package org.parley.rules.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.parley.api.Assessment;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.RuleAction;
import org.parley.api.RuleContext;
import org.parley.api.RuleContext.AuthorHistory;
import org.parley.api.SocialIdentity;

/**
 * One ingest batch assessed: each interaction's language (the channel's, else the detector's), sentiment, and the
 * actions of the rules in force. The author's history is read only when a rule in force tests {@code author.*}: one
 * store query per distinct author of the batch (the author's newest 1000), plus the batch's own earlier
 * interactions of that author, in time order, so that three messages arriving in one poll count 0, 1 and 2.
 */
final class BatchAssessment {

    /** How many of an author's stored interactions are read for the history; more count as at least that many. */
    static final int HISTORY_DEPTH = 1000;

    private final InteractionStore store;
    private final Function<String, String> detect;
    private final BiFunction<String, String, Double> sentiment;
    private final BiFunction<Interaction, RuleContext, List<RuleAction>> rules;
    private final boolean needsAuthor;
    private final Instant now;
    private final Map<String, AuthorHistory> histories = new HashMap<>();

    BatchAssessment(InteractionStore store, Function<String, String> detect, BiFunction<String, String, Double> sentiment,
                    BiFunction<Interaction, RuleContext, List<RuleAction>> rules, boolean needsAuthor, Instant now) {
        this.store = store;
        this.detect = detect;
        this.sentiment = sentiment;
        this.rules = rules;
        this.needsAuthor = needsAuthor;
        this.now = now;
    }

    Map<InteractionKey, Assessment> assess(List<Interaction> batch) {
        List<Interaction> ordered = needsAuthor
                ? batch.stream().sorted(Comparator.comparing(Interaction::occurredAt,
                        Comparator.nullsLast(Comparator.naturalOrder()))).toList()
                : batch;
        Map<InteractionKey, Assessment> out = new LinkedHashMap<>();
        for (Interaction i : ordered) {
            String text = i.text() == null ? "" : i.text();
            boolean detected = i.language() == null;
            String language = detected ? detect.apply(text) : i.language();
            double score = clamp(sentiment.apply(text, language));
            AuthorHistory history = needsAuthor ? history(i) : AuthorHistory.NONE;
            List<RuleAction> actions = rules.apply(i, new RuleContext(score, language, history, now));
            out.put(i.key(), new Assessment(language, detected && language != null, score, actions));
        }
        return out;
    }

    /** What was stored of this author on this channel, plus this batch's earlier ones; then counts {@code i} in. */
    private AuthorHistory history(Interaction i) {
        SocialIdentity author = i.author();
        if (author == null || author.handle() == null) {
            return AuthorHistory.NONE;
        }
        String id = i.channel() + '\u0000' + author.handle();
        AuthorHistory before = histories.computeIfAbsent(id, k -> stored(i.channel(), author.handle()));
        Instant at = i.occurredAt();
        histories.put(id, new AuthorHistory(before.interactions() + 1,
                earliest(before.firstContact(), at), latest(before.lastContact(), at)));
        return before;
    }

    private AuthorHistory stored(String channel, String handle) {
        List<Interaction> all = store.find(new InteractionQuery(channel, null, handle, HISTORY_DEPTH));
        if (all.isEmpty()) {
            return AuthorHistory.NONE;
        }
        return new AuthorHistory(all.size(), all.get(all.size() - 1).occurredAt(), all.get(0).occurredAt());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static double clamp(Double score) {
        if (score == null || score.isNaN()) {
            return 0;
        }
        return Math.max(-1, Math.min(1, score));
    }
}
