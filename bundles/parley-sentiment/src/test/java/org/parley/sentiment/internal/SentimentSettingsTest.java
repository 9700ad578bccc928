package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.parley.sentiment.internal.SentimentSettings.InvalidConfigurationException;

class SentimentSettingsTest {

    @Test
    void theDefaultsAreValid() {
        SentimentSettings s = TestSupport.settings();
        assertThat(s.languages()).containsExactlyInAnyOrder("en", "nl", "es", "id", "zh");
        assertThat(s.neutralBand()).isEqualTo(0.2);
        assertThat(s.maxTextLength()).isEqualTo(10_000);
        assertThat(s.detectionLanguages()).containsExactlyInAnyOrder("en", "nl", "es", "id", "zh", "de", "fr", "it", "pt", "ja");
        assertThat(s.detectionMinimumRelativeDistance()).isEqualTo(0.02);
        assertThat(s.detectionHighAccuracy()).isFalse();
    }

    @Test
    void listsAreTrimmedAndCaseInsensitive() {
        SentimentSettings s = TestSupport.settings("languages", " EN , zh,", "detectionLanguages", "en,ZH , ms");
        assertThat(s.languages()).containsExactlyInAnyOrder("en", "zh");
        assertThat(s.detectionLanguages()).containsExactlyInAnyOrder("en", "zh", "ms");
    }

    @Test
    void eachBadValueIsNamedWithPidKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> TestSupport.settings("languages", "en,de"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Configuration org.parley.sentiment is invalid: org.parley.sentiment: languages = 'en,de' is"
                        + " not allowed; use languages with a lexicon in this bundle (en, nl, es, id, zh); 'de' has none");
        assertThatThrownBy(() -> TestSupport.settings("languages", " , "))
                .hasMessageContaining("languages = ' , ' is not allowed");
        assertThatThrownBy(() -> TestSupport.settings("languages", "../../etc"))
                .hasMessageContaining("'../../etc' has none");
        assertThatThrownBy(() -> TestSupport.settings("neutralBand", 1.5))
                .hasMessageContaining("org.parley.sentiment: neutralBand = 1.5 is not allowed; use a number from 0 to 0.9");
        assertThatThrownBy(() -> TestSupport.settings("neutralBand", Double.NaN))
                .hasMessageContaining("neutralBand = NaN is not allowed");
        assertThatThrownBy(() -> TestSupport.settings("maxTextLength", 10))
                .hasMessageContaining("maxTextLength = 10 is not allowed; use a whole number from 100 to 1000000");
        assertThatThrownBy(() -> TestSupport.settings("detectionLanguages", "en"))
                .hasMessageContaining("detectionLanguages = 'en' is not allowed; use at least 2");
        assertThatThrownBy(() -> TestSupport.settings("detectionLanguages", "en,xx"))
                .hasMessageContaining("detectionLanguages = 'en,xx' is not allowed; use ISO 639-1 codes of languages whose"
                        + " model is in this bundle (en, nl, es, id, zh, de, fr, it, pt, ja, ms); 'xx' has none");
        assertThatThrownBy(() -> TestSupport.settings("detectionMinimumRelativeDistance", -0.1))
                .hasMessageContaining("detectionMinimumRelativeDistance = -0.1 is not allowed; use a number from 0 to 0.99");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> TestSupport.settings("neutralBand", -1.0, "maxTextLength", 0, "languages", "fr"))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(3));
    }
}
