package org.parley.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

class InteractionJsonTest {

    private final InteractionJson json = new InteractionJson();

    @Test
    void roundTripsEveryField() {
        Interaction in = Interaction.builder("mastodon", "109")
                .kind(InteractionKind.REPLY).account("brand@example.social")
                .author(new SocialIdentity("mastodon", "wei@example.social", "伟", "https://example.social/@wei", null, null))
                .text("服务很好 <script>alert(1)</script>").media(List.of("https://example.social/m/1.png"))
                .url("https://example.social/@wei/109").occurredAt(Instant.parse("2026-11-20T08:00:00Z"))
                .inReplyTo("100").threadId("99").language("zh").metrics(new Metrics(3, 1, 0)).raw("{}")
                .build();
        String text = json.write(in);
        assertThat(text).contains("\"occurredAt\":\"2026-11-20T08:00:00Z\"").contains("\"kind\":\"REPLY\"");
        assertThat(json.read(text)).isEqualTo(in);
    }

    @Test
    void anUnknownKindNamesTheAllowedOnes() {
        assertThatThrownBy(() -> json.read("{\"channel\":\"x\",\"externalId\":\"1\",\"kind\":\"TWEET\"}"))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessage("kind 'TWEET' is not one of [POST, MENTION, COMMENT, REPLY, DIRECT_MESSAGE, REVIEW]");
    }

    @Test
    void aBadTimestampSaysWhatIsExpected() {
        assertThatThrownBy(() -> json.read("{\"occurredAt\":\"yesterday\"}"))
                .hasMessage("occurredAt 'yesterday' is not an ISO-8601 instant such as 2026-11-23T10:15:30Z");
    }

    @Test
    void malformedJsonGivesThePlace() {
        assertThatThrownBy(() -> json.read("{\"channel\": \"x\",\n \"text\": }"))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessageStartingWith("payload is not JSON: ")
                .hasMessageContaining("(line 2, column");
    }

    @Test
    void wrongTypesNameTheField() {
        assertThatThrownBy(() -> json.read("{\"author\":{\"handle\":[1,2]}}"))
                .hasMessageStartingWith("author.handle has the wrong JSON type");
        assertThatThrownBy(() -> json.read("")).hasMessage("payload is empty");
        assertThatThrownBy(() -> json.read("null")).hasMessage("payload is JSON null, not an interaction");
    }
}
