package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageServiceTest {

    private static LanguageService service;

    @BeforeAll
    static void start() {
        service = new LanguageService(TestSupport.config());
    }

    @AfterAll
    static void stop() {
        service.deactivate();
    }

    @Test
    void detectsParleysLanguagesAsBcp47PrimaryTags() {
        assertThat(service.detect("Thanks for the quick reply, really appreciate it")).hasValue("en");
        assertThat(service.detect("Bedankt voor de snelle reactie, echt fijn")).hasValue("nl");
        assertThat(service.detect("Gracias por la respuesta tan rápida, de verdad")).hasValue("es");
        assertThat(service.detect("Terima kasih atas responnya yang cepat, mantap")).hasValue("id");
        assertThat(service.detect("谢谢你们这么快回复，问题都解决了")).hasValue("zh");
        assertThat(service.detect("返信ありがとうございます、とても助かりました")).as("kana: Japanese, not Chinese").hasValue("ja");
        assertThat(service.ready()).isTrue();
    }

    @Test
    void unsureOrEmptyIsEmpty() {
        assertThat(service.detect(null)).isEmpty();
        assertThat(service.detect("")).isEmpty();
        assertThat(service.detect("   ")).isEmpty();
        assertThat(service.detect("😀👍")).isEmpty();
        assertThat(service.detect("12345 !!!")).isEmpty();
        assertThat(service.detect("\u0000\u202e")).isEmpty();
    }

    @Test
    void aLanguageNotConfiguredIsNeverAnswered() {
        LanguageService two = new LanguageService(TestSupport.settings("detectionLanguages", "en,nl"));
        try {
            assertThat(two.detect("Muchas gracias por todo, el servicio fue excelente")).isNotEqualTo(java.util.Optional.of("es"));
        } finally {
            two.deactivate();
        }
    }

    @Test
    void hugeTextIsDetectedFromItsStart() {
        String text = "Het pakket is vandaag bezorgd en alles zat er netjes in. ".repeat(100_000);
        assertThat(service.detect(text)).hasValue("nl");
    }

    @Test
    void deactivatingWhileLoadingLeavesDetectEmpty() {
        LanguageService s = new LanguageService(TestSupport.settings());
        s.deactivate(); // most likely before the models are in; either way detect must answer, not hang or throw
        assertThat(s.detect("Thanks for the quick reply, really appreciate it")).satisfiesAnyOf(
                r -> assertThat(r).isEmpty(), r -> assertThat(r).hasValue("en"));
    }
}
