package org.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final InteractionValidator validator = new InteractionValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    static Interaction.Builder valid() {
        return Interaction.builder("feeds", "urn:review:1")
                .kind(InteractionKind.REVIEW)
                .author(SocialIdentity.of("feeds", "ana", "Ana"))
                .text("Pelayanan sangat baik, terima kasih!")
                .occurredAt(NOW.minusSeconds(60))
                .rating(5);
    }

    @Test
    void aCompleteInteractionHasNoProblems() {
        assertThat(validator.problems(valid().build())).isEmpty();
    }

    @Test
    void aMissingKeyIsNamed() {
        Interaction in = Interaction.builder("feeds", " ").kind(InteractionKind.POST)
                .author(SocialIdentity.of("feeds", "a", null)).text("x").occurredAt(NOW).build();
        assertThat(validator.problems(in)).containsExactly("externalId is missing: the key is (channel, externalId)");
    }

    @Test
    void emptyTextWithoutMediaIsRefusedButMediaAloneIsEnough() {
        assertThat(validator.problems(valid().text("  ").build())).containsExactly("text is empty and there is no media");
        assertThat(validator.problems(valid().text(null).media(List.of("https://example.org/a.jpg")).build())).isEmpty();
    }

    @Test
    void textOverTheLimitStatesTheLimit() {
        String longText = "a".repeat(InteractionValidator.MAX_TEXT_CHARS + 1);
        assertThat(validator.problems(valid().text(longText).build()))
                .containsExactly("text has 65537 characters, over the limit of 65536");
    }

    @Test
    void timestampsFarInTheFutureAreRefusedButClockSkewIsTolerated() {
        assertThat(validator.problems(valid().occurredAt(NOW.plus(Duration.ofMinutes(30))).build())).isEmpty();
        assertThat(validator.problems(valid().occurredAt(NOW.plus(Duration.ofDays(2))).build()))
                .containsExactly("occurredAt 2026-11-25T12:00:00Z is more than 60 minutes in the future");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Interaction in = Interaction.builder("Feeds!", "1").rating(9).build();
        assertThatThrownBy(() -> validator.require(in))
                .isInstanceOf(InvalidInteractionException.class)
                .satisfies(e -> assertThat(((InvalidInteractionException) e).problems()).containsExactly(
                        "channel 'Feeds!' must be lower-case letters, digits and '-', starting with a letter, at most 32 characters",
                        "kind is missing: one of [POST, MENTION, COMMENT, REPLY, DIRECT_MESSAGE, REVIEW]",
                        "author.handle is missing",
                        "text is empty and there is no media",
                        "occurredAt is missing",
                        "rating 9 is outside 1..5"));
    }

    @Test
    void keysPrintAndParseWithColonsInTheExternalId() {
        InteractionKey key = new InteractionKey("feeds", "tag:example.org,2026:review:7");
        assertThat(InteractionKey.parse(key.toString())).isEqualTo(key);
        assertThatThrownBy(() -> InteractionKey.parse("nocolon")).hasMessageContaining("channel:externalId");
    }
}
