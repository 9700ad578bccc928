package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.rules.internal.RulesTestSupport.CLOCK;
import static org.parley.rules.internal.RulesTestSupport.NOW;
import static org.parley.rules.internal.RulesTestSupport.file;
import static org.parley.rules.internal.RulesTestSupport.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionQuery;
import org.parley.api.LanguageDetector;
import org.parley.api.Rules.DryRun;
import org.parley.api.SocialIdentity;

class DryRunTest {

    private final InMemoryInteractionStore store = new InMemoryInteractionStore();
    private final FakeSentiment sentiment = new FakeSentiment().word("thanks", 0.9).word("refund", -0.8)
            .word("kapot", -0.6).word("退款", -0.7);
    private final AtomicInteger detections = new AtomicInteger();
    private final LanguageDetector detector = text -> {
        detections.incrementAndGet();
        return text.chars().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF) ? Optional.of("zh") : Optional.empty();
    };
    private final RuleBook book = new RuleBook(store, sentiment, detector, settings(), CLOCK);

    private int n;

    private Interaction stored(String author, String text, Duration ago) {
        Interaction i = Interaction.builder("mastodon", "s" + (++n)).kind(InteractionKind.MENTION).account("acme")
                .author(SocialIdentity.of("mastodon", author, author)).text(text).occurredAt(NOW.minus(ago)).build();
        store.add(i);
        return i;
    }

    @BeforeEach
    void rules() {
        book.addRuleSet(file("service", RuleBookTest.SERVICE));
    }

    @Test
    void aDisabledRuleCountsInteractionsPeopleAndActionsWithExamplesNewestFirst() {
        stored("ann", "how much is it?", Duration.ofHours(5));
        stored("bob", "What are your PRICES?", Duration.ofHours(4));
        stored("ann", "thanks!", Duration.ofHours(3));
        stored("ann", "and how much is shipping", Duration.ofHours(2));
        stored("cy", "nothing to see", Duration.ofHours(1));

        DryRun run = book.dryRun("service/prospect", 100, 2);

        assertThat(run.ruleId()).isEqualTo("service/prospect");
        assertThat(run.scanned()).isEqualTo(5);
        assertThat(run.matched()).isEqualTo(3);
        assertThat(run.people()).isEqualTo(2);
        assertThat(run.examples()).extracting(Interaction::externalId).containsExactly("s4", "s2");
        assertThat(run.actions()).containsExactly(Map.entry("MAKE_LEAD", 3L), Map.entry("TAG_INTERACTION pricing", 3L));
        assertThat(sentiment.calls).as("the rule does not read sentiment").hasValue(0);
        assertThat(detections).as("nor the language").hasValue(0);
        assertThat(store.queries).containsExactly(InteractionQuery.latest(100));
    }

    @Test
    void sentimentIsScoredPerInteractionWithTheDetectedLanguageWhenTheStoreHasNone() {
        stored("ann", "refund now", Duration.ofHours(3));
        stored("bob", "我要退款", Duration.ofHours(2));
        stored("cy", "refund? no, thanks", Duration.ofHours(1));

        DryRun run = book.dryRun("service/unhappy", 100, 10);

        assertThat(run.matched()).isEqualTo(2);
        assertThat(run.examples()).extracting(Interaction::externalId).containsExactly("s2", "s1");
        assertThat(run.actions()).containsExactly(Map.entry("FLAG_FOR_REPLY", 2L), Map.entry("TAG_PERSON unhappy", 2L));
        assertThat(sentiment.calls).hasValue(3);
        assertThat(detections).hasValue(3);
    }

    @Test
    void authorHistoryIsWhatWasStoredOfTheAuthorBeforeEachInteraction() {
        for (int i = 12; i >= 1; i--) {
            stored("ann", "post " + i, Duration.ofDays(i));
        }
        stored("bob", "hello", Duration.ofHours(1));
        book.addRuleSet(file("loyal", """
                vip.when = author.interactions >= 10
                vip.then = tag person vip
                back.when = author.daysSinceLast >= 1 and author.daysSinceFirst >= 11
                back.then = tag person back
                """));

        DryRun vip = book.dryRun("loyal/vip", 1000, 5);
        assertThat(vip.scanned()).isEqualTo(13);
        assertThat(vip.matched()).as("ann's 11th and 12th posts").isEqualTo(2);
        assertThat(vip.people()).isEqualTo(1);
        assertThat(vip.examples()).extracting(Interaction::text).containsExactly("post 1", "post 2");
        assertThat(store.queries).as("one page, then one query per author, newest first").containsExactly(
                InteractionQuery.latest(1000), new InteractionQuery("mastodon", null, "bob", 1000),
                new InteractionQuery("mastodon", null, "ann", 1000));

        DryRun back = book.dryRun("loyal/back", 1000, 5);
        assertThat(back.examples()).extracting(Interaction::text).containsExactly("post 1");
    }

    @Test
    void aDryRunChangesNothingAndCanBeRepeated() {
        stored("ann", "kapot!", Duration.ofHours(1));
        long before = store.count();

        DryRun first = book.dryRun("service/unhappy", 10, 1);
        DryRun second = book.dryRun("service/unhappy", 10, 1);

        assertThat(second).isEqualTo(first);
        assertThat(store.count()).isEqualTo(before);
        assertThat(book.active()).extracting(r -> r.id()).doesNotContain("service/prospect");
    }

    @Test
    void theLimitIsTheNewestInteractions() {
        for (int i = 0; i < 30; i++) {
            stored("u" + i, "how much " + i, Duration.ofMinutes(30 - i));
        }

        DryRun run = book.dryRun("service/prospect", 7, 0);

        assertThat(run.scanned()).isEqualTo(7);
        assertThat(run.matched()).isEqualTo(7);
        assertThat(run.examples()).isEmpty();
    }

    @Test
    void unknownRulesAndBadLimitsAreRefusedSayingWhatThereIs() {
        assertThatThrownBy(() -> book.dryRun("service/nope", 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("There is no rule 'service/nope'; the rules are service/prospect, service/unhappy, service/vip");
        assertThatThrownBy(() -> book.dryRun("nope", 10, 1)).hasMessageStartingWith("There is no rule 'nope'; ");
        assertThatThrownBy(() -> book.dryRun(null, 10, 1)).hasMessageStartingWith("There is no rule 'null'; ");
        assertThatThrownBy(() -> book.dryRun("service/vip", 0, 1))
                .hasMessage("a dry run reads 1 to 1000 of the newest stored interactions, not 0");
        assertThatThrownBy(() -> book.dryRun("service/vip", 1001, 1))
                .hasMessage("a dry run reads 1 to 1000 of the newest stored interactions, not 1001");
        assertThatThrownBy(() -> book.dryRun("service/vip", 10, 101))
                .hasMessage("a dry run returns 0 to 100 examples, not 101");
        assertThat(store.queries).as("the store is not asked").isEmpty();

        RuleBook empty = new RuleBook(store, sentiment, null, settings(), CLOCK);
        empty.addRuleSet(file("broken", "r.when = x\nr.then = make lead\n"));
        assertThatThrownBy(() -> empty.dryRun("broken/r", 10, 1)).hasMessage("There is no rule 'broken/r'; there are "
                + "no rules (some rule sets are refused: parley:rules check)");
    }

    @Test
    void aSwitchedOffSetsRulesCanStillBeTried() {
        book.addRuleSet(file("off", "enabled = false\nr.when = text has any of \"kapot\"\nr.then = make lead\n"));
        stored("ann", "Kapót", Duration.ofHours(1));

        assertThat(book.dryRun("off/r", 10, 1).matched()).isEqualTo(1);
    }
}
