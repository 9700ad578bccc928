package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Metrics;

class MastodonMapperTest {

    private static final String REPLAY = "direct:parley-mastodon-brand";

    private final MastodonMapper mapper = new MastodonMapper("brand", "Social.Example", REPLAY,
            new InteractionValidator(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC)));
    private MastodonMapper.Mapped page;

    @BeforeEach
    void mapThePage() {
        page = mapper.map(Resources.text("notifications/page.json"));
    }

    @Test
    void mentionsAreMappedAndOtherNotificationsLeftOut() {
        assertThat(page.interactions()).extracting(Interaction::externalId)
                .containsExactly("113186126728896492", "113186000000000001", "113185900000000002");
        assertThat(page.ignored()).isEqualTo(1);
        assertThat(page.interactions()).allSatisfy(i -> {
            assertThat(i.channel()).isEqualTo("mastodon");
            assertThat(i.account()).isEqualTo("brand");
            assertThat(i.raw()).startsWith("{\"id\":\"").contains("\"type\":\"mention\"");
        });
    }

    @Test
    void aPublicAnswerIsAReplyInTheThreadOfWhatItAnswers() {
        Interaction reply = page.interactions().get(0);

        assertThat(reply.kind()).isEqualTo(InteractionKind.REPLY);
        assertThat(reply.inReplyTo()).isEqualTo("113186038209478945");
        assertThat(reply.threadId()).isEqualTo("113186038209478945");
        assertThat(reply.author().handle()).isEqualTo("zsc@fosstodon.example");
        assertThat(reply.author().displayName()).isEqualTo("Zoë S. C.");
        assertThat(reply.author().profileUrl()).isEqualTo("https://fosstodon.example/@zsc");
        assertThat(reply.author().email()).isNull();
        assertThat(reply.text()).isEqualTo("CW: delivery rant\n\n@brand Mein Paket ist seit einer Woche unterwegs.\n\nBitte prüfen!");
        assertThat(reply.language()).isEqualTo("de");
        assertThat(reply.url()).isEqualTo("https://fosstodon.example/@zsc/113186126728896492");
        assertThat(reply.occurredAt()).isEqualTo(Instant.parse("2026-11-20T07:49:01.940Z"));
        assertThat(reply.metrics()).isEqualTo(new Metrics(11, 5, 2));
        assertThat(reply.media()).containsExactly("https://files.fosstodon.example/media/original/57859aede991da25.jpeg");
    }

    @Test
    void aDirectStatusIsADirectMessageAndALocalAuthorGetsTheInstanceDomain() {
        Interaction dm = page.interactions().get(1);

        assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(dm.inReplyTo()).isNull();
        assertThat(dm.threadId()).isEqualTo(dm.externalId());
        assertThat(dm.author().handle()).isEqualTo("Alice@social.example");
        assertThat(dm.author().displayName()).isEqualTo("Alice"); // empty display name: the username
        assertThat(dm.text()).isEqualTo("@brand my order number is 4711\ncan you check?");
        assertThat(dm.language()).isNull();
        assertThat(dm.metrics()).isEqualTo(Metrics.NONE);
    }

    @Test
    void typedMarkupIsInertTextAndOnlyHttpLinksAreKept() {
        Interaction unlisted = page.interactions().get(2);

        assertThat(unlisted.kind()).isEqualTo(InteractionKind.MENTION);
        assertThat(unlisted.text()).isEqualTo("<script>alert('x')</script> hi");
        assertThat(unlisted.url()).isEqualTo("https://evil.example/objects/2"); // url was javascript:, uri is http
    }

    @Test
    void aMentionThatCannotBeMappedIsADeadLetterHoldingItAlone() {
        assertThat(page.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.channel()).isEqualTo("mastodon");
            assertThat(dead.account()).isEqualTo("brand");
            assertThat(dead.reason()).isEqualTo("notification 34975859: status created_at 'yesterday at ten' is not an ISO 8601 date-time");
            assertThat(dead.replayUri()).isEqualTo(REPLAY);
            assertThat(MastodonMapper.parse(dead.payload()).path("id").asText()).isEqualTo("34975859");
        });
    }

    @Test
    void aFixedDeadLetterMapsAloneOnReplay() {
        DeadLetter.New dead = page.deadLetters().get(0);

        MastodonMapper.Mapped replayed = mapper.map(dead.payload().replace("yesterday at ten", "2026-11-19T10:00:00Z"));

        assertThat(replayed.deadLetters()).isEmpty();
        assertThat(replayed.interactions()).singleElement().satisfies(i -> {
            assertThat(i.externalId()).isEqualTo("113185800000000003");
            assertThat(i.author().handle()).isEqualTo("bob@remote.example");
            assertThat(i.text()).isEqualTo("hello");
        });
    }

    @Test
    void aNotificationWithoutStatusOrAuthorIsRefusedWithEveryReason() {
        MastodonMapper.Mapped mapped = mapper.map("""
                [{"id": "9", "type": "mention", "created_at": "2026-11-20T07:10:00Z"},
                 {"id": "10", "type": "mention", "status": {"created_at": "2026-11-20T07:10:00Z", "content": ""}}]""");

        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).extracting(DeadLetter.New::reason).containsExactly(
                "notification 9: mention has no status",
                "notification 10: status has no id; status has no account.acct");
    }

    @Test
    void aStatusWithNeitherTextNorMediaFailsValidation() {
        MastodonMapper.Mapped mapped = mapper.map("""
                {"id": "11", "type": "mention", "status": {"id": "5", "created_at": "2026-11-20T07:10:00Z",
                 "content": "<p> </p>", "account": {"acct": "x"}}}""");

        assertThat(mapped.deadLetters()).singleElement().extracting(DeadLetter.New::reason)
                .isEqualTo("notification 11: text is empty and there is no media");
    }

    @Test
    void handlesAreUserAtDomainEverywhere() {
        assertThat(mapper.handle("alice")).isEqualTo("alice@social.example");
        assertThat(mapper.handle("@alice@Remote.EXAMPLE")).isEqualTo("alice@remote.example");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithWhereItBreaksAndNotWhatItSays() {
        assertThatThrownBy(() -> mapper.map("[{\"id\": \"1\", \"secret words\" "))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessageStartingWith("payload is not valid JSON (line 1, column")
                .hasMessageNotContaining("secret words");
        assertThatThrownBy(() -> mapper.map("\"just a string\""))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessage("payload is a JSON STRING, not a Mastodon notification nor an array of them");
        assertThatThrownBy(() -> mapper.map(" ")).hasMessage("payload is empty");
    }

    @Test
    void kindFollowsVisibilityThenInReplyTo() {
        assertThat(List.of(MastodonMapper.kind("direct", "1"), MastodonMapper.kind("private", "1"),
                MastodonMapper.kind("public", null))).containsExactly(InteractionKind.DIRECT_MESSAGE, InteractionKind.REPLY,
                InteractionKind.MENTION);
    }
}
