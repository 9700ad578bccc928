package org.parley.rules.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.parley.api.Interaction;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.LanguageDetector;
import org.parley.api.RuleAction;
import org.parley.api.RuleContext;
import org.parley.api.RuleContext.AuthorHistory;
import org.parley.api.Rules.DryRun;
import org.parley.api.SentimentAnalyzer;
import org.parley.api.SocialIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule over the newest stored interactions, as the ingest path would have run it on each, changing nothing.
 * Each interaction gets what the rule reads and nothing more:
 * <ul>
 *   <li>its language: the stored one, else the {@link LanguageDetector}'s (when there is one);</li>
 *   <li>its sentiment, from the {@link SentimentAnalyzer}, only when the rule tests sentiment;</li>
 *   <li>its author's history, only when the rule tests {@code author.*}: what was stored of the same author on the
 *       same channel before it, from one store query per distinct author (the author's newest 1000 interactions;
 *       an author with more counts as having at least that many before). So a dry run costs one query, plus one per
 *       distinct author when the rule reads the author's history;</li>
 *   <li>"now", for days since, is when the interaction happened.</li>
 * </ul>
 */
final class DryRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private final InteractionStore store;
    private final SentimentAnalyzer sentiment;
    private final LanguageDetector languages;
    private final Evaluation.Limits limits;
    private final Clock clock;
    private final Map<String, List<Interaction>> histories = new HashMap<>();
    private boolean sentimentFailed;

    DryRunner(InteractionStore store, SentimentAnalyzer sentiment, LanguageDetector languages,
              Evaluation.Limits limits, Clock clock) {
        this.store = store;
        this.sentiment = sentiment;
        this.languages = languages;
        this.limits = limits;
        this.clock = clock;
    }

    DryRun run(RuleSet set, CompiledRule rule, int limit, int examples) {
        boolean needsSentiment = rule.needs.contains(Condition.Need.SENTIMENT);
        boolean needsLanguage = needsSentiment || rule.needs.contains(Condition.Need.LANGUAGE);
        boolean needsAuthor = rule.needs.contains(Condition.Need.AUTHOR);
        List<Interaction> scanned = store.find(InteractionQuery.latest(limit));
        long matched = 0;
        Set<String> people = new HashSet<>();
        List<Interaction> found = new ArrayList<>();
        Map<String, Long> actions = new TreeMap<>();
        for (Interaction i : scanned) {
            String language = i.language() != null ? i.language() : needsLanguage ? detect(i.text()) : null;
            double score = needsSentiment ? score(i.text(), language) : 0;
            AuthorHistory history = needsAuthor ? history(i) : AuthorHistory.NONE;
            Instant now = i.occurredAt() != null ? i.occurredAt() : clock.instant();
            Evaluation e = new Evaluation(i, new RuleContext(score, language, history, now), set.index(), limits);
            List<RuleAction> done = rule.apply(e);
            if (done.isEmpty()) {
                continue;
            }
            matched++;
            if (i.author() != null && i.author().handle() != null) {
                people.add(i.channel() + "\u0000" + i.author().handle());
            }
            if (found.size() < examples) {
                found.add(i);
            }
            for (RuleAction a : done) {
                actions.merge(a.type() + (a.value() == null ? "" : " " + a.value()), 1L, Long::sum);
            }
        }
        return new DryRun(rule.id, scanned.size(), matched, people.size(), List.copyOf(found), actions);
    }

    private String detect(String text) {
        LanguageDetector detector = languages;
        if (detector == null || text == null || text.isBlank()) {
            return null;
        }
        try {
            return detector.detect(text).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private double score(String text, String language) {
        try {
            return sentiment.score(text == null ? "" : text, language);
        } catch (RuntimeException e) {
            if (!sentimentFailed) {
                sentimentFailed = true;
                LOG.warn("Dry run: the sentiment analyzer failed; such interactions count as neutral", e);
            }
            return 0;
        }
    }

    /** What was stored of this author on this channel before {@code i}: the author's stored list, older than it. */
    private AuthorHistory history(Interaction i) {
        SocialIdentity author = i.author();
        if (author == null || author.handle() == null || i.channel() == null) {
            return AuthorHistory.NONE;
        }
        List<Interaction> all = histories.computeIfAbsent(i.channel() + "\u0000" + author.handle(),
                k -> store.find(new InteractionQuery(i.channel(), null, author.handle(), 1000)));
        int at = -1;
        for (int n = 0; n < all.size(); n++) {
            if (all.get(n).key().equals(i.key())) {
                at = n;
                break;
            }
        }
        List<Interaction> before;
        if (at >= 0) {
            before = all.subList(at + 1, all.size());
        } else {
            before = all.stream().filter(x -> x.occurredAt() != null && i.occurredAt() != null
                    && x.occurredAt().isBefore(i.occurredAt())).toList();
        }
        if (before.isEmpty()) {
            return AuthorHistory.NONE;
        }
        return new AuthorHistory(before.size(), before.get(before.size() - 1).occurredAt(), before.get(0).occurredAt());
    }
}
