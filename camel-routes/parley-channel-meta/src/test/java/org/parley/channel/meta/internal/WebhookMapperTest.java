package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.SocialIdentity;
import org.parley.channel.testkit.ChannelContract;
import org.parley.ingress.Delivery;

/** Realistic webhook bodies of each source, mapped item by item. */
class WebhookMapperTest {

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");
    private static final String REPLAY = "direct:parley-meta-brand-replay";

    private GraphServer graph;
    private WebhookMapper mapper;

    @BeforeEach
    void start() throws Exception {
        graph = GraphServer.start();
        mapper = mapper(TestSettings.settings(graph.url()));
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private static WebhookMapper mapper(MetaSettings settings) {
        return new WebhookMapper(settings.account(), settings.assets(), settings.graphBase(), REPLAY,
                new InteractionValidator(Clock.fixed(NOW, ZoneOffset.UTC)), new GraphApi(settings));
    }

    private static Interaction byId(WebhookMapper.Mapped mapped, String externalId) {
        return mapped.interactions().stream().filter(i -> i.externalId().equals(externalId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + externalId + " in " + mapped.interactions()));
    }

    private static JsonNode json(String raw) throws Exception {
        return Json.MAPPER.readTree(raw);
    }

    @Test
    void facebookFeedCommentsAndRepliesAreCommentsOnTheirPost() throws Exception {
        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("facebook-feed.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions()).extracting(Interaction::externalId)
                .containsExactly("fb:555000000000001_900000000000001", "fb:555000000000001_900000000000002");
        // The edit, the Page's own reply and the reaction are not interactions.
        assertThat(mapped.skipped()).isEqualTo(3);

        Interaction top = byId(mapped, "fb:555000000000001_900000000000001");
        assertThat(top.channel()).isEqualTo("meta");
        assertThat(top.kind()).isEqualTo(InteractionKind.COMMENT);
        assertThat(top.account()).isEqualTo("brand");
        assertThat(top.author()).isEqualTo(new SocialIdentity("meta", "fb:7000000000000001", "Jane Doe", null, null, null));
        assertThat(top.text()).isEqualTo("My order 48213 has not arrived yet. Can you check?");
        assertThat(top.occurredAt()).isEqualTo(Instant.ofEpochSecond(1750000000));
        assertThat(top.threadId()).isEqualTo("fb:104000000000001_555000000000001");
        assertThat(top.inReplyTo()).as("a top-level comment answers the Page's post, which is not stored").isNull();
        assertThat(top.url()).isEqualTo("https://www.facebook.com/acme/posts/pfbid02abc");

        Interaction reply = byId(mapped, "fb:555000000000001_900000000000002");
        assertThat(reply.inReplyTo()).isEqualTo("fb:555000000000001_900000000000001");
        assertThat(reply.threadId()).isEqualTo(top.threadId());
        assertThat(reply.text()).isEqualTo("Same here, <script>alert('x')</script> still waiting");

        JsonNode raw = json(reply.raw());
        assertThat(raw.path("object").asText()).isEqualTo("page");
        assertThat(raw.path("entry")).hasSize(1);
        assertThat(raw.path("entry").path(0).path("id").asText()).isEqualTo(TestSettings.PAGE_ID);
        assertThat(raw.path("entry").path(0).path("changes")).hasSize(1);
        assertThat(raw.path("entry").path(0).path("changes").path(0).path("value").path("comment_id").asText())
                .isEqualTo("555000000000001_900000000000002");
    }

    @Test
    void messengerMessagesAreDirectMessagesWithTheirAttachmentsAndEchoesAreLeftOut() {
        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("messenger.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions()).extracting(Interaction::externalId)
                .containsExactly("fb:m_AbCdEf0123456789-1", "fb:m_AbCdEf0123456789-2");
        assertThat(mapped.skipped()).as("echo, read, postback").isEqualTo(3);

        Interaction text = mapped.interactions().get(0);
        assertThat(text.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(text.author().handle()).isEqualTo("fb:2400000000000001");
        assertThat(text.text()).isEqualTo("Hello, is the blue one in stock in size M?");
        assertThat(text.occurredAt()).isEqualTo(Instant.ofEpochMilli(1750000199000L));
        assertThat(text.threadId()).isEqualTo("fb:dm:2400000000000001");

        Interaction photo = mapped.interactions().get(1);
        assertThat(photo.text()).isNull();
        assertThat(photo.media()).containsExactly("https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?stp=dst-jpg");
        assertThat(photo.inReplyTo()).isEqualTo("fb:m_AbCdEf0123456789-1");
        assertThat(photo.threadId()).isEqualTo(text.threadId());
    }

    @Test
    void instagramCommentsCarryTheCommenterAndTheAccountsOwnAreLeftOut() {
        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("instagram-comments.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions()).extracting(Interaction::externalId)
                .containsExactly("ig:17860000000000001", "ig:17860000000000002");
        assertThat(mapped.skipped()).as("the account's own comment and story insights").isEqualTo(2);

        Interaction comment = mapped.interactions().get(0);
        assertThat(comment.kind()).isEqualTo(InteractionKind.COMMENT);
        assertThat(comment.author()).isEqualTo(new SocialIdentity("meta", "ig:1780000000000001", "jane.doe",
                "https://www.instagram.com/jane.doe", null, null));
        assertThat(comment.text()).isEqualTo("Love it! Where can I buy this? 😍");
        assertThat(comment.threadId()).isEqualTo("ig:17900000000000001");
        assertThat(comment.occurredAt()).as("the entry's time, in seconds").isEqualTo(Instant.ofEpochSecond(1750000300));
        assertThat(mapped.interactions().get(1).inReplyTo()).isEqualTo("ig:17860000000000001");
    }

    @Test
    void instagramMentionsAreReadFromTheGraphApi() {
        graph.mentionedComment("17870000000000001", "{\"id\":\"17870000000000001\",\"text\":\"@acme is this vegan?\","
                + "\"timestamp\":\"2025-06-15T15:13:00+0000\",\"like_count\":4,\"username\":\"foodie.vienna\","
                + "\"media\":{\"id\":\"17910000000000001\",\"permalink\":\"https://www.instagram.com/p/DAbC123/\"}}");
        graph.mentionedMedia("17910000000000002", "{\"id\":\"17910000000000002\",\"caption\":\"New shoes from acme\","
                + "\"media_type\":\"IMAGE\",\"media_url\":\"https://scontent.cdninstagram.com/v/shoes.jpg\","
                + "\"permalink\":\"https://www.instagram.com/p/DXyZ987/\",\"timestamp\":\"2025-06-15T15:12:00+0000\","
                + "\"username\":\"runner_42\",\"like_count\":12,\"comments_count\":3}");

        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("instagram-mentions.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        Interaction inComment = byId(mapped, "ig:17870000000000001");
        assertThat(inComment.kind()).isEqualTo(InteractionKind.MENTION);
        assertThat(inComment.text()).isEqualTo("@acme is this vegan?");
        assertThat(inComment.author().handle()).isEqualTo("ig:@foodie.vienna");
        assertThat(inComment.author().profileUrl()).isEqualTo("https://www.instagram.com/foodie.vienna");
        assertThat(inComment.url()).isEqualTo("https://www.instagram.com/p/DAbC123/");
        assertThat(inComment.threadId()).isEqualTo("ig:17910000000000001");
        assertThat(inComment.occurredAt()).isEqualTo(Instant.parse("2025-06-15T15:13:00Z"));
        assertThat(inComment.metrics().likes()).isEqualTo(4);

        Interaction inCaption = byId(mapped, "ig:17910000000000002");
        assertThat(inCaption.text()).isEqualTo("New shoes from acme");
        assertThat(inCaption.media()).containsExactly("https://scontent.cdninstagram.com/v/shoes.jpg");
        assertThat(inCaption.threadId()).isEqualTo("ig:17910000000000002");

        GraphServer.Request read = graph.requests().get(0);
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.path()).isEqualTo("/v21.0/" + TestSettings.IG_ACCOUNT_ID);
        assertThat(read.query().get("fields")).startsWith("mentioned_comment.comment_id(17870000000000001){");
        assertThat(read.header("Authorization")).isEqualTo("Bearer " + TestSettings.ACCESS_TOKEN);
        assertThat(read.query()).doesNotContainKey("access_token");
    }

    @Test
    void aMentionMetaCannotShowIsADeadLetterOfItsOwnThatCanBeReplayed() throws Exception {
        graph.mentionedMedia("17910000000000002", "{\"id\":\"17910000000000002\",\"caption\":\"acme!\","
                + "\"timestamp\":\"2025-06-15T15:12:00+0000\",\"username\":\"runner_42\"}");

        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("instagram-mentions.json"));

        assertThat(mapped.interactions()).extracting(Interaction::externalId).containsExactly("ig:17910000000000002");
        assertThat(mapped.deadLetters()).hasSize(1);
        DeadLetter.New dead = mapped.deadLetters().get(0);
        assertThat(dead.reason()).contains("comment 17870000000000001", "could not be read from the Graph API",
                "does not exist", "replay");
        assertThat(dead.replayUri()).isEqualTo(REPLAY);
        assertThat(json(dead.payload()).path("entry").path(0).path("changes")).hasSize(1);

        graph.mentionedComment("17870000000000001", "{\"id\":\"17870000000000001\",\"text\":\"@acme hi\","
                + "\"timestamp\":\"2025-06-15T15:13:00+0000\",\"username\":\"foodie.vienna\"}");
        WebhookMapper.Mapped replayed = mapper.map(dead.payload());
        assertThat(replayed.deadLetters()).isEmpty();
        assertThat(replayed.interactions()).extracting(Interaction::externalId).containsExactly("ig:17870000000000001");
    }

    @Test
    void whileTheGraphApiIsDownOrThrottlingAMentionDeliveryIsLeftToBeMappedAgain() {
        graph.failNext(500, "{\"error\":{\"message\":\"Service temporarily unavailable\",\"type\":\"OAuthException\","
                + "\"is_transient\":true,\"code\":2}}", Map.of());

        assertThatThrownBy(() -> mapper.map(TestSettings.payload("instagram-mentions.json")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapped again later");

        graph.failNext(400, GraphServer.error(4, 0, "OAuthException", "(#4) Application request limit reached"), Map.of());
        assertThatThrownBy(() -> mapper.map(TestSettings.payload("instagram-mentions.json")))
                .isInstanceOf(RetryLater.class);
    }

    @Test
    void instagramDirectMessagesAreDirectMessagesAndDeletedOrEchoedOnesAreLeftOut() {
        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("instagram-messaging.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.skipped()).isEqualTo(2);
        assertThat(mapped.interactions()).singleElement().satisfies(dm -> {
            assertThat(dm.externalId()).isEqualTo("ig:aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw");
            assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
            assertThat(dm.author().handle()).as("the IGSID, as in the person's comments").isEqualTo("ig:1780000000000001");
            assertThat(dm.threadId()).isEqualTo("ig:dm:1780000000000001");
            assertThat(dm.text()).isEqualTo("Hi! Do you ship to Austria?");
        });
    }

    @Test
    void whatsappMessagesCarryTheSendersPhoneSoTheCrmLinksByPhone() throws Exception {
        WebhookMapper.Mapped mapped = mapper.map(TestSettings.payload("whatsapp.json"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.skipped()).as("the reaction and the read status").isEqualTo(2);
        assertThat(mapped.interactions()).hasSize(3);

        Interaction text = byId(mapped, "wa:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        assertThat(text.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(text.author()).isEqualTo(new SocialIdentity("meta", "wa:16505551234", "Sheena Nelson",
                "https://wa.me/16505551234", null, "+16505551234"));
        assertThat(text.text()).isEqualTo("Does it come in another colour?");
        assertThat(text.occurredAt()).isEqualTo(Instant.ofEpochSecond(1750000600));
        assertThat(text.threadId()).isEqualTo("wa:dm:16505551234");

        Interaction image = byId(mapped, "wa:wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFDNBMjM0NTY3ODkwQUJDREVGMDEA");
        assertThat(image.author().phone()).isEqualTo("+4915112345678");
        assertThat(image.author().displayName()).isEqualTo("Kai Tanaka");
        assertThat(image.text()).isEqualTo("This arrived broken");
        assertThat(image.media()).containsExactly(graph.url() + "/v21.0/1003383421387256");
        assertThat(image.inReplyTo()).isEqualTo("wa:wamid.HBgLMTU1NTA3ODM4ODEVAgARGBI0QTE1RjQ4Q0QyMkE2QUJCRjYA");
        JsonNode raw = json(image.raw());
        JsonNode value = raw.path("entry").path(0).path("changes").path(0).path("value");
        assertThat(value.path("contacts")).as("only the sender's contact is kept with the message").hasSize(1);
        assertThat(value.path("contacts").path(0).path("wa_id").asText()).isEqualTo("4915112345678");
        assertThat(value.path("metadata").path("phone_number_id").asText()).isEqualTo(TestSettings.WA_PHONE_NUMBER_ID);
        assertThat(value.path("messages")).hasSize(1);

        Interaction location = byId(mapped, "wa:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgC=");
        assertThat(location.text()).isEqualTo("Location: Shop Vienna, Graben 1 (48.2082, 16.3738)");
    }

    @Test
    void anEventForAnAssetTheAccountDoesNotReadIsADeadLetterNamingTheKey() {
        MetaSettings onlyWhatsapp = TestSettings.settings(graph.url(), Map.of("pageId", "", "instagramAccountId", ""));
        WebhookMapper.Mapped mapped = mapper(onlyWhatsapp).map(TestSettings.payload("messenger.json"));
        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).hasSize(5);
        assertThat(mapped.deadLetters().get(0).reason()).contains("Messenger event for Facebook Page 104000000000001",
                "account 'brand' does not read", "pageId is not set");

        MetaSettings otherPhone = TestSettings.settings(graph.url(), Map.of("whatsappPhoneNumberId", "999"));
        WebhookMapper.Mapped wa = mapper(otherPhone).map(TestSettings.payload("whatsapp.json"));
        assertThat(wa.interactions()).isEmpty();
        assertThat(wa.deadLetters()).hasSize(4);
        assertThat(wa.deadLetters().get(0).reason()).contains("WhatsApp phone number 106540352242922",
                "its whatsappPhoneNumberId is 999");
        assertThat(wa.deadLetters()).allSatisfy(d -> {
            assertThat(d.channel()).isEqualTo("meta");
            assertThat(d.account()).isEqualTo("brand");
            assertThat(d.replayUri()).isEqualTo(REPLAY);
        });
    }

    @Test
    void hostileContentStaysInertTextAndTheRawPayloadIsKept() {
        String hostile = ChannelContract.HOSTILE + "\u0000end";
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + TestSettings.PAGE_ID + "\",\"time\":1750000000000,"
                + "\"messaging\":[{\"sender\":{\"id\":\"2400000000000009\"},\"recipient\":{\"id\":\"" + TestSettings.PAGE_ID
                + "\"},\"timestamp\":1750000000000,\"message\":{\"mid\":\"m_x\",\"text\":" + quote(hostile) + "}}]}]}";

        Interaction dm = mapper.map(body).interactions().get(0);

        assertThat(dm.text()).isEqualTo(ChannelContract.HOSTILE + "end");
        assertThat(dm.raw()).contains("<script>alert('x')</script>");
    }

    @Test
    void aMalformedItemIsADeadLetterAndItsNeighboursAreMapped() {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + TestSettings.PAGE_ID + "\",\"time\":1750000000,"
                + "\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"comment_id\":\"1_2\","
                + "\"post_id\":\"" + TestSettings.PAGE_ID + "_1\",\"message\":\"who am I?\",\"created_time\":1750000000}},"
                + "{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"comment_id\":\"1_3\","
                + "\"from\":{\"id\":\"7\",\"name\":\"A\"},\"post_id\":\"" + TestSettings.PAGE_ID + "_1\",\"message\":\"hi\","
                + "\"created_time\":1750000001}},"
                + "{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"comment_id\":\"1_4\","
                + "\"from\":{\"id\":\"8\"},\"post_id\":\"" + TestSettings.PAGE_ID + "_1\",\"message\":\"\","
                + "\"created_time\":1750000002}}]}]}";

        WebhookMapper.Mapped mapped = mapper.map(body);

        assertThat(mapped.interactions()).extracting(Interaction::externalId).containsExactly("fb:1_3");
        assertThat(mapped.deadLetters()).extracting(DeadLetter.New::reason).satisfiesExactly(
                r -> assertThat(r).contains("Facebook feed change", "who wrote comment 1_2", "pages_read_user_content"),
                r -> assertThat(r).contains("fb:1_4", "text is empty and there is no media"));
        assertThat(mapper.map(mapped.deadLetters().get(0).payload()).deadLetters()).hasSize(1);
    }

    @Test
    void whatIsNotAMetaWebhookIsRefusedWholeWithAReason() {
        assertThatThrownBy(() -> mapper.map("{\"object\":\"page\",\"entry\":[{\"id\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON (line 1");
        assertThatThrownBy(() -> mapper.map("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> mapper.map("{\"object\":\"user\",\"entry\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object 'user' is not one Parley reads");
        assertThatThrownBy(() -> mapper.map("{\"entry\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no object field");
        assertThatThrownBy(() -> mapper.map("{\"object\":\"page\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no entry array");
        assertThatThrownBy(() -> mapper.map("{\"object\":\"page\",\"object\":\"instagram\",\"entry\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate field");
        assertThatThrownBy(() -> mapper.map(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void hostileShapesAreRefusedBeforeTheyCostMuch() {
        String deep = "{\"object\":\"page\",\"entry\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> mapper.map(deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON limits");

        byte[] huge = new byte[WebhookMapper.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> mapper.map(huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the limit of");
    }

    @Test
    void theEndpointMapsAStoredDeliveryIntoOneBatchOfTheAccountWithoutCursor() {
        MetaWebhook webhook = new MetaWebhook(TestSettings.settings(graph.url()), mapper);
        byte[] body = TestSettings.payload("whatsapp.json").getBytes(StandardCharsets.UTF_8);

        IngestBatch batch = webhook.map(new Delivery(1, "meta", "brand", MetaWebhook.sha256(body), Map.of(), body, NOW));

        assertThat(batch.channel()).isEqualTo("meta");
        assertThat(batch.account()).isEqualTo("brand");
        assertThat(batch.cursor()).isNull();
        assertThat(batch.interactions()).hasSize(3);
        assertThat(webhook.channel()).isEqualTo("meta");
        assertThat(webhook.account()).isEqualTo("brand");
    }

    @Test
    void unsupportedWhatsappMessagesAreDeadLettersWithWhatsappsReason() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\""
                + TestSettings.WA_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"16505550000\"}],"
                + "\"messages\":[{\"from\":\"16505550000\",\"id\":\"wamid.X\",\"timestamp\":\"1750000000\",\"type\":\"unsupported\","
                + "\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\",\"error_data\":{\"details\":\"Message type is not currently supported\"}}]}]}}]}]}";

        WebhookMapper.Mapped mapped = mapper.map(body);

        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).singleElement().satisfies(d -> assertThat(d.reason())
                .contains("WhatsApp could not pass message wamid.X", "Message type unknown"));
    }

    @Test
    void whatsappAnswersAndSharedContactsBecomeALineOfText() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\""
                + TestSettings.WA_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"16505550000\"}],"
                + "\"messages\":["
                + "{\"from\":\"16505550000\",\"id\":\"wamid.1\",\"timestamp\":\"1750000000\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"r1\",\"title\":\"Returns\",\"description\":\"Send it back\"}}},"
                + "{\"from\":\"16505550000\",\"id\":\"wamid.2\",\"timestamp\":\"1750000001\",\"type\":\"button\","
                + "\"button\":{\"payload\":\"TRACK\",\"text\":\"Track my order\"}},"
                + "{\"from\":\"16505550000\",\"id\":\"wamid.3\",\"timestamp\":\"1750000002\",\"type\":\"contacts\","
                + "\"contacts\":[{\"name\":{\"formatted_name\":\"Kai Tanaka\"},\"phones\":[{\"phone\":\"+49 151 1234\",\"type\":\"CELL\"}]}]},"
                + "{\"from\":\"16505550000\",\"id\":\"wamid.4\",\"timestamp\":\"1750000003\",\"type\":\"document\","
                + "\"document\":{\"filename\":\"invoice.pdf\",\"mime_type\":\"application/pdf\",\"id\":\"555\"}},"
                + "{\"from\":\"16505550000\",\"id\":\"wamid.5\",\"timestamp\":\"1750000004\",\"type\":\"hologram\"}"
                + "]}}]}]}";

        WebhookMapper.Mapped mapped = mapper.map(body);

        assertThat(mapped.interactions()).extracting(Interaction::text).containsExactly("Returns - Send it back",
                "Track my order", "Shared contact: Kai Tanaka +49 151 1234", "invoice.pdf");
        assertThat(mapped.interactions().get(3).media()).containsExactly(graph.url() + "/v21.0/555");
        assertThat(mapped.deadLetters()).singleElement().satisfies(d ->
                assertThat(d.reason()).contains("wamid.5", "type Parley does not read: 'hologram'"));
    }

    @Test
    void fieldsThatShouldBeListsButAreNotAreNotReadAsLists() {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + TestSettings.PAGE_ID + "\",\"time\":1750000000,"
                + "\"changes\":{\"x\":{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\","
                + "\"comment_id\":\"1_2\",\"from\":{\"id\":\"7\"},\"message\":\"hi\"}}},\"messaging\":\"none\"}]}";

        WebhookMapper.Mapped mapped = mapper.map(body);

        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).isEmpty();
    }

    @Test
    void textWithCharactersNoStoreCanHoldIsCleaned() {
        assertThat(Json.plain("a\u0000b\u0007c\td\ne")).isEqualTo("abc\td\ne");
        assertThat(Json.plain("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(Json.plain("ok 😍")).isSameAs(Json.plain("ok 😍")).isEqualTo("ok 😍");
        assertThat(Json.time(Json.MAPPER.createObjectNode().put("t", "2025-06-15T15:13:00+0000"), "t"))
                .isEqualTo(Instant.parse("2025-06-15T15:13:00Z"));
        assertThat(List.of(Json.http("javascript:alert(1)") == null, Json.http("https://x") != null)).containsOnly(true);
    }

    private static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
