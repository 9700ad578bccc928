package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules, one at a time, on raw scores (no neutral band). */
class AnalyzerTest {

    private static final Analyzer ANALYZER = Analyzer.load(new LinkedHashSet<>(TestSupport.LANGUAGES));

    private static double score(String language, String text) {
        return ANALYZER.score(Texts.clean(text, 10_000), language);
    }

    @Test
    void negationFlipsAndSoftensWithinThreeWords() {
        assertThat(score("en", "The food was good")).isPositive();
        assertThat(score("en", "The food was not good")).isNegative();
        assertThat(score("en", "The food wasn't really that good")).isNegative();
        assertThat(Math.abs(score("en", "not good"))).isLessThan(Math.abs(score("en", "good")));
        assertThat(score("nl", "Ik ben niet tevreden")).isNegative();
        assertThat(score("nl", "geen probleem")).isPositive();
        assertThat(score("es", "No me gustó")).isNegative();
        assertThat(score("es", "No estoy nada contento")).as("negative concord: one flip").isNegative();
        assertThat(score("id", "pelayanannya tidak bagus")).isNegative();
        assertThat(score("id", "gak bagus")).isNegative();
        assertThat(score("id", "nggak ramah")).isNegative();
        assertThat(score("id", "bukan yang terbaik")).isNegative();
        assertThat(score("zh", "不好")).isNegative();
        assertThat(score("zh", "没有那么好")).isNegative();
        assertThat(score("zh", "没问题")).isPositive();
    }

    @Test
    void negationStopsAtPunctuationAndDoesNotReachFarWords() {
        assertThat(score("en", "No, it was great")).isPositive();
        assertThat(score("en", "not that I care about the weather, the staff were great")).isPositive();
        assertThat(score("es", "No, está muy bien")).isPositive();
    }

    @Test
    void aPhraseThatIsAlreadyNegativeIsNotFlippedAgain() {
        assertThat(score("id", "Teknisi nggak datang dan gak ada kabar")).isNegative();
        assertThat(score("en", "never again, it doesn't work")).isNegative();
    }

    @Test
    void boostersMultiplyAndDiminishersSoften() {
        assertThat(score("en", "very good")).isGreaterThan(score("en", "good"));
        assertThat(score("en", "a bit slow")).isGreaterThan(score("en", "slow")).isNegative();
        assertThat(score("nl", "heel goed")).isGreaterThan(score("nl", "goed"));
        assertThat(score("nl", "zeer tevreden")).isGreaterThan(score("nl", "tevreden"));
        assertThat(score("es", "muy bueno")).isGreaterThan(score("es", "bueno"));
        assertThat(score("id", "sangat bagus")).isGreaterThan(score("id", "bagus"));
        assertThat(score("id", "bagus banget")).as("banget boosts the word before it").isGreaterThan(score("id", "bagus"));
        assertThat(score("id", "bagus bgt")).isGreaterThan(score("id", "bagus"));
        assertThat(score("zh", "很好")).isGreaterThan(score("zh", "好"));
        assertThat(score("zh", "非常满意")).isGreaterThan(score("zh", "满意"));
        assertThat(score("zh", "太贵了")).isLessThan(score("zh", "贵"));
    }

    @Test
    void aWordThatIsAlsoABoosterBoostsOnlyBeforeASentimentWord() {
        assertThat(score("zh", "好")).as("好 alone: good").isPositive();
        assertThat(score("zh", "好贵")).as("好 before 贵: so expensive").isNegative();
        assertThat(score("es", "bien caro")).isNegative();
        assertThat(score("nl", "lekker snel")).isGreaterThan(score("nl", "snel"));
    }

    @Test
    void tooBeforeAPlainWordIsAComplaint() {
        assertThat(score("en", "the trousers are too short")).isNegative();
        assertThat(score("en", "too good to be true")).isPositive();
        assertThat(score("zh", "汤太咸了")).isNegative();
        assertThat(score("es", "demasiado corto")).isNegative();
        assertThat(score("en", "me too")).isZero();
    }

    @Test
    void theClauseAfterButWeighsMore() {
        double goodButBad = score("en", "The food was good but the service was terrible");
        double badButGood = score("en", "The service was terrible but the food was good");
        assertThat(goodButBad).isNegative();
        assertThat(badButGood).isPositive();
        assertThat(score("nl", "Het eten was lekker maar de bediening was traag")).isNegative();
        assertThat(score("es", "La comida buena pero el servicio lento")).isNegative();
        assertThat(score("id", "Makanannya enak tapi pelayanannya lambat")).isNegative();
        assertThat(score("zh", "东西不错，但是物流太慢了")).isNegative();
        assertThat(score("zh", "虽然有点贵，但是很好吃")).isPositive();
        assertThat(score("en", "Although the room was small, the staff were wonderful")).isPositive();
    }

    @Test
    void aSentenceStartingWithButContrastsThePreviousSentence() {
        assertThat(score("en", "The hotel is lovely. But the noise at night is unbearable and awful.")).isNegative();
    }

    @Test
    void emojiAndEmoticonsCount() {
        assertThat(score("en", "😍")).isPositive();
        assertThat(score("en", "😡😡")).isNegative();
        assertThat(score("en", "👍🏽")).as("skin tone removed").isEqualTo(score("en", "👍"));
        assertThat(score("en", "❤️")).as("variation selector removed").isEqualTo(score("en", "❤"));
        assertThat(score("nl", "pakket ontvangen :)")).isPositive();
        assertThat(score("es", "otra vez sin luz :(")).isNegative();
        assertThat(score("en", "thanks:)")).as("an emoticon glued to a word").isPositive();
        assertThat(score("en", "meeting at 12:30")).isZero();
        assertThat(score("en", "<3 this place")).isPositive();
    }

    @Test
    void eyeRollMakesPraiseSarcastic() {
        assertThat(score("en", "Great, another delay")).isGreaterThan(score("en", "Great, another delay 🙄"));
        assertThat(score("en", "Oh wonderful, ads in the premium plan 🙄")).isNegative();
    }

    @Test
    void stretchedAndShoutedWordsCountMore() {
        assertThat(score("en", "sooooo goooood")).isGreaterThan(score("en", "so good"));
        assertThat(score("id", "mantaaap")).isGreaterThan(score("id", "mantap"));
        assertThat(score("id", "bagus bangeeet")).isGreaterThan(score("id", "bagus"));
        assertThat(score("nl", "heeeel blij")).isGreaterThan(score("nl", "blij"));
        assertThat(score("en", "the support is TERRIBLE")).isLessThan(score("en", "the support is terrible"));
        assertThat(score("en", "TERRIBLE SUPPORT")).as("all capitals is no emphasis")
                .isEqualTo(score("en", "terrible support"));
    }

    @Test
    void exclamationMarksAddEmphasis() {
        assertThat(score("en", "Great service!!!")).isGreaterThan(score("en", "Great service"));
        assertThat(score("en", "Terrible service!!!")).isLessThan(score("en", "Terrible service"));
    }

    @Test
    void accentsAndCaseDoNotMatterButEnyeDoes() {
        assertThat(score("es", "pésimo")).isEqualTo(score("es", "pesimo")).isEqualTo(score("es", "PÉSIMO")).isNegative();
        assertThat(score("es", "Increíble")).isEqualTo(score("es", "increible"));
        assertThat(score("nl", "geïrriteerd")).isEqualTo(score("nl", "geirriteerd")).isNegative();
        assertThat(Texts.fold("Año")).isEqualTo("año").isNotEqualTo(Texts.fold("ano"));
        assertThat(Texts.fold("pingüino")).isEqualTo("pingüino");
        assertThat(Texts.fold("Café")).isEqualTo("cafe");
        assertThat(Texts.fold("don’t")).isEqualTo("don't");
    }

    @Test
    void suffixRulesFindInflectedForms() {
        assertThat(score("es", "contenta")).isEqualTo(score("es", "contento")).isPositive();
        assertThat(score("es", "buenísimo")).isGreaterThan(score("es", "bueno"));
        assertThat(score("nl", "een heerlijke avond")).isPositive();
        assertThat(score("id", "pelayanannya memuaskan")).isPositive();
        assertThat(score("en", "the smoothest start")).isPositive();
    }

    @Test
    void indonesianInformalForms() {
        assertThat(score("id", "mantap")).isPositive();
        assertThat(score("id", "mantul gan")).isPositive();
        assertThat(score("id", "kecewa bgt")).isNegative();
        assertThat(score("id", "gak puas")).isNegative();
        assertThat(score("id", "udah 3 hari belum sampai, lemot parah")).isNegative();
        assertThat(score("id", "ramah-ramah")).as("reduplication is the plural").isPositive();
    }

    @Test
    void englishWordsInOtherLanguagesAreUnderstoodButFalseFriendsAreNot() {
        assertThat(score("id", "thanks min, recommended seller")).isPositive();
        assertThat(score("nl", "super nice service")).isPositive();
        assertThat(score("zh", "这个APP很nice")).isPositive();
        assertThat(score("nl", "die bestelling is verstuurd")).as("Dutch 'die' is 'that'").isZero();
        assertThat(score("nl", "het kind speelt")).as("Dutch 'kind' is 'child'").isZero();
    }

    @Test
    void chineseIsSegmentedByLongestMatch() {
        List<String> units = ANALYZER.explain(Texts.clean("质量不错", 100), "zh");
        assertThat(units).anyMatch(u -> u.startsWith("不错 +")).noneMatch(u -> u.startsWith("错 "));
        assertThat(score("zh", "质量不错")).isPositive();
        assertThat(score("zh", "你好，请问周日几点开门？")).as("你好 and 请问 are no praise").isZero();
        assertThat(score("zh", "好像还没发货")).as("好像 is 'seems'").isLessThanOrEqualTo(0);
        assertThat(score("zh", "闪退")).isNegative();
        assertThat(score("zh", "物流超快，好评")).isPositive();
        assertThat(score("zh", "太差了，再也不买了")).isNegative();
        assertThat(score("zh", "服務很好，謝謝！")).as("traditional characters").isPositive();
    }

    @Test
    void ratingsCount() {
        assertThat(score("en", "5/5 would buy again")).isPositive();
        assertThat(score("en", "1/5.")).isNegative();
        assertThat(score("nl", "3/5")).isZero();
        assertThat(score("es", "10/10")).isPositive();
    }

    @Test
    void politenessInPassingIsNotPraise() {
        assertThat(score("en", "Please send me the return form, thanks.")).isLessThan(0.2);
        assertThat(score("en", "Thank you so much!!")).isGreaterThan(0.4);
        assertThat(score("id", "Makasih banyak kak!")).isGreaterThan(0.4);
    }

    @Test
    void linksMentionsAndAddressesAreIgnored() {
        assertThat(score("en", "@happy_best_store https://great.example/awesome mail me at love@example.com")).isZero();
        assertThat(score("en", "#fail")).isNegative();
    }

    @Test
    void scoresStayInsideMinusOneToOne() {
        String many = "great ".repeat(5_000);
        assertThat(score("en", many)).isLessThan(1).isGreaterThan(0.99);
        assertThat(score("en", "terrible ".repeat(5_000))).isGreaterThan(-1).isLessThan(-0.99);
    }
}
