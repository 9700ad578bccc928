package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;
import static org.parley.shell.internal.TestSupport.typing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SentimentAnalyzer;
import org.parley.api.SocialIdentity;
import org.parley.rules.internal.RuleBook;
import org.parley.rules.internal.RuleBookConfig;
import org.parley.rules.internal.RuleBookSettings;
import org.parley.rules.internal.RuleSetConfig;
import org.parley.rules.internal.RuleSetFile;

/** parley:rules over the engine's real RuleBook, rule set files as Karaf hands them over, and an in-memory store. */
class RulesCommandTest {

    private final InMemoryInteractionStore store = new InMemoryInteractionStore();
    /** Negative for texts that complain, in the languages of the samples. */
    private final SentimentAnalyzer sentiment = new SentimentAnalyzer() {
        @Override public Set<String> languages() { return Set.of("en", "nl", "zh"); }
        @Override public double score(String text, String language) {
            return text.matches("(?is).*(refund|kapot|退款|terrible).*") ? -0.8 : 0.3;
        }
    };
    private final RuleBook book = new RuleBook(store, sentiment, null,
            RuleBookSettings.from(config(RuleBookConfig.class)), Clock.fixed(NOW, ZoneOffset.UTC));
    private final RulesCommand command = new RulesCommand();

    @BeforeEach
    void wire() {
        command.rules = book;
    }

    private void file(String name, String... lines) {
        Map<String, Object> properties = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            properties.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        properties.put("felix.fileinstall.filename", "file:/opt/parley/etc/org.parley.rules-" + name + ".cfg");
        RuleSetConfig config = properties.containsKey("enabled")
                ? config(RuleSetConfig.class, "enabled", properties.get("enabled")) : config(RuleSetConfig.class);
        book.addRuleSet(RuleSetFile.of(config, properties, Clock.fixed(NOW.minusSeconds(7200), ZoneOffset.UTC)));
    }

    private void service() {
        file("service",
                "unhappy.when = sentiment < -0.3 and text has any of \"refund\", \"kapot\", \"退款\"",
                "unhappy.then = tag person unhappy; flag for reply",
                "prospect.when = text has phrase \"how much\" or text matches /\\bprices?\\b/",
                "prospect.then = tag interaction pricing; make lead",
                "prospect.enabled = false");
    }

    private void store(String id, String author, String text, long secondsAgo) {
        store.add(Interaction.builder("mastodon", id).kind(InteractionKind.MENTION).account("acme")
                .author(SocialIdentity.of("mastodon", author, author)).text(text)
                .occurredAt(NOW.minusSeconds(secondsAgo)).build());
    }

    @Test
    void listShowsEveryRuleWithItsSwitchConditionAndActions() {
        service();
        file("off", "enabled = false", "r.when = kind = review", "r.then = make lead");

        String out = run(command);

        assertThat(out).contains("Rule", "On", "When", "Then");
        assertThat(lineWith(out, "service/unhappy ")).contains("yes", "sentiment < -0.3 and text has any of",
                "tag person unhappy; flag for reply");
        assertThat(lineWith(out, "service/prospect")).contains(" no ", "tag interaction pricing; make lead");
        assertThat(lineWith(out, "off/r")).contains("set off", "kind = review", "make lead");
        assertThat(out.indexOf("off/r")).as("by set, then rule").isLessThan(out.indexOf("service/prospect"));
        assertThat(out.indexOf("service/prospect")).isLessThan(out.indexOf("service/unhappy"));
        assertThat(out).doesNotContain("refused");
    }

    @Test
    void listSaysWhatToWriteWhenThereIsNothingAndNamesRefusedSets() {
        assertThat(run(command)).contains("No rule sets. Write one as etc/org.parley.rules-<set>.cfg");

        file("bad", "r.when = sentimnt < 0", "r.then = make lead");
        assertThat(run(command)).contains("No rules in force", "1 rule set is refused and none of its rules runs: "
                + "parley:rules check");
    }

    @Test
    void showPrintsTheRuleAsWrittenAndAsRead() {
        service();
        command.action = "show";
        command.rule = "service/prospect";

        String out = run(command);

        assertThat(lineWith(out, "File")).contains("org.parley.rules-service.cfg, loaded 2 h ago (2025-06-01T10:00:00Z)");
        assertThat(lineWith(out, "Enabled")).contains("no (prospect.enabled = false)");
        assertThat(lineWith(out, "When")).contains("text has phrase \"how much\" or text matches /\\bprices?\\b/");
        assertThat(lineWith(out, "Read as")).contains("text has phrase \"how much\" or text matches /\\bprices?\\b/");
        assertThat(lineWith(out, "Then")).contains("tag interaction pricing; make lead");
        assertThat(lineWith(out, "Stopped")).contains("0 times");
        assertThat(out).contains("Try it on stored interactions: parley:rules test service/prospect");
    }

    @Test
    void testRunsTheDryRunAndPrintsCountsActionsAndInertExamples() {
        service();
        store("1", "ann", "Kapót! " + TestSupport.HOSTILE + "refund", 300);
        store("2", "bob", "all good", 200);
        store("3", "ann", "我要退款\u001b[31m", 100);
        store("4", "cy", "nice", 50);
        command.action = "test";
        command.rule = "service/unhappy";

        String out = run(command);

        assertThat(out).contains("Dry run of service/unhappy on the newest 1000 stored interactions; nothing was changed.");
        assertThat(out).contains("scanned 4, matched 2 interactions of 1 person", "Would do", "Interactions");
        assertThat(lineWith(out, "FLAG_FOR_REPLY")).contains("2");
        assertThat(lineWith(out, "TAG_PERSON unhappy")).contains("2");
        assertThat(lineWith(out, "mastodon:3")).contains("2025-06-01T11:58:20Z", "ann", "我要退款");
        assertThat(lineWith(out, "mastodon:1")).contains("Kapót! refund");
        assertThat(out.indexOf("mastodon:3")).as("newest first").isLessThan(out.indexOf("mastodon:1"));
        assertThat(out).doesNotContain("\u001b", "\u0007", "pwned");
    }

    @Test
    void testTakesALimitAndANumberOfExamplesAndSaysWhenTheRuleIsOff() {
        service();
        for (int i = 0; i < 10; i++) {
            store("p" + i, "u" + i, "how much?", 100 - i);
        }
        command.action = "test";
        command.rule = "service/prospect";
        command.limit = 4;
        command.examples = 1;

        String out = run(command);

        assertThat(out).contains("on the newest 4 stored interactions; nothing was changed. The rule is not in force.");
        assertThat(out).contains("scanned 4, matched 4 interactions of 4 people");
        assertThat(out.lines().filter(l -> l.contains("mastodon:p"))).hasSize(1);
        assertThat(lineWith(out, "MAKE_LEAD")).contains("4");

        command.examples = 0;
        assertThat(run(command)).doesNotContain("For example");
    }

    @Test
    void testWithoutMatchesSaysSo() {
        service();
        store("1", "ann", "lovely", 10);
        command.action = "test";
        command.rule = "service/unhappy";

        String out = run(command);

        assertThat(out).contains("scanned 1, matched 0 interactions of 0 people").doesNotContain("Would do");
    }

    @Test
    void checkListsEveryProblemOfEverySet() {
        service();
        file("bad", "r.when = sentimnt < 0 and (kind = review", "r.then = tag person Hot Lead", "x.whn = kind = post");
        command.action = "check";

        String out = run(command);

        assertThat(out).contains("org.parley.rules-bad: REFUSED, none of its rules runs (3 problems):",
                "  org.parley.rules-bad: x.whn: unknown key",
                "  org.parley.rules-bad: r.when, column 1: unknown field 'sentimnt'",
                "  org.parley.rules-bad: r.then, column 16: expected ';' between actions, found 'Lead'",
                "org.parley.rules-service: ok, 2 rules, 1 in force",
                "2 rule sets, 1 refused");
    }

    @Test
    void mistakesAreRefusedWithWhatToTypeInstead() {
        service();
        command.action = "show";
        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Say which rule: parley:rules show SET/RULE (see parley:rules list)");
        command.rule = "service/nope\u001b[2J";
        assertThatThrownBy(() -> run(command)).hasMessage("There is no rule 'service/nope' (see parley:rules list; "
                + "a refused rule set has none: parley:rules check)");
        command.action = "test";
        command.rule = "service/unhappy";
        command.limit = 1001;
        assertThatThrownBy(() -> run(command)).hasMessage("--limit must be between 1 and 1000, was 1001");
        command.limit = null;
        command.examples = 101;
        assertThatThrownBy(() -> run(command)).hasMessage("--examples must be between 0 and 100, was 101");
        command.action = "delete";
        assertThatThrownBy(() -> run(command)).hasMessage("Unknown action 'delete': use list, show, test or check");
        assertThat(store.lastQuery).as("no dry run ran").isNull();
    }

    @Test
    void withoutTheRulesEngineTheCommandSaysWhy() {
        command.rules = null;

        assertThatThrownBy(() -> run(command)).hasMessageStartingWith("The rules engine is not running");
    }

    @Test
    void completersOfferTheActionsAndTheRuleIds() {
        service();
        file("alpha", "r.when = kind = review", "r.then = make lead");
        RuleIdCompleter ids = new RuleIdCompleter();
        ids.rules = book;

        assertThat(complete(ids, "")).containsExactly("alpha/r", "service/prospect", "service/unhappy");
        assertThat(complete(ids, "service/p")).containsExactly("service/prospect");
        assertThat(complete(new RuleIdCompleter(), "")).as("no engine, no ids").isEmpty();
        assertThat(complete(new RulesActionCompleter(), "")).containsExactly("check", "list", "show", "test");
        assertThat(complete(new RulesActionCompleter(), "t")).containsExactly("test");
    }

    private static List<String> complete(org.apache.karaf.shell.api.console.Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing(typed), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    private static String lineWith(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + out));
    }

    /** An annotation-typed configuration with its declared defaults, as DS builds it. */
    static <A extends Annotation> A config(Class<A> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                }));
    }
}
