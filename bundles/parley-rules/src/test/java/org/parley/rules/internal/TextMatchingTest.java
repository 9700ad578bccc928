package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.rules.internal.RulesTestSupport.CLOCK;
import static org.parley.rules.internal.RulesTestSupport.file;
import static org.parley.rules.internal.RulesTestSupport.neutral;
import static org.parley.rules.internal.RulesTestSupport.settings;
import static org.parley.rules.internal.RulesTestSupport.text;

import org.junit.jupiter.api.Test;

/** Keywords, phrases and regular expressions on multilingual samples: whole words, no case, no accents, no spaces. */
class TextMatchingTest {

    /** Whether a rule with this condition matches this text. */
    private static boolean matches(String when, String text) {
        RuleBook book = new RuleBook(new InMemoryInteractionStore(), new FakeSentiment(), null, settings(), CLOCK);
        book.addRuleSet(file("t", "r.when = " + when + "\nr.then = flag for reply\n"));
        assertThat(book.sets().get(0).problems()).isEmpty();
        return !book.evaluate(text(text), neutral()).isEmpty();
    }

    private static boolean has(String keyword, String text) {
        return matches("text has any of \"" + keyword + "\"", text);
    }

    @Test
    void english_wholeWordsWithoutCase() {
        assertThat(has("refund", "I want a REFUND.")).isTrue();
        assertThat(has("refund", "Refund!!!")).isTrue();
        assertThat(has("refund", "refunds take long")).as("a longer word").isFalse();
        assertThat(has("refund", "nonrefundable")).isFalse();
        assertThat(has("refund*", "refunds take long")).as("a prefix").isTrue();
        assertThat(has("refund*", "nonrefundable")).as("only at the start of a word").isFalse();
        assertThat(has("#refund", "so #Refund now")).as("a hashtag is its word").isTrue();
        assertThat(has("don't", "I DON'T like it")).isTrue();
    }

    @Test
    void englishPhrasesAreWordsInARowWhateverLiesBetween() {
        assertThat(matches("text has phrase \"how much\"", "So... how\n MUCH is it?")).isTrue();
        assertThat(matches("text has phrase \"how much\"", "how, much")).isTrue();
        assertThat(matches("text has phrase \"how much\"", "how very much")).isFalse();
        assertThat(matches("text has phrase \"how much\"", "somehow muchness")).isFalse();
        assertThat(matches("text has phrase \"how mu*\"", "how MUCH")).isTrue();
    }

    @Test
    void dutch_accentsDoNotMatterAndWordsAreWhole() {
        assertThat(has("kapot", "Het scherm is Kapót!")).isTrue();
        assertThat(has("kapot", "KAPOT.")).isTrue();
        assertThat(has("kapot", "een kapotte lader")).as("an inflected form is another word").isFalse();
        assertThat(has("kapot*", "een kapotte lader")).isTrue();
        assertThat(has("één", "Eén klacht")).isTrue();
        assertThat(has("een", "één klacht")).isTrue();
        assertThat(has("café", "naar het cafe")).isTrue();
        assertThat(has("cafe", "Naar het CAFÉ")).isTrue();
        assertThat(has("geërgerd", "ik ben GEERGERD")).isTrue();
        assertThat(matches("text has phrase \"niet tevreden\"", "Ik ben NIET, écht niet tevreden!")).isTrue();
    }

    @Test
    void spanish_accentsAndEnyeFoldAndPunctuationSeparates() {
        assertThat(has("reembolso", "¡Quiero un REEMBOLSO ya!")).isTrue();
        assertThat(has("dañado", "el paquete llegó DAÑADO")).isTrue();
        assertThat(has("danado", "el paquete llegó dañado")).isTrue();
        assertThat(has("dañado", "dañados")).isFalse();
        assertThat(has("señor", "¿Señor?")).isTrue();
        assertThat(has("pésimo", "servicio PESIMO")).isTrue();
        assertThat(matches("text has all of \"envío\", \"tarde\"", "El envio llegó muy TARDE.")).isTrue();
        assertThat(matches("text has all of \"envío\", \"tarde\"", "El envío llegó.")).isFalse();
    }

    @Test
    void indonesian_informalTextAndReduplication() {
        assertThat(has("kecewa", "kecewa bgt sm pelayanannya :(")).isTrue();
        assertThat(has("kecewa", "Kecewa-kecewa terus")).isTrue();
        assertThat(has("kecewa", "mengecewakan")).isFalse();
        assertThat(matches("text has phrase \"gak puas\"", "GAK PUAS!!! barang rusak")).isTrue();
        assertThat(matches("text has any of \"bgt\", \"banget\"", "lama BANGET kirimnya")).isTrue();
    }

    @Test
    void chinese_withoutSpacesMatchesInsideTheText() {
        assertThat(has("退款", "我要退款！")).isTrue();
        assertThat(has("差评", "给差评，太慢了")).isTrue();
        assertThat(has("退款", "退货")).isFalse();
        assertThat(has("退款", "iPhone退款申请")).as("next to latin letters").isTrue();
        assertThat(has("iphone", "iPhone退款申请")).as("the latin word next to Han is whole").isTrue();
        assertThat(has("iphone 退款", "iPhone退款")).as("a mixed phrase").isTrue();
        assertThat(has("退款 100元", "退款100元")).isTrue();
        assertThat(has("退 款", "退，款")).as("a space in a keyword stands for any separator").isTrue();
        assertThat(has("退 款", "退款")).as("but is one: there is none in 退款").isFalse();
    }

    @Test
    void japaneseKoreanAndThaiAreMatchedInsideTheTextToo() {
        assertThat(has("返金", "返金してください")).isTrue();
        assertThat(has("ガッカリ", "本当にｶﾞｯｶﾘです")).as("half-width katakana folded").isTrue();
        assertThat(has("환불", "환불해주세요")).isTrue();
        assertThat(has("환불", "환영합니다")).isFalse();
        assertThat(has("คืนเงิน", "ขอคืนเงินด้วยครับ")).isTrue();
    }

    @Test
    void fullWidthFormsAndEmojiAreFoldedAndMatched() {
        assertThat(has("refund", "ｒｅｆｕｎｄ please")).isTrue();
        assertThat(has("100", "１００ yen")).isTrue();
        assertThat(has("😡", "so angry😡😡")).isTrue();
        assertThat(has("❤", "love it ❤️")).as("the variation selector does not matter").isTrue();
        assertThat(has("👍", "ok 👍🏽")).as("nor the skin tone").isTrue();
    }

    @Test
    void anyOfNeedsOneAllOfNeedsEach() {
        String text = "the price is a scandal";
        assertThat(matches("text has any of \"refund\", \"price\"", text)).isTrue();
        assertThat(matches("text has all of \"scandal\", \"price\"", text)).isTrue();
        assertThat(matches("text has all of \"scandal\", \"refund\"", text)).isFalse();
        assertThat(matches("not text has any of \"refund\"", text)).isTrue();
    }

    @Test
    void regularExpressionsRunOnTheNormalisedTextUnlessAskedForTheWrittenOne() {
        assertThat(matches("text matches /\\\\bprices?\\\\b/", "What are your PRICES?")).isTrue();
        assertThat(matches("text matches /\\\\bprices?\\\\b/", "priceless")).isFalse();
        assertThat(matches("text matches /precio(s)? (muy )?alto/", "¡Precio MUY alto!")).isTrue();
        assertThat(matches("text matches /\\\\d{4} ?[a-z]{2}\\\\b/", "postcode 1234 AB")).isTrue();
        assertThat(matches("text matches /\\\\b\\\\w+退款/", "申请退款")).as("unicode classes").isTrue();
        assertThat(matches("text matches /[A-Z]{5,}/c", "STOP SPAMMING")).isTrue();
        assertThat(matches("text matches /[A-Z]{5,}/c", "stop spamming")).isFalse();
        assertThat(matches("text matches /kapót/ci", "KAPÓT")).isTrue();
        assertThat(matches("text matches /kapót/c", "kapot")).isFalse();
        assertThat(matches("text matches /^first.last$/s", "first\nlast")).isTrue();
        assertThat(matches("text matches /^last$/m", "first\nlast")).isTrue();
        assertThat(matches("text matches /^last$/", "first\nlast")).isFalse();
    }

    @Test
    void aTextWithoutWordsOrWithoutTextMatchesNoKeyword() {
        assertThat(has("refund", "")).isFalse();
        assertThat(has("refund", "!!! ... ???")).isFalse();
        assertThat(has("refund", null)).isFalse();
    }
}
