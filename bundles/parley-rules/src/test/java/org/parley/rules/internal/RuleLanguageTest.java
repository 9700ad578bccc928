package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.rules.internal.RulesTestSupport.read;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.api.RuleAction;
import org.parley.api.RuleAction.Type;

/** The rule language: every construct as the parser reads it, and every error with its place. */
class RuleLanguageTest {

    /** How the parser reads a condition, every grouping explicit. */
    private static String understood(String when) {
        RuleSet set = read("t", "r.when = " + when + "\nr.then = flag for reply\n");
        assertThat(set.problems()).as("problems of: " + when).isEmpty();
        return set.rules().get(0).condition.describe();
    }

    /** The one problem a rule with this condition has. */
    private static String whenProblem(String when) {
        RuleSet set = read("t", "r.when = " + when + "\nr.then = flag for reply\n");
        assertThat(set.problems()).as("problems of: " + when).hasSize(1);
        assertThat(set.rules()).isEmpty();
        return set.problems().get(0);
    }

    private static List<RuleAction> actions(String then) {
        RuleSet set = read("t", "r.when = kind = review\nr.then = " + then + "\n");
        assertThat(set.problems()).as("problems of: " + then).isEmpty();
        return set.rules().get(0).actions;
    }

    private static String thenProblem(String then) {
        RuleSet set = read("t", "r.when = kind = review\nr.then = " + then + "\n");
        assertThat(set.problems()).as("problems of: " + then).hasSize(1);
        return set.problems().get(0);
    }

    // ------------------------------------------------------------------------------------------ conditions

    @Test
    void andBindsTighterThanOrAndParenthesesAndNotGroup() {
        assertThat(understood("channel = mastodon or rating = 1 and sentiment < 0"))
                .isEqualTo("channel = mastodon or (rating = 1 and sentiment < 0)");
        assertThat(understood("(channel = mastodon or rating = 1) and sentiment < 0"))
                .isEqualTo("(channel = mastodon or rating = 1) and sentiment < 0");
        assertThat(understood("not (kind = review or kind = post) and not rating >= 4"))
                .isEqualTo("not (kind = review or kind = post) and not rating >= 4");
        assertThat(understood("not not kind = review")).isEqualTo("not not kind = review");
        assertThat(understood("((kind = review))")).isEqualTo("kind = review");
    }

    @Test
    void keywordsAndFieldNamesIgnoreCase() {
        assertThat(understood("Sentiment < -0.3 AND Author.DaysSinceLast > 30 Or TEXT HAS ANY OF \"x\""))
                .isEqualTo("(sentiment < -0.3 and author.daysSinceLast > 30) or text has any of \"x\"");
    }

    @Test
    void numberFieldsTakeEveryComparison() {
        assertThat(understood("sentiment < -0.3")).isEqualTo("sentiment < -0.3");
        assertThat(understood("sentiment<=0.5")).isEqualTo("sentiment <= 0.5");
        assertThat(understood("rating > 3")).isEqualTo("rating > 3");
        assertThat(understood("rating >= 4")).isEqualTo("rating >= 4");
        assertThat(understood("rating = 5")).isEqualTo("rating = 5");
        assertThat(understood("rating == 5")).isEqualTo("rating = 5");
        assertThat(understood("rating != 3")).isEqualTo("rating != 3");
        assertThat(understood("author.interactions >= 10")).isEqualTo("author.interactions >= 10");
        assertThat(understood("author.daysSinceFirst > 365")).isEqualTo("author.daysSinceFirst > 365");
        assertThat(understood("author.daysSinceLast > .5")).isEqualTo("author.daysSinceLast > 0.5");
    }

    @Test
    void nameFieldsTakeEqualsNotEqualsInAndNotIn() {
        assertThat(understood("channel = Mastodon")).isEqualTo("channel = mastodon");
        assertThat(understood("account != 'acme-support'")).isEqualTo("account != acme-support");
        assertThat(understood("kind in (review, MENTION)")).isEqualTo("kind in (review, mention)");
        assertThat(understood("language not in (zh-TW, nl)")).isEqualTo("language not in (zh-tw, nl)");
        assertThat(understood("channel in (feeds)")).isEqualTo("channel = feeds");
    }

    @Test
    void textTestsShowTheirNormalisedKeywords() {
        assertThat(understood("text has any of \"Refund\", 'KAPÓT', \"差评\", \"kapot*\""))
                .isEqualTo("text has any of \"refund\", \"kapot\", \"差评\", \"kapot*\"");
        assertThat(understood("text has all of \"price\", \"discount\""))
                .isEqualTo("text has all of \"price\", \"discount\"");
        assertThat(understood("text has phrase \"How  much?\"")).isEqualTo("text has phrase \"how much\"");
        // In a .cfg file, a backslash that reaches the parser is written twice.
        assertThat(understood("text has any of \"say \\\\\"hi\\\\\"\"")).isEqualTo("text has any of \"say hi\"");
    }

    @Test
    void regularExpressionsKeepTheirPatternAndFlags() {
        // In a .cfg file every backslash is doubled: \\b reaches the parser as \b.
        assertThat(understood("text matches /\\\\bprices?\\\\b/")).isEqualTo("text matches /\\bprices?\\b/");
        assertThat(understood("text matches /[A-Z]{5,}/c")).isEqualTo("text matches /[A-Z]{5,}/c");
        assertThat(understood("text matches /a\\\\/b/ims")).isEqualTo("text matches /a\\/b/ims");
        assertThat(understood("text matches /(?<Name>\\\\p{IsHan}+)\\\\k<Name>/")).contains("(?<Name>");
        assertThat(understood("text matches /x/ and kind = review")).isEqualTo("text matches /x/ and kind = review");
    }

    @Test
    void keywordsSharedByRulesOfASetAreLookedForOnce() {
        RuleSet set = read("t", """
                a.when = text has any of "refund", "kapot"
                a.then = flag for reply
                b.when = text has all of "Refund", "price"
                b.then = make lead
                """);
        assertThat(set.terms()).extracting(Term::shown).containsExactly("refund", "kapot", "price");
    }

    // ------------------------------------------------------------------------------------------ condition errors

    @Test
    void anUnknownFieldIsNamedWithTheSetTheKeyAndTheColumn() {
        RuleSet set = read("service", """
                unhappy.when = sentimnt < -0.3 and text has any of "refund"
                unhappy.then = tag person unhappy; flag for reply
                """);
        assertThat(set.problems()).containsExactly("org.parley.rules-service: unhappy.when, column 1: unknown field "
                + "'sentimnt' (fields: sentiment, rating, author.interactions, author.daysSinceFirst, "
                + "author.daysSinceLast, channel, account, kind, language, text)");
        assertThat(whenProblem("rating > 3 and ratng > 2")).contains("column 16: unknown field 'ratng'");
    }

    @Test
    void eachConditionErrorSaysWhatWasExpectedAndWhere() {
        assertThat(whenProblem("")).endsWith("r.when, column 1: the condition is empty: say when the rule applies, "
                + "for example text has any of \"refund\"");
        assertThat(whenProblem("sentiment -0.3")).endsWith("column 11: expected <, <=, >, >=, = or != after "
                + "sentiment, found '-0.3'");
        assertThat(whenProblem("sentiment < low")).endsWith("column 13: expected a number after sentiment <, found 'low'");
        assertThat(whenProblem("sentiment < -3")).endsWith("column 13: sentiment is from -1 to 1: -3 is outside that");
        assertThat(whenProblem("rating >= 6")).endsWith("column 11: rating is from 1 to 5: 6 is outside that");
        assertThat(whenProblem("author.interactions > -1")).endsWith("column 23: author.interactions is 0 or more: "
                + "-1 is outside that");
        assertThat(whenProblem("sentiment < -x")).endsWith("column 13: unexpected character '-'");
        assertThat(whenProblem("kind = tweet")).endsWith("column 8: unknown kind 'tweet' (kinds: post, mention, "
                + "comment, reply, direct_message, review)");
        assertThat(whenProblem("language = 'dutch language'")).endsWith("column 12: 'dutch language' is not a "
                + "BCP 47 language tag such as en, nl, zh or zh-TW");
        assertThat(whenProblem("channel mastodon")).endsWith("column 9: expected =, != or in after channel, found 'mastodon'");
        assertThat(whenProblem("channel in mastodon")).endsWith("column 12: expected '(' and a list, as in channel "
                + "in (a, b), found 'mastodon'");
        assertThat(whenProblem("channel in (a, b")).endsWith("column 17: expected ',' or ')' in the list of channel "
                + "values, found the end");
        assertThat(whenProblem("channel not mastodon")).endsWith("column 13: expected in after channel not, found 'mastodon'");
        assertThat(whenProblem("(kind = review or rating = 1")).endsWith("column 29: expected ')' to close the '(' "
                + "at column 1, found the end");
        assertThat(whenProblem("kind = review rating = 1")).endsWith("column 15: unexpected 'rating' after a "
                + "complete condition (join conditions with and, or)");
        assertThat(whenProblem("kind = review and")).endsWith("column 18: expected a condition such as sentiment "
                + "< -0.3 or text has any of \"refund\", found the end");
        assertThat(whenProblem("and kind = review")).endsWith("column 1: expected a condition, found 'and' (fields: "
                + RuleParser.FIELDS + ")");
        assertThat(whenProblem("kind = review; rating = 1")).endsWith("column 14: unexpected ';' after a complete "
                + "condition (join conditions with and, or)");
        assertThat(whenProblem("kind = review & rating = 1")).endsWith("column 15: unexpected character '&'");
    }

    @Test
    void eachTextErrorSaysWhatWasExpectedAndWhere() {
        assertThat(whenProblem("text contains \"x\"")).endsWith("column 6: expected has any of, has all of, has "
                + "phrase or matches after text, found 'contains'");
        assertThat(whenProblem("text has \"x\"")).endsWith("column 10: expected any of, all of or phrase after text "
                + "has, found \"x\"");
        assertThat(whenProblem("text has any \"x\"")).endsWith("column 14: expected of after text has any, found \"x\"");
        assertThat(whenProblem("text has any of refund")).endsWith("column 17: expected a keyword in quotes, such "
                + "as \"refund\", found 'refund'");
        assertThat(whenProblem("text has any of 退款")).endsWith("column 17: unexpected character '退' (put keywords "
                + "in quotes: \"...\")");
        assertThat(whenProblem("text has any of \"a\", ")).endsWith("column 21: expected a keyword in quotes, such "
                + "as \"refund\", found the end");
        assertThat(whenProblem("text has any of \"refund")).endsWith("column 17: the text in quotes that starts "
                + "here has no closing \"");
        assertThat(whenProblem("text has any of \"!!!\"")).endsWith("column 17: \"!!!\" has no letters, digits or "
                + "symbols to look for");
        assertThat(whenProblem("text has any of \"ka*pot\"")).endsWith("column 17: '*' may only end a keyword, as "
                + "in \"kapot*\" (words that start with kapot)");
        assertThat(whenProblem("text has any of \"退*\"")).endsWith("column 17: \"退*\": a keyword in a script "
                + "written without spaces (Chinese, Japanese, Korean, Thai ...) already matches inside longer text; "
                + "drop the '*'");
    }

    @Test
    void eachRegularExpressionErrorSaysWhatWasExpectedAndWhere() {
        assertThat(whenProblem("text matches price")).endsWith("column 14: expected a regular expression between "
                + "slashes, as in /\\bprices?\\b/, after matches, found 'p'");
        assertThat(whenProblem("text matches /price")).endsWith("column 14: the regular expression that starts "
                + "here has no closing /");
        assertThat(whenProblem("text matches /https?://x/")).endsWith("column 23: unexpected '/': a regular "
                + "expression follows matches, and a slash inside one is written \\/");
        assertThat(understood("text matches /https?:\\\\/\\\\/\\\\S+/")).isEqualTo("text matches /https?:\\/\\/\\S+/");
        assertThat(whenProblem("text matches //")).endsWith("column 14: the regular expression is empty");
        assertThat(whenProblem("text matches /pri(ce/")).endsWith("column 21: the regular expression is invalid: "
                + "Unclosed group");
        assertThat(whenProblem("text matches /price/g")).endsWith("column 21: unknown flag 'g' after the regular "
                + "expression (flags: c to match the text as written, i, m, s)");
        assertThat(whenProblem("text matches /Price/")).endsWith("column 15: the regular expression runs over the "
                + "text in lower case without accents: write 'p' for 'P', or add the flag c to match the text as written");
        assertThat(whenProblem("text matches /precio (baj|alt)ísimo/")).endsWith("column 31: the regular "
                + "expression runs over the text in lower case without accents: write 'i' for 'í', or add the flag "
                + "c to match the text as written");
        assertThat(whenProblem("text matches /\\\\QPrice\\\\E/")).contains("column 17: ", "write 'p' for 'P'");
    }

    @Test
    void aSingleBackslashInTheFileIsCaughtWhereItBecameABackspace() {
        // What Karaf's .cfg reader makes of /\bprice\b/: a backspace instead of a word boundary.
        RuleSet set = RuleSetReader.read("org.parley.rules-t", "t", "true",
                java.util.Map.of("r.when", "text matches /\bprice\b/", "r.then", "flag for reply"), RulesTestSupport.NOW);
        assertThat(set.problems()).containsExactly("org.parley.rules-t: r.when, column 15: a backspace character: "
                + "in a .cfg file every backslash is written twice, so a word boundary in a regular expression is \\\\b");
    }

    // ------------------------------------------------------------------------------------------ actions

    @Test
    void everyActionIsReadWithTheRuleIdAsItsSource() {
        assertThat(actions("tag interaction Pricing; tag person vip-2025; make lead; assign owner sarah.jones; "
                + "flag for reply;"))
                .containsExactly(new RuleAction("t/r", Type.TAG_INTERACTION, "pricing"),
                        new RuleAction("t/r", Type.TAG_PERSON, "vip-2025"),
                        new RuleAction("t/r", Type.MAKE_LEAD, null),
                        new RuleAction("t/r", Type.ASSIGN_OWNER, "sarah.jones"),
                        new RuleAction("t/r", Type.FLAG_FOR_REPLY, null));
        assertThat(actions("assign owner \"ops@acme.example\"; tag person topic:billing"))
                .containsExactly(new RuleAction("t/r", Type.ASSIGN_OWNER, "ops@acme.example"),
                        new RuleAction("t/r", Type.TAG_PERSON, "topic:billing"));
    }

    @Test
    void eachActionErrorSaysWhatWasExpectedAndWhere() {
        assertThat(thenProblem("")).endsWith("r.then, column 1: there is no action: say what the rule does (tag "
                + "interaction TAG, tag person TAG, make lead, assign owner USER, flag for reply)");
        assertThat(thenProblem("tag unhappy")).endsWith("column 5: expected interaction or person after tag, found 'unhappy'");
        assertThat(thenProblem("tag person \"Hot Lead\"")).endsWith("column 12: 'Hot Lead' is not a tag: 1 to 64 "
                + "letters, digits, _ . : - (stored in lower case)");
        assertThat(thenProblem("tag person")).endsWith("column 11: expected a tag, found the end: 1 to 64 letters, "
                + "digits, _ . : - (stored in lower case)");
        assertThat(thenProblem("make leed")).endsWith("column 6: expected lead after make, found 'leed'");
        assertThat(thenProblem("assign owner 'sarah jones'")).endsWith("column 14: 'sarah jones' is not a CRM user "
                + "name: 1 to 100 letters, digits, . _ @ -");
        assertThat(thenProblem("flag reply")).endsWith("column 6: expected for after flag, found 'reply'");
        assertThat(thenProblem("flag for")).endsWith("column 9: expected reply after flag for, found the end");
        assertThat(thenProblem("notify sarah")).endsWith("column 1: unknown action 'notify' (actions: " + RuleParser.ACTIONS + ")");
        assertThat(thenProblem("make lead flag for reply")).endsWith("column 11: expected ';' between actions, found 'flag'");
        assertThat(thenProblem("make lead; make lead")).endsWith("column 12: this action is already in the list");
        assertThat(thenProblem("assign owner ann; assign owner bob")).endsWith("column 19: a rule assigns one owner only");
    }

    // ------------------------------------------------------------------------------------------ rule set files

    @Test
    void aRuleSetReadsEveryRuleSortedByNameWithItsSwitch() {
        RuleSet set = read("service", """
                # a comment
                vip.when = author.interactions >= 10 and channel in (mastodon, bluesky)
                vip.then = tag person fan; assign owner sarah.jones
                prospect.when = text has phrase "how much" or text matches /\\\\bprices?\\\\b/
                prospect.then = tag interaction pricing; make lead
                prospect.enabled = false
                """);
        assertThat(set.problems()).isEmpty();
        assertThat(set.name()).isEqualTo("service");
        assertThat(set.source()).isEqualTo("org.parley.rules-service");
        assertThat(set.enabled()).isTrue();
        assertThat(set.rules()).extracting(r -> r.id).containsExactly("service/prospect", "service/vip");
        assertThat(set.rules()).extracting(r -> r.enabled).containsExactly(false, true);
        assertThat(set.rules().get(0).when).isEqualTo("text has phrase \"how much\" or text matches /\\bprices?\\b/");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceAndTheWholeFileIsRefused() {
        RuleSet set = read("service", """
                enabled = maybe
                good.when = kind = review
                good.then = flag for reply
                bad.when = rating > 9
                bad.then = tag person
                typo.whn = kind = review
                lonely.then = make lead
                half.when = kind = post
                switch.when = kind = post
                switch.then = make lead
                switch.enabled = yes
                odd.name.when = kind = post
                """);
        assertThat(set.refused()).isTrue();
        assertThat(set.rules()).as("not even the good rule runs").isEmpty();
        assertThat(set.problems()).containsExactly(
                "org.parley.rules-service: enabled = 'maybe' is not allowed; use true or false",
                "org.parley.rules-service: typo.whn: unknown key (" + RuleSetReader.HOW + ")",
                "org.parley.rules-service: bad.when, column 10: rating is from 1 to 5: 9 is outside that",
                "org.parley.rules-service: bad.then, column 11: expected a tag, found the end: 1 to 64 letters, "
                        + "digits, _ . : - (stored in lower case)",
                "org.parley.rules-service: half.then is missing (" + RuleSetReader.HOW + ")",
                "org.parley.rules-service: lonely.when is missing (" + RuleSetReader.HOW + ")",
                "org.parley.rules-service: odd.name: 'odd.name' is not a rule name: 1 to 64 letters, digits, '_' or '-'",
                "org.parley.rules-service: switch.enabled = 'yes' is not allowed; use true or false");
    }

    @Test
    void frameworkKeysAreIgnoredAndASetCanBeSwitchedOff() {
        RuleSet set = read("quiet", "enabled = false\nr.when = kind = review\nr.then = make lead\n");
        assertThat(set.problems()).isEmpty();
        assertThat(set.enabled()).isFalse();
        assertThat(set.rules()).hasSize(1);
    }

    @Test
    void aConfigurationWithoutANameOrWithABadNameIsRefused() {
        RuleSet unnamed = RuleSetReader.read("org.parley.rules.7f3e", null, "true",
                java.util.Map.of("r.when", "kind = review", "r.then", "make lead"), RulesTestSupport.NOW);
        assertThat(unnamed.problems()).containsExactly("org.parley.rules.7f3e: the rule set has no name: name its "
                + "file org.parley.rules-<set>.cfg");
        RuleSet badName = RuleSetReader.read("org.parley.rules-a b", "a b", "true", java.util.Map.of(), RulesTestSupport.NOW);
        assertThat(badName.problems()).containsExactly("org.parley.rules-a b: 'a b' is not a rule set name: 1 to "
                + "64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    @Test
    void typedValuesFromConfigAdminAreAccepted() {
        RuleSet set = RuleSetReader.read("org.parley.rules-t", "t", "true",
                java.util.Map.of("r.when", "kind = review", "r.then", "make lead", "r.enabled", Boolean.FALSE,
                        "q.when", 42, "q.then", "make lead"), RulesTestSupport.NOW);
        assertThat(set.problems()).containsExactly("org.parley.rules-t: q.when must be text, not Integer");
    }
}
