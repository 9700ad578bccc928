package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Metrics;

class NotificationMapperTest {

    private static final String REPLAY = "direct:parley-bluesky-acme-replay";

    private final NotificationMapper mapper = new NotificationMapper("acme", REPLAY,
            Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));
    private final ObjectMapper json = new ObjectMapper();

    private static String page() throws IOException {
        try (InputStream in = NotificationMapperTest.class.getResourceAsStream("/bluesky/notifications-page.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void keepsMentionsRepliesAndQuotesOldestFirstAndPassesOverTheRest() throws IOException {
        NotificationMapper.Mapped mapped = mapper.mapPage(page());

        assertThat(mapped.interactions()).extracting(Interaction::externalId).containsExactly(
                "at://did:plc:alice5k/app.bsky.feed.post/3lbmention1",
                "at://did:plc:bob2x8/app.bsky.feed.post/3lbreply77k",
                "at://did:plc:carol3w9/app.bsky.feed.post/3lbquote44z",
                "at://did:plc:dave4k2m7xq3/app.bsky.feed.post/3lbfuture22a");
        assertThat(mapped.interactions()).extracting(Interaction::kind).containsExactly(
                InteractionKind.MENTION, InteractionKind.REPLY, InteractionKind.MENTION, InteractionKind.MENTION);
        assertThat(mapped.interactions()).allSatisfy(i -> {
            assertThat(i.channel()).isEqualTo("bluesky");
            assertThat(i.account()).isEqualTo("acme");
            assertThat(i.metrics()).isEqualTo(Metrics.NONE);
        });
    }

    @Test
    void aTopLevelMentionIsItsOwnThreadAndKeepsTheAuthorsDid() throws IOException {
        Interaction alice = mapper.mapPage(page()).interactions().get(0);

        assertThat(alice.author().channel()).isEqualTo("bluesky");
        assertThat(alice.author().handle()).isEqualTo("alice.bsky.social");
        assertThat(alice.author().displayName()).isEqualTo("Alice");
        assertThat(alice.author().profileUrl()).isEqualTo("https://bsky.app/profile/did:plc:alice5k");
        assertThat(alice.text()).isEqualTo("@bloemenhuis.bsky.social waar blijft mijn bestelling?");
        assertThat(alice.url()).isEqualTo("https://bsky.app/profile/alice.bsky.social/post/3lbmention1");
        assertThat(alice.occurredAt()).isEqualTo(Instant.parse("2026-11-22T09:41:07.512Z"));
        assertThat(alice.inReplyTo()).isNull();
        assertThat(alice.threadId()).isEqualTo(alice.externalId());
        assertThat(alice.language()).isEqualTo("nl");
        assertThat(alice.media()).isEmpty();
        assertThat(json.readTree(alice.raw()).path("cid").asText()).isEqualTo("bafyrealicemention1");
        assertThat(json.readTree(alice.raw()).path("author").path("did").asText()).isEqualTo("did:plc:alice5k");
    }

    @Test
    void aReplyDeepInAThreadKeepsItsParentAndRootAndItsImages() throws IOException {
        Interaction bob = mapper.mapPage(page()).interactions().get(1);

        assertThat(bob.inReplyTo()).isEqualTo("at://did:plc:bloemenhuis7q2xk4/app.bsky.feed.post/3kbrandreply");
        assertThat(bob.threadId()).isEqualTo("at://did:plc:alice5k/app.bsky.feed.post/3lbroot111");
        assertThat(bob.occurredAt()).isEqualTo(Instant.parse("2026-11-22T11:15:30.123456Z"));
        assertThat(bob.language()).isEqualTo("en-GB");
        assertThat(bob.media()).containsExactly("https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:bob2x8/"
                + "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy@jpeg");
    }

    @Test
    void aQuoteIsAMentionAndAnUnverifiedHandleFallsBackToTheDid() throws IOException {
        Interaction carol = mapper.mapPage(page()).interactions().get(2);

        assertThat(carol.author().handle()).isEqualTo("did:plc:carol3w9");
        assertThat(carol.url()).isEqualTo("https://bsky.app/profile/did:plc:carol3w9/post/3lbquote44z");
        assertThat(carol.author().displayName()).isEqualTo("Carol <b>B.</b>");
        assertThat(carol.text()).isEqualTo("Schöne Aktion 🌷 <script>alert(1)</script>");
        assertThat(carol.occurredAt()).isEqualTo(Instant.parse("2026-11-22T13:30:00Z"));
        assertThat(carol.language()).isEqualTo("de");
        assertThat(carol.media()).containsExactly("https://blog.example.de/tulpen");
    }

    @Test
    void aCreatedAtLaterThanBlueskyIndexedItIsAWrongClockAndIndexedAtCounts() throws IOException {
        Interaction dave = mapper.mapPage(page()).interactions().get(3);

        assertThat(dave.occurredAt()).isEqualTo(Instant.parse("2026-11-22T16:05:00Z"));
    }

    @Test
    void aNotificationThatCannotBeMappedIsADeadLetterWithItsReasonAndPayload() throws IOException {
        NotificationMapper.Mapped mapped = mapper.mapPage(page());

        assertThat(mapped.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.channel()).isEqualTo("bluesky");
            assertThat(d.account()).isEqualTo("acme");
            assertThat(d.reason()).isEqualTo("notification 'at://did:plc:nocid7/app.bsky.feed.post/3lbnocid22a' (reply): "
                    + "cid is missing: a reply to the post needs it");
            assertThat(json.readTree(d.payload()).path("record").path("text").asText()).isEqualTo("no cid here");
            assertThat(d.replayUri()).isEqualTo(REPLAY);
        });
    }

    @Test
    void namesEveryProblemOfABrokenNotification() {
        ObjectNode broken = json.createObjectNode();
        broken.put("uri", "https://bsky.app/profile/x/post/1");
        broken.put("reason", "mention");
        broken.putObject("author").put("handle", "someone.bsky.social");
        broken.put("indexedAt", "2026-11-22T10:00:00Z");

        NotificationMapper.Mapped mapped = mapper.map(List.of(Notification.of(broken)));

        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).singleElement().extracting(d -> d.reason()).isEqualTo(
                "notification 'https://bsky.app/profile/x/post/1' (mention): uri 'https://bsky.app/profile/x/post/1' is not "
                        + "the at:// uri of a post (at://<did>/app.bsky.feed.post/<rkey>); cid is missing: a reply to the "
                        + "post needs it; author.did is missing; record is missing: the notification carries no post");
    }

    @Test
    void aPostWithNeitherTextNorMediaIsRefusedButAnImageAloneIsEnough() {
        ObjectNode empty = post("at://did:plc:x1/app.bsky.feed.post/3k1", "");
        ObjectNode image = post("at://did:plc:x2/app.bsky.feed.post/3k2", "");
        ((ObjectNode) image.get("record")).putObject("embed").put("$type", "app.bsky.embed.images").putArray("images")
                .addObject().putObject("image").put("cid", "bafkreilegacyblob0001");

        NotificationMapper.Mapped mapped = mapper.map(List.of(Notification.of(empty), Notification.of(image)));

        assertThat(mapped.deadLetters()).singleElement().extracting(d -> d.reason()).asString()
                .endsWith("text is empty and there is no media");
        assertThat(mapped.interactions()).singleElement().satisfies(i -> assertThat(i.media())
                .containsExactly("https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:x2/bafkreilegacyblob0001@jpeg"));
    }

    @Test
    void textIsKeptAsWrittenExceptNul() {
        NotificationMapper.Mapped mapped = mapper.map(List.of(Notification.of(
                post("at://did:plc:x1/app.bsky.feed.post/3k1", "a\u0000b &amp; <i>c</i> \u202eevil"))));

        assertThat(mapped.interactions()).singleElement().extracting(Interaction::text).isEqualTo("ab &amp; <i>c</i> \u202eevil");
    }

    @Test
    void aBodyThatIsNotAListNotificationsAnswerIsRefusedAsAWhole() {
        assertThatThrownBy(() -> mapper.mapPage("{\"notifications\":[{\"uri\":"))
                .isInstanceOf(BlueskyException.class)
                .hasMessageContaining("malformed body (not JSON)");
        assertThatThrownBy(() -> mapper.mapPage("{\"feed\":[]}"))
                .isInstanceOf(BlueskyException.class)
                .hasMessage("app.bsky.notification.listNotifications answered with a malformed body: no 'notifications' array");
    }

    @Test
    void anElementThatIsNotAnObjectIsADeadLetterNotALoss() {
        List<Notification> list = new ArrayList<>();
        list.add(Notification.of(json.getNodeFactory().textNode("oops")));

        NotificationMapper.Mapped mapped = mapper.map(list);

        assertThat(mapped.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("notification 'unidentified:").endsWith(": the notification is not a JSON object");
            assertThat(d.payload()).isEqualTo("\"oops\"");
        });
    }

    private ObjectNode post(String uri, String text) {
        ObjectNode n = json.createObjectNode();
        n.put("uri", uri).put("cid", "bafyreicid").put("reason", "mention").put("indexedAt", "2026-11-22T10:00:00Z");
        n.putObject("author").put("did", uri.substring(5, uri.indexOf("/app."))).put("handle", "x.bsky.social");
        n.putObject("record").put("$type", "app.bsky.feed.post").put("text", text).put("createdAt", "2026-11-22T09:59:59Z");
        return n;
    }
}
