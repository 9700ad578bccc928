package org.parley.rules.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.Assessment;
import org.parley.api.Assessor;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.LanguageDetector;
import org.parley.api.RuleAction;
import org.parley.api.RuleContext;
import org.parley.api.Rules;
import org.parley.api.SentimentAnalyzer;
import org.parley.api.TagRule;
import org.parley.rules.RuleCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Rules} service: every rule set file ({@link RuleSetFile}, a dynamic multiple reference) gathered into
 * one immutable book, rebuilt whenever a file comes, goes or changes, and swapped in at once; an evaluation in
 * flight finishes on the book it started with.
 * <p>
 * Rules run in the order of their ids (set name, then rule name), because a configuration's keys have no order.
 * The keywords of all rules in force are in one {@link TermIndex}, so an interaction's text is normalised and
 * scanned once, whatever the number of rules.
 * <p>
 * {@link SentimentAnalyzer} is mandatory (a dry run scores every stored interaction a rule on sentiment reads) and
 * dynamic, greedy: a better-ranked analyzer replaces the default without restarting the rules. A
 * {@link LanguageDetector} is used when there is one.
 */
@Component(service = {Rules.class, RuleCatalog.class, Assessor.class}, configurationPid = RuleBookConfig.PID)
@Designate(ocd = RuleBookConfig.class)
public final class RuleBook implements RuleCatalog, Assessor {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private final InteractionStore store;
    private final Evaluation.Limits limits;
    private final Clock clock;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SentimentAnalyzer sentiment;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LanguageDetector languages;

    /** Guarded by this. */
    private final List<RuleSetFile> files = new ArrayList<>();
    private volatile Book book = Book.EMPTY;
    private volatile boolean sentimentFailed;

    @Activate
    public RuleBook(@Reference(name = "store") InteractionStore store, RuleBookConfig config) {
        this(store, null, null, RuleBookSettings.from(config), Clock.systemUTC());
    }

    public RuleBook(InteractionStore store, SentimentAnalyzer sentiment, LanguageDetector languages,
                    RuleBookSettings settings, Clock clock) {
        this.store = store;
        this.sentiment = sentiment;
        this.languages = languages;
        this.limits = settings.limits();
        this.clock = clock;
    }

    @Reference(name = "ruleSets", service = RuleSetFile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRuleSet")
    public void addRuleSet(RuleSetFile file) {
        synchronized (this) {
            files.add(file);
            rebuild();
        }
    }

    public void removeRuleSet(RuleSetFile file) {
        synchronized (this) {
            files.removeIf(f -> f == file);
            rebuild();
        }
    }

    @Override
    public List<TagRule> active() {
        return book.tagRules;
    }

    @Override
    public List<RuleAction> evaluate(Interaction interaction, RuleContext context) {
        Book b = book;
        if (b.active.length == 0 || interaction == null) {
            return List.of();
        }
        Evaluation e = new Evaluation(interaction, context != null ? context
                : new RuleContext(0, interaction.language(), RuleContext.AuthorHistory.NONE, clock.instant()),
                b.index, limits);
        List<RuleAction> out = List.of();
        List<RuleAction> many = null;
        for (int i = 0; i < b.active.length; i++) {
            e.offset = b.offsets[i];
            List<RuleAction> got = b.active[i].apply(e);
            if (got.isEmpty()) {
                continue;
            }
            if (out.isEmpty()) {
                out = got;
            } else {
                if (many == null) {
                    many = new ArrayList<>(out);
                }
                many.addAll(got);
            }
        }
        return many == null ? out : List.copyOf(many);
    }

    /**
     * The ingest pipeline's view of a batch: language, sentiment and the actions of the rules in force. A failing
     * analyzer or detector never fails the batch: the interaction counts as neutral, or of unknown language.
     */
    @Override
    public Map<InteractionKey, Assessment> assess(List<Interaction> batch) {
        Book b = book;
        return new BatchAssessment(store, this::detect, this::score, this::evaluate, b.needsAuthor, clock.instant())
                .assess(batch);
    }

    private String detect(String text) {
        LanguageDetector detector = languages;
        if (detector == null || text.isBlank()) {
            return null;
        }
        try {
            return detector.detect(text).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Double score(String text, String language) {
        SentimentAnalyzer analyzer = sentiment;
        try {
            return analyzer == null ? 0.0 : analyzer.score(text, language);
        } catch (RuntimeException e) {
            if (!sentimentFailed) {
                sentimentFailed = true;
                LOG.warn("The sentiment analyzer failed; such interactions are stored as neutral", e);
            }
            return 0.0;
        }
    }

    @Override
    public DryRun dryRun(String ruleId, int limit, int examples) {
        if (limit < 1 || limit > DRY_RUN_MAX_LIMIT) {
            throw new IllegalArgumentException("a dry run reads 1 to " + DRY_RUN_MAX_LIMIT
                    + " of the newest stored interactions, not " + limit);
        }
        if (examples < 0 || examples > DRY_RUN_MAX_EXAMPLES) {
            throw new IllegalArgumentException("a dry run returns 0 to " + DRY_RUN_MAX_EXAMPLES + " examples, not " + examples);
        }
        Book b = book;
        int slash = ruleId == null ? -1 : ruleId.indexOf('/');
        if (slash > 0) {
            String setName = ruleId.substring(0, slash);
            String ruleName = ruleId.substring(slash + 1);
            for (Entry entry : b.sets) {
                if (entry.problems.isEmpty() && setName.equals(entry.set.name())) {
                    CompiledRule rule = entry.set.rule(ruleName).orElse(null);
                    if (rule != null) {
                        return new DryRunner(store, sentiment, languages, limits, clock)
                                .run(entry.set, rule, limit, examples);
                    }
                }
            }
        }
        String ids = b.sets.stream().flatMap(s -> s.set.rules().stream()).map(r -> r.id)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("There is no rule '" + ruleId + "'; "
                + (ids.isEmpty() ? "there are no rules" : "the rules are " + ids)
                + (b.sets.stream().anyMatch(s -> !s.problems.isEmpty()) ? " (some rule sets are refused: parley:rules check)" : ""));
    }

    @Override
    public List<RuleSetInfo> sets() {
        List<RuleSetInfo> out = new ArrayList<>();
        for (Entry entry : book.sets) {
            RuleSet s = entry.set;
            boolean inForce = entry.problems.isEmpty() && s.enabled();
            List<RuleInfo> rules = s.rules().stream()
                    .map(r -> new RuleInfo(r.id, r.enabled, inForce && r.enabled, r.when, r.then,
                            r.condition.describe(), r.stopped()))
                    .toList();
            out.add(new RuleSetInfo(s.name() == null ? s.source() : s.name(), s.source(), s.enabled(),
                    s.loadedAt(), rules, entry.problems));
        }
        return out;
    }

    private void rebuild() {
        List<RuleSet> sets = files.stream().map(RuleSetFile::ruleSet)
                .sorted(Comparator.comparing((RuleSet s) -> s.name() == null ? "\uffff" : s.name())
                        .thenComparing(RuleSet::source))
                .toList();
        Map<String, String> owners = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        List<CompiledRule> active = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        List<Term> terms = new ArrayList<>();
        List<TagRule> tagRules = new ArrayList<>();
        for (RuleSet set : sets) {
            List<String> problems = set.problems();
            if (problems.isEmpty() && set.name() != null) {
                String owner = owners.putIfAbsent(set.name(), set.source());
                if (owner != null) {
                    problems = List.of(set.source() + ": rule set '" + set.name() + "' is already configured by "
                            + owner + "; this configuration is ignored");
                }
            }
            entries.add(new Entry(set, problems));
            if (!problems.isEmpty() || !set.enabled()) {
                continue;
            }
            boolean any = false;
            for (CompiledRule rule : set.rules()) {
                if (rule.enabled) {
                    active.add(rule);
                    offsets.add(terms.size()); // where this set's keywords will start
                    tagRules.add(new BoundRule(rule, set, limits, clock));
                    any = true;
                }
            }
            if (any) {
                terms.addAll(set.terms());
            }
        }
        int[] starts = new int[active.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = offsets.get(i);
        }
        boolean needsAuthor = active.stream().anyMatch(r -> r.needs.contains(Condition.Need.AUTHOR));
        book = new Book(List.copyOf(entries), active.toArray(new CompiledRule[0]), starts, new TermIndex(terms),
                List.copyOf(tagRules), needsAuthor);
        LOG.info("Rules: {} in force from {} rule sets{}", active.size(), entries.size(),
                entries.stream().anyMatch(e -> !e.problems.isEmpty()) ? " (some refused: parley:rules check)" : "");
    }

    /** One rule set file in the book, with the problems that keep it out of force (its own, or a duplicate name). */
    private record Entry(RuleSet set, List<String> problems) {
    }

    /** The rules in force, each with where its set's keywords start in {@code index}. */
    private record Book(List<Entry> sets, CompiledRule[] active, int[] offsets, TermIndex index, List<TagRule> tagRules,
                        boolean needsAuthor) {
        static final Book EMPTY = new Book(List.of(), new CompiledRule[0], new int[0], TermIndex.EMPTY, List.of(), false);
    }

    /** A rule in force as {@link TagRule}: runs on its own set's keyword index. */
    private record BoundRule(CompiledRule rule, RuleSet set, Evaluation.Limits limits, Clock clock) implements TagRule {
        @Override
        public String id() {
            return rule.id;
        }

        @Override
        public List<RuleAction> apply(Interaction interaction, RuleContext context) {
            if (interaction == null) {
                return List.of();
            }
            RuleContext c = context != null ? context
                    : new RuleContext(0, interaction.language(), RuleContext.AuthorHistory.NONE, clock.instant());
            return rule.apply(new Evaluation(interaction, c, set.index(), limits));
        }

        @Override
        public String toString() {
            return rule.id;
        }
    }
}
