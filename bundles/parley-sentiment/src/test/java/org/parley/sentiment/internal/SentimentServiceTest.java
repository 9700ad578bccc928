package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.parley.api.LanguageDetector;

class SentimentServiceTest {

    /** Says "en" for everything, and counts. */
    private static final class FixedDetector implements LanguageDetector {
        final AtomicInteger calls = new AtomicInteger();
        final Optional<String> answer;

        FixedDetector(String answer) {
            this.answer = Optional.ofNullable(answer);
        }

        @Override
        public Optional<String> detect(String text) {
            calls.incrementAndGet();
            return answer;
        }
    }

    private final FixedDetector english = new FixedDetector("en");
    private final SentimentService service = new SentimentService(english, TestSupport.settings());

    @Test
    void languagesAreTheConfiguredOnes() {
        assertThat(service.languages()).containsExactlyInAnyOrder("en", "nl", "es", "id", "zh");
        SentimentService two = new SentimentService(english, TestSupport.settings("languages", "en, zh"));
        assertThat(two.languages()).containsExactlyInAnyOrder("en", "zh");
        assertThat(two.score("Zeer tevreden, top!", "nl")).as("a language not enabled scores 0").isZero();
    }

    @Test
    void anUnknownLanguageIsDetectedThroughTheLanguageDetector() {
        assertThat(service.score("This is wonderful", null)).isPositive();
        assertThat(service.score("This is wonderful", "und")).isPositive();
        assertThat(english.calls).hasValue(2);
        assertThat(service.score("This is wonderful", "en")).isPositive();
        assertThat(english.calls).as("not asked when the language is given").hasValue(2);
    }

    @Test
    void unsureDetectionOrAnUnsupportedLanguageScoresZero() {
        SentimentService unsure = new SentimentService(new FixedDetector(null), TestSupport.settings());
        assertThat(unsure.score("This is wonderful", null)).isZero();
        SentimentService german = new SentimentService(new FixedDetector("de"), TestSupport.settings());
        assertThat(german.score("Das ist wunderbar", null)).isZero();
        assertThat(service.score("This is wonderful", "de")).isZero();
    }

    @Test
    void aDetectorThatThrowsScoresZero() {
        SentimentService broken = new SentimentService(text -> {
            throw new IllegalStateException("boom");
        }, TestSupport.settings());
        assertThat(broken.score("This is wonderful", null)).isZero();
    }

    @Test
    void languageTagsAreReducedToTheirPrimarySubtag() {
        assertThat(SentimentService.primary("zh-Hant-TW")).isEqualTo("zh");
        assertThat(SentimentService.primary("EN_us")).isEqualTo("en");
        assertThat(SentimentService.primary(" es-419 ")).isEqualTo("es");
        assertThat(SentimentService.primary("in")).isEqualTo("id");
        assertThat(SentimentService.primary("zho")).isEqualTo("zh");
        assertThat(SentimentService.primary("und")).isNull();
        assertThat(SentimentService.primary("")).isNull();
        assertThat(SentimentService.primary(null)).isNull();
        assertThat(service.score("服务很好", "zh-CN")).isPositive();
    }

    @Test
    void theNeutralBandMakesSmallScoresZero() {
        assertThat(service.score("ok", "en")).isZero();
        SentimentService noBand = new SentimentService(english, TestSupport.settings("neutralBand", 0.0));
        assertThat(noBand.score("ok", "en")).isPositive();
    }

    @Test
    void safeWithAnyInput() {
        assertThat(service.score(null, "en")).isZero();
        assertThat(service.score("", "en")).isZero();
        assertThat(service.score("   \n\t ", "en")).isZero();
        assertThat(service.score("\u0000\u0007\u001b[31m\u202e\u200f", "en")).isZero();
        assertThat(service.score("\u202egood\u202c", "en")).as("bidi controls are dropped").isPositive();
        assertThat(service.score("\uD83D", "en")).as("a lone surrogate").isZero();
        assertThat(service.score("😀😀😀", null)).as("only emoji").isPositive();
        assertThat(service.score("\u05e9\u05d9\u05e8\u05d5\u05ea \u05de\u05e2\u05d5\u05dc\u05d4", "he")).isZero();
        assertThat(service.score("\u05e9\u05d9\u05e8\u05d5\u05ea great", "en")).as("RTL text mixed in").isPositive();
        assertThat(service.score("ｇｒｅａｔ　ｓｅｒｖｉｃｅ！", "en")).as("full-width forms").isPositive();
    }

    @Test
    void onlyTheFirstMaxTextLengthCharactersAreRead() {
        String tail = " terrible awful horrible".repeat(100);
        String text = "x".repeat(200) + tail;
        SentimentService short200 = new SentimentService(english, TestSupport.settings("maxTextLength", 200));
        assertThat(short200.score(text, "en")).isZero();
        assertThat(service.score(text, "en")).isNegative();
        String huge = "great ".repeat(2_000_000); // 12 million characters
        assertThat(service.score(huge, "en")).isBetween(0.9, 1.0);
        // a cut never leaves half a surrogate pair behind
        String emoji = "a".repeat(199) + "😀";
        assertThat(Texts.clean(emoji, 200)).isEqualTo("a".repeat(199));
    }

    @Test
    void randomInputNeverThrowsAndStaysInRange() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(200);
            for (int k = 0; k < length; k++) {
                int pick = random.nextInt(10);
                if (pick < 3) {
                    s.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                } else if (pick < 5) {
                    s.appendCodePoint(0x1F300 + random.nextInt(0x300));
                } else if (pick < 7) {
                    s.append(" !?.,:;()'-#@/<3".charAt(random.nextInt(16)));
                } else {
                    s.append("good bad 不错 tidak niet pero 太".charAt(random.nextInt(27)));
                }
            }
            for (String lang : new String[] {"en", "nl", "es", "id", "zh", null}) {
                assertThat(service.score(s.toString(), lang)).isBetween(-1.0, 1.0);
            }
        }
    }
}
