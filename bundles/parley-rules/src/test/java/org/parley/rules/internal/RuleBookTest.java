package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.parley.rules.internal.RulesTestSupport.CLOCK;
import static org.parley.rules.internal.RulesTestSupport.NOW;
import static org.parley.rules.internal.RulesTestSupport.context;
import static org.parley.rules.internal.RulesTestSupport.file;
import static org.parley.rules.internal.RulesTestSupport.interaction;
import static org.parley.rules.internal.RulesTestSupport.neutral;
import static org.parley.rules.internal.RulesTestSupport.settings;
import static org.parley.rules.internal.RulesTestSupport.text;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.RuleAction;
import org.parley.api.RuleAction.Type;
import org.parley.api.RuleContext;
import org.parley.api.RuleContext.AuthorHistory;
import org.parley.api.SocialIdentity;
import org.parley.api.TagRule;
import org.parley.rules.RuleCatalog;

class RuleBookTest {

    static final String SERVICE = """
            unhappy.when = sentiment < -0.3 and text has any of "refund", "terrible", "kapot", "reembolso", "kecewa", "差评", "退款"
            unhappy.then = tag person unhappy; flag for reply
            vip.when = author.interactions >= 10 and channel in (mastodon, bluesky)
            vip.then = tag person fan; assign owner sarah.jones
            prospect.when = text has phrase "how much" or text matches /\\\\bprices?\\\\b/
            prospect.then = tag interaction pricing; make lead
            prospect.enabled = false
            """;

    private final RuleBook book = new RuleBook(new InMemoryInteractionStore(), new FakeSentiment(), null,
            settings(), CLOCK);

    private static RuleContext history(long count, Instant first, Instant last) {
        return new RuleContext(0, null, new AuthorHistory(count, first, last), NOW);
    }

    @Test
    void theIssueExampleTagsUnhappyPeopleInEveryLanguage() {
        book.addRuleSet(file("service", SERVICE));

        for (String text : List.of("Terrible service, I want a refund", "Het scherm is kapót", "Quiero un REEMBOLSO",
                "kecewa bgt", "给差评", "我要退款！")) {
            assertThat(book.evaluate(text(text), context(-0.8))).as(text).containsExactly(
                    new RuleAction("service/unhappy", Type.TAG_PERSON, "unhappy"),
                    new RuleAction("service/unhappy", Type.FLAG_FOR_REPLY, null));
        }
        assertThat(book.evaluate(text("I want a refund"), context(0.2))).as("not unhappy").isEmpty();
        assertThat(book.evaluate(text("lovely, thanks"), context(-0.9))).as("no keyword").isEmpty();
    }

    @Test
    void everyMatchingRuleAddsItsActionsInRuleOrderAndDisabledRulesDoNotRun() {
        book.addRuleSet(file("service", SERVICE));
        book.addRuleSet(file("alpha", "all.when = kind = mention\nall.then = tag interaction seen\n"));

        Interaction i = interaction("mastodon", "1", "ann", "Terrible! What are your prices?");
        List<RuleAction> actions = book.evaluate(i, new RuleContext(-0.5, "en", new AuthorHistory(12, NOW, NOW), NOW));

        assertThat(actions).extracting(RuleAction::ruleId)
                .containsExactly("alpha/all", "service/unhappy", "service/unhappy", "service/vip", "service/vip");
        assertThat(book.active()).extracting(TagRule::id)
                .containsExactly("alpha/all", "service/unhappy", "service/vip");
    }

    @Test
    void authorHistoryConditionsReadTheContext() {
        book.addRuleSet(file("a", """
                regular.when = author.interactions >= 10
                regular.then = tag person regular
                back.when = author.daysSinceLast > 30
                back.then = tag person returning
                old.when = author.daysSinceFirst >= 365
                old.then = tag person longtime
                new.when = author.interactions = 0
                new.then = tag person new
                """));

        assertThat(tags(book.evaluate(text("hi"), history(12, NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(2))))))
                .containsExactly("longtime", "regular");
        assertThat(tags(book.evaluate(text("hi"), history(3, NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(31))))))
                .containsExactly("returning");
        assertThat(tags(book.evaluate(text("hi"), history(3, NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofHours(30 * 24 - 1))))))
                .as("29 days and 23 hours").isEmpty();
        assertThat(tags(book.evaluate(text("hi"), history(0, null, null))))
                .as("no earlier contact: the day tests are false").containsExactly("new");
        assertThat(tags(book.evaluate(text("hi"), new RuleContext(0, null, null, NOW)))).containsExactly("new");
    }

    @Test
    void missingValuesFailEveryTestAndNotTurnsThatAround() {
        book.addRuleSet(file("a", """
                low.when = rating <= 2
                low.then = tag interaction low
                notfive.when = rating != 5
                notfive.then = tag interaction notfive
                notlow.when = not rating <= 2
                notlow.then = tag interaction notlow
                notdutch.when = language != nl
                notdutch.then = tag interaction notdutch
                """));
        Interaction post = text("hello");
        Interaction review = Interaction.builder("feeds", "r1").kind(InteractionKind.REVIEW).text("meh").rating(2)
                .occurredAt(NOW).build();

        assertThat(tags(book.evaluate(post, neutral()))).containsExactly("notlow");
        assertThat(tags(book.evaluate(review, neutral()))).containsExactly("low", "notfive");
        assertThat(tags(book.evaluate(review, new RuleContext(0, "en", AuthorHistory.NONE, NOW))))
                .containsExactly("low", "notdutch", "notfive");
    }

    @Test
    void namesCompareWithoutCaseAndLanguagesMatchTheirSubtags() {
        book.addRuleSet(file("a", """
                zh.when = language = zh
                zh.then = tag interaction chinese
                tw.when = language in (zh-TW)
                tw.then = tag interaction taiwan
                acct.when = account = ACME and channel = Mastodon and kind in (mention, reply)
                acct.then = tag interaction acme
                notrev.when = kind not in (review)
                notrev.then = tag interaction notreview
                """));
        Interaction zhTw = Interaction.builder("mastodon", "1").kind(InteractionKind.MENTION).account("acme")
                .text("x").language("zh-TW").occurredAt(NOW).build();

        assertThat(tags(book.evaluate(zhTw, neutral()))).containsExactly("acme", "notreview", "taiwan", "chinese");
        assertThat(tags(book.evaluate(zhTw, new RuleContext(0, "zh-CN", AuthorHistory.NONE, NOW))))
                .as("the context's language comes first").containsExactly("acme", "notreview", "chinese");
        assertThat(tags(book.evaluate(zhTw, new RuleContext(0, "zhx", AuthorHistory.NONE, NOW))))
                .as("zhx is not zh").containsExactly("acme", "notreview");
    }

    @Test
    void evaluateNeverThrows() {
        book.addRuleSet(file("service", SERVICE));
        book.addRuleSet(file("x", """
                all.when = channel = a or account = b or kind = post or language = en or rating > 1 or sentiment > 0 \
                  or author.daysSinceLast > 1 or text has any of "x", "退" or text matches /x/ or text matches /y/c
                all.then = flag for reply
                """));

        assertThat(book.evaluate(null, neutral())).isEmpty();
        assertThat(book.evaluate(Interaction.builder(null, null).build(), null)).isEmpty();
        assertThat(book.evaluate(Interaction.builder(null, null).build(), new RuleContext(Double.NaN, null, null, null))).isEmpty();
        assertThat(book.evaluate(text("\uD800 lone surrogate \uDFFF x"), neutral())).isNotEmpty();
        assertThat(book.evaluate(text("x".repeat(200_000)), neutral())).isNotEmpty();
        assertThat(book.evaluate(text("\u0000\u001b[2J\u202e\uFEFF"), neutral())).isEmpty();
    }

    @Test
    void aRunawayRegularExpressionIsStoppedAndItsRuleDoesNotMatch() {
        RuleBook limited = new RuleBook(new InMemoryInteractionStore(), new FakeSentiment(), null,
                settings("regexTimeLimit", "PT0.05S"), CLOCK);
        // Java 9+ memoises simple nested loops, so the textbook (a+)+$ no longer runs away; these still do.
        limited.addRuleSet(file("bad", """
                runaway.when = text matches /((a+)+)+$/
                runaway.then = tag interaction never
                inverted.when = not text matches /(a+?)+?$/
                inverted.then = tag interaction never-either
                fine.when = text has any of "aaaa*"
                fine.then = tag interaction fine
                """));
        Interaction evil = text("a".repeat(40) + "!");

        long start = System.nanoTime();
        List<RuleAction> actions = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> limited.evaluate(evil, neutral()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(tags(actions)).as("the other rules still run").containsExactly("fine");
        assertThat(took).as("both stopped soon after their 50 ms").isLessThan(Duration.ofSeconds(2));
        assertThat(limited.rule("bad/runaway")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(1L);
        assertThat(limited.rule("bad/inverted")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(1L);
        assertThat(limited.rule("bad/fine")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(0L);

        assertThat(tags(limited.evaluate(text("aaaa"), neutral()))).as("on a harmless text it just runs")
                .containsExactly("fine", "never");
        assertThat(limited.rule("bad/runaway")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(1L);
    }

    @Test
    void aPatternSharedByRulesRunsOnceAndStopsThemAll() {
        RuleBook limited = new RuleBook(new InMemoryInteractionStore(), new FakeSentiment(), null,
                settings("regexTimeLimit", "PT0.3S"), CLOCK);
        limited.addRuleSet(file("a", "x.when = text matches /((a+)+)+$/\nx.then = make lead\n"));
        limited.addRuleSet(file("b", "y.when = kind = mention and text matches /((a+)+)+$/\ny.then = flag for reply\n"));

        long start = System.nanoTime();
        List<RuleAction> actions = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> limited.evaluate(text("a".repeat(40) + "!"), neutral()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(actions).isEmpty();
        assertThat(took).as("one run of 300 ms, not two").isLessThan(Duration.ofMillis(550));
        assertThat(limited.rule("a/x")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(1L);
        assertThat(limited.rule("b/y")).get().extracting(RuleCatalog.RuleInfo::stopped).isEqualTo(1L);
    }

    @Test
    void regularExpressionsSeeOnlyTheConfiguredLengthOfText() {
        RuleBook limited = new RuleBook(new InMemoryInteractionStore(), new FakeSentiment(), null,
                settings("regexMaxChars", 100), CLOCK);
        limited.addRuleSet(file("t", "r.when = text matches /tail/\nr.then = flag for reply\n"
                + "k.when = text has any of \"tail\"\nk.then = make lead\n"));

        assertThat(limited.evaluate(text("x".repeat(97) + " tail"), neutral())).extracting(RuleAction::type)
                .as("keywords see the whole text").containsExactly(Type.MAKE_LEAD);
        assertThat(limited.evaluate(text("x".repeat(90) + " tail"), neutral())).extracting(RuleAction::type)
                .containsExactly(Type.MAKE_LEAD, Type.FLAG_FOR_REPLY);
    }

    @Test
    void aRuleSetChangesWithoutARestart() {
        RuleSetFile v1 = file("service", "r.when = text has any of \"refund\"\nr.then = tag interaction money\n");
        book.addRuleSet(v1);
        assertThat(tags(book.evaluate(text("refund please"), neutral()))).containsExactly("money");

        // The file is edited: DS deactivates the old instance and activates one with the new properties.
        RuleSetFile v2 = file("service", "r.when = text has any of \"reembolso\"\nr.then = tag interaction dinero\n");
        book.removeRuleSet(v1);
        book.addRuleSet(v2);
        assertThat(book.evaluate(text("refund please"), neutral())).isEmpty();
        assertThat(tags(book.evaluate(text("reembolso"), neutral()))).containsExactly("dinero");

        // A broken edit: the whole set stops, and says why.
        RuleSetFile v3 = file("service", "r.when = text has any of reembolso\nr.then = tag interaction dinero\n");
        book.removeRuleSet(v2);
        book.addRuleSet(v3);
        assertThat(book.evaluate(text("reembolso"), neutral())).as("the previous version stopped with it").isEmpty();
        assertThat(book.active()).isEmpty();
        assertThat(book.sets()).singleElement().satisfies(s -> {
            assertThat(s.refused()).isTrue();
            assertThat(s.rules()).isEmpty();
            assertThat(s.problems()).containsExactly("org.parley.rules-service: r.when, column 17: expected a "
                    + "keyword in quotes, such as \"refund\", found 'reembolso'");
        });

        // The file is deleted.
        book.removeRuleSet(v3);
        assertThat(book.sets()).isEmpty();
    }

    @Test
    void aBrokenSetLeavesTheOtherSetsInForce() {
        book.addRuleSet(file("good", "r.when = kind = mention\nr.then = make lead\n"));
        book.addRuleSet(file("bad", "r.when = knd = mention\nr.then = make lead\n"));

        assertThat(book.evaluate(text("x"), neutral())).extracting(RuleAction::ruleId).containsExactly("good/r");
        assertThat(book.sets()).extracting(RuleCatalog.RuleSetInfo::name, RuleCatalog.RuleSetInfo::refused)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bad", true), org.assertj.core.groups.Tuple.tuple("good", false));
    }

    @Test
    void aSwitchedOffSetIsListedButDoesNotRun() {
        book.addRuleSet(file("off", "enabled = false\nr.when = kind = mention\nr.then = make lead\n"));

        assertThat(book.evaluate(text("x"), neutral())).isEmpty();
        assertThat(book.sets()).singleElement().satisfies(s -> {
            assertThat(s.enabled()).isFalse();
            assertThat(s.rules()).singleElement().satisfies(r -> {
                assertThat(r.enabled()).isTrue();
                assertThat(r.active()).isFalse();
            });
        });
    }

    @Test
    void twoConfigurationsOfOneSetNameKeepTheFirst() {
        book.addRuleSet(file("dup", "r.when = kind = mention\nr.then = make lead\n"));
        RuleSet other = RuleSetReader.read("org.parley.rules~dup", "dup", "true",
                java.util.Map.of("q.when", "kind = mention", "q.then", "flag for reply"), NOW);
        book.addRuleSet(new RuleSetFile(other));

        assertThat(book.evaluate(text("x"), neutral())).extracting(RuleAction::ruleId).containsExactly("dup/r");
        assertThat(book.sets()).filteredOn(RuleCatalog.RuleSetInfo::refused).singleElement()
                .extracting(RuleCatalog.RuleSetInfo::problems).asList().containsExactly(
                        "org.parley.rules~dup: rule set 'dup' is already configured by org.parley.rules-dup; this "
                                + "configuration is ignored");
    }

    @Test
    void theCatalogShowsEveryRuleAsWrittenAndAsUnderstood() {
        book.addRuleSet(file("service", SERVICE));

        assertThat(book.rule("service/prospect")).get().satisfies(r -> {
            assertThat(r.enabled()).isFalse();
            assertThat(r.active()).isFalse();
            assertThat(r.when()).isEqualTo("text has phrase \"how much\" or text matches /\\bprices?\\b/");
            assertThat(r.then()).isEqualTo("tag interaction pricing; make lead");
            assertThat(r.understood()).isEqualTo("text has phrase \"how much\" or text matches /\\bprices?\\b/");
        });
        assertThat(book.sets()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("org.parley.rules-service");
            assertThat(s.loadedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void anActiveRuleAppliesOnItsOwn() {
        book.addRuleSet(file("a", "x.when = text has any of \"x\"\nx.then = make lead\n"
                + "y.when = text has any of \"y\"\ny.then = flag for reply\n"));

        TagRule y = book.active().get(1);
        assertThat(y.id()).isEqualTo("a/y");
        assertThat(y.apply(text("y"), neutral())).containsExactly(new RuleAction("a/y", Type.FLAG_FOR_REPLY, null));
        assertThat(y.apply(text("x"), null)).isEmpty();
    }

    @Test
    void evaluationsInFlightFinishWhileSetsChange() throws Exception {
        book.addRuleSet(file("base", "r.when = text has any of \"refund\"\nr.then = tag interaction money\n"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean changing = new AtomicBoolean(true);
        try {
            List<Future<Long>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    long matched = 0;
                    while (changing.get()) {
                        List<RuleAction> got = book.evaluate(text("refund 退款"), neutral());
                        assertThat(got).extracting(RuleAction::ruleId).contains("base/r");
                        matched++;
                    }
                    return matched;
                }));
            }
            for (int n = 0; n < 200; n++) {
                RuleSetFile f = file("churn", "c.when = text has any of \"退款\"\nc.then = tag interaction n" + n + "\n");
                book.addRuleSet(f);
                book.removeRuleSet(f);
            }
            changing.set(false);
            for (Future<Long> r : readers) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(book.active()).extracting(TagRule::id).containsExactly("base/r");
    }

    @Test
    void keywordsOfManySetsShareOneIndexAndEachFindsItsOwnRule() {
        // 3 sets x 40 rules x 2 keywords: 240 keywords, several 64-bit words, offsets per set.
        for (String set : List.of("a", "b", "c")) {
            StringBuilder cfg = new StringBuilder();
            for (int r = 0; r < 40; r++) {
                cfg.append("r").append(r).append(".when = text has any of \"").append(set).append("word").append(r)
                        .append("\", \"").append(set).append("词").append(r).append("\"\n")
                        .append("r").append(r).append(".then = tag interaction ").append(set).append(r).append('\n');
            }
            book.addRuleSet(file(set, cfg.toString()));
        }
        assertThat(book.active()).hasSize(120);

        for (String set : List.of("a", "b", "c")) {
            for (int r = 0; r < 40; r += 7) {
                assertThat(tags(book.evaluate(text("well " + set + "word" + r + "!"), neutral()))).containsExactly(set + r);
                assertThat(tags(book.evaluate(text("说" + set + "词" + r + "了"), neutral()))).contains(set + r);
            }
        }
        assertThat(tags(book.evaluate(text("aword3 cword39 nothing"), neutral()))).containsExactly("a3", "c39");
    }

    @Test
    void theSettingsAreCheckedAtActivation() {
        assertThat(settings().regexTimeLimit()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings().regexMaxChars()).isEqualTo(10_000);
        assertThatThrownBy(() -> settings("regexTimeLimit", "2s", "regexMaxChars", 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Configuration org.parley.rulebook is invalid: org.parley.rulebook: regexTimeLimit = '2s' "
                        + "is not allowed; use an ISO-8601 duration from PT0.001S to PT1S (for example PT0.05S); "
                        + "org.parley.rulebook: regexMaxChars = 50 is not allowed; use a whole number from 100 to 65536");
        assertThatThrownBy(() -> settings("regexTimeLimit", "PT5S")).hasMessageContaining("regexTimeLimit = 'PT5S'");
        assertThatThrownBy(() -> new RuleBook(new InMemoryInteractionStore(),
                RulesTestSupport.config(RuleBookConfig.class, "regexMaxChars", 100_000)))
                .hasMessageContaining("regexMaxChars = 100000 is not allowed");
    }

    private static List<String> tags(List<RuleAction> actions) {
        return actions.stream().map(RuleAction::value).toList();
    }

    static SocialIdentity person(String handle) {
        return SocialIdentity.of("mastodon", handle, handle);
    }
}
