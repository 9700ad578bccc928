package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.SocialIdentity;
import org.parley.channel.testkit.ChannelContract;

class UpdateMapperTest {

    private static final Instant DATE = Instant.parse("2026-11-22T09:15:00Z");

    private final UpdateMapper mapper = new UpdateMapper("acme", new BotIdentity(BotApiServer.BOT_ID, BotApiServer.BOT_USERNAME),
            "direct:parley-telegram-acme", new InteractionValidator());
    private long updateId = 500;

    private ArrayNode page(JsonNode... messages) {
        ArrayNode updates = BotApiServer.JSON.createArrayNode();
        for (JsonNode message : messages) {
            updates.addObject().put("update_id", updateId++).set("message", message);
        }
        return updates;
    }

    private UpdateMapper.Mapped map(JsonNode... messages) {
        return mapper.map(page(messages), null);
    }

    private Interaction one(Messages message) {
        UpdateMapper.Mapped mapped = map(message.node());
        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions()).hasSize(1);
        return mapped.interactions().get(0);
    }

    @Test
    void aPrivateMessageIsADirectMessageWithEverythingTelegramTellsAboutIt() {
        Interaction dm = one(Messages.inPrivate(Messages.anna(), 42, DATE).text("Hallo, waar blijft mijn bestelling?"));

        assertThat(dm.channel()).isEqualTo("telegram");
        assertThat(dm.externalId()).isEqualTo(Messages.ANNA_ID + ":42");
        assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(dm.account()).isEqualTo("acme");
        assertThat(dm.author()).isEqualTo(new SocialIdentity("telegram", Long.toString(Messages.ANNA_ID), "Anna de Vries",
                "https://t.me/annadv", null, null));
        assertThat(dm.text()).isEqualTo("Hallo, waar blijft mijn bestelling?");
        assertThat(dm.occurredAt()).isEqualTo(DATE);
        assertThat(dm.language()).isEqualTo("nl");
        assertThat(dm.url()).isNull();
        assertThat(dm.inReplyTo()).isNull();
        assertThat(dm.threadId()).isEqualTo(dm.externalId());
        assertThat(dm.raw()).contains("\"update_id\":500").contains("\"message_id\":42");
    }

    @Test
    void inAGroupOnlyMentionsOfTheBotAndRepliesToItAreInteractions() {
        ObjectNode chatter = Messages.inSupergroup(Messages.bob(), 10, DATE).text("lunch anyone?").node();
        ObjectNode botMessage = Messages.fromBot(chatter.get("chat"), 11, DATE, "We are open until 18:00");
        UpdateMapper.Mapped mapped = map(
                chatter,
                Messages.inSupergroup(Messages.bob(), 12, DATE).text("hey @ACME_support_bot, where is my parcel?")
                        .mention("@ACME_support_bot").node(),
                Messages.inSupergroup(Messages.anna(), 13, DATE).text("thank you!").replyTo(botMessage).node(),
                Messages.inSupergroup(Messages.anna(), 14, DATE).text("yes, me").replyTo(chatter).node(),
                Messages.inSupergroup(Messages.bob(), 15, DATE).text("ask @acme_support_bot_fan").mention("@acme_support_bot_fan").node(),
                Messages.inGroup(Messages.bob(), 16, DATE).text("/help@acme_support_bot").entity("bot_command", 0, 22).node(),
                Messages.inGroup(Messages.bob(), 17, DATE).text("/help").entity("bot_command", 0, 5).node());

        assertThat(mapped.interactions()).extracting(Interaction::externalId, Interaction::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Messages.SUPPORT_GROUP + ":12", InteractionKind.MENTION),
                org.assertj.core.groups.Tuple.tuple(Messages.SUPPORT_GROUP + ":13", InteractionKind.REPLY),
                org.assertj.core.groups.Tuple.tuple(Messages.BASIC_GROUP + ":16", InteractionKind.MENTION));
        assertThat(mapped.skipped()).isEqualTo(4);
        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.lastUpdateId()).isEqualTo(506);
    }

    @Test
    void aMentionInACaptionOrAsATextMentionCountsAndOffsetsAreUtf16() {
        Interaction caption = one(Messages.inSupergroup(Messages.bob(), 20, DATE).caption("😀 look @acme_support_bot")
                .mention("@acme_support_bot").with("photo", BotApiServer.JSON.createArrayNode()));
        assertThat(caption.kind()).isEqualTo(InteractionKind.MENTION);
        assertThat(caption.text()).isEqualTo("😀 look @acme_support_bot");

        ObjectNode textMention = Messages.inGroup(Messages.bob(), 21, DATE).text("Support, help!").node();
        textMention.withArray("entities").addObject().put("type", "text_mention").put("offset", 0).put("length", 7)
                .set("user", BotApiServer.botUser());
        assertThat(one(Messages.inGroup(Messages.bob(), 21, DATE).text("Support, help!")
                .with("entities", textMention.get("entities"))).kind()).isEqualTo(InteractionKind.MENTION);
    }

    @Test
    void aReplyPointsAtItsParentAndAThreadAtItsRootWhereTelegramNamesIt() {
        ObjectNode parent = Messages.inSupergroup(Messages.anna(), 30, DATE).text("first").node();
        Interaction inThread = one(Messages.inSupergroup(Messages.bob(), 33, DATE).text("@acme_support_bot same here")
                .mention("@acme_support_bot").replyTo(parent).with("message_thread_id", 29));
        assertThat(inThread.inReplyTo()).isEqualTo(Messages.SUPPORT_GROUP + ":30");
        assertThat(inThread.threadId()).isEqualTo(Messages.SUPPORT_GROUP + ":29");

        Interaction privateReply = one(Messages.inPrivate(Messages.anna(), 34, DATE).text("thanks")
                .replyTo(Messages.fromBot(parent.get("chat"), 32, DATE, "answer")));
        assertThat(privateReply.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(privateReply.threadId()).isEqualTo(privateReply.inReplyTo()).isEqualTo(Messages.ANNA_ID + ":32");
    }

    @Test
    void theTopicCreationAForumMessageAnswersIsNoReply() {
        ObjectNode topic = Messages.inSupergroup(Messages.anna(), 40, DATE).node();
        topic.putObject("forum_topic_created").put("name", "Returns");
        Interaction message = one(Messages.inSupergroup(Messages.anna(), 41, DATE).text("@acme_support_bot how do I return this?")
                .mention("@acme_support_bot").replyTo(topic).with("message_thread_id", 40));

        assertThat(message.inReplyTo()).isNull();
        assertThat(message.threadId()).isEqualTo(Messages.SUPPORT_GROUP + ":40");
    }

    @Test
    void linksExistForPublicAndPrivateSupergroupsOnly() {
        assertThat(one(Messages.inSupergroup(Messages.bob(), 50, DATE).text("@acme_support_bot").mention("@acme_support_bot")).url())
                .isEqualTo("https://t.me/acme_community/50");
        ObjectNode privateSupergroup = Messages.inSupergroup(Messages.bob(), 51, DATE).text("@acme_support_bot")
                .mention("@acme_support_bot").node();
        ((ObjectNode) privateSupergroup.get("chat")).remove("username");
        assertThat(map(privateSupergroup).interactions().get(0).url()).isEqualTo("https://t.me/c/1987654321/51");
        assertThat(one(Messages.inGroup(Messages.bob(), 52, DATE).text("@acme_support_bot").mention("@acme_support_bot")).url())
                .isNull();
    }

    @Test
    void aSharedContactGivesThePhoneOnlyWhenItIsThePersonsOwn() {
        ObjectNode own = BotApiServer.JSON.createObjectNode().put("phone_number", "31612345678").put("first_name", "Anna")
                .put("user_id", Messages.ANNA_ID);
        Interaction shared = one(Messages.inPrivate(Messages.anna(), 60, DATE).with("contact", own));
        assertThat(shared.author().phone()).isEqualTo("+31612345678");
        assertThat(shared.text()).isEqualTo("[shared their phone number]");

        ObjectNode other = BotApiServer.JSON.createObjectNode().put("phone_number", "+4915112345678")
                .put("first_name", "Jonas").put("last_name", "Weber").put("user_id", 777);
        Interaction forwarded = one(Messages.inPrivate(Messages.anna(), 61, DATE).with("contact", other));
        assertThat(forwarded.author().phone()).isNull();
        assertThat(forwarded.text()).isEqualTo("[shared a contact: Jonas Weber]");
    }

    @Test
    void messagesWithoutWordsAreDescribed() {
        ObjectNode voice = BotApiServer.JSON.createObjectNode().put("duration", 75).put("file_id", "AwACAgQ");
        assertThat(one(Messages.inPrivate(Messages.anna(), 70, DATE).with("voice", voice)).text()).isEqualTo("[voice message, 1:15]");
        ObjectNode location = BotApiServer.JSON.createObjectNode().put("latitude", 52.370216).put("longitude", 4.895168);
        assertThat(one(Messages.inPrivate(Messages.anna(), 71, DATE).with("location", location)).text())
                .isEqualTo("[location 52.37022, 4.89517]");
        ObjectNode document = BotApiServer.JSON.createObjectNode().put("file_name", "invoice-2211.pdf");
        assertThat(one(Messages.inPrivate(Messages.anna(), 72, DATE).with("document", document)).text())
                .isEqualTo("[file: invoice-2211.pdf]");
        assertThat(one(Messages.inPrivate(Messages.anna(), 73, DATE).with("photo", BotApiServer.JSON.createArrayNode())).text())
                .isEqualTo("[photo]");
    }

    @Test
    void aMessageOnBehalfOfAChatIsAuthoredByThatChat() {
        ObjectNode channel = BotApiServer.JSON.createObjectNode().put("id", -1001122334455L).put("title", "Acme fans")
                .put("username", "acmefans").put("type", "channel");
        Interaction message = one(Messages.inSupergroup(Messages.user(1087968824L, "Group", null, "GroupAnonymousBot", null), 80, DATE)
                .text("@acme_support_bot hello").mention("@acme_support_bot").with("sender_chat", channel));

        assertThat(message.author().handle()).isEqualTo("-1001122334455");
        assertThat(message.author().displayName()).isEqualTo("Acme fans");
        assertThat(message.author().profileUrl()).isEqualTo("https://t.me/acmefans");
    }

    @Test
    void hostileTextIsKeptAsTheInertTextItIs() {
        assertThat(one(Messages.inPrivate(Messages.anna(), 90, DATE).text(ChannelContract.HOSTILE)).text())
                .isEqualTo(ChannelContract.HOSTILE);
    }

    @Test
    void anEditedMessageHasTheKeyOfTheOriginal() {
        ArrayNode updates = BotApiServer.JSON.createArrayNode();
        updates.addObject().put("update_id", 900).set("edited_message",
                Messages.inPrivate(Messages.anna(), 91, DATE).text("fixed typo").with("edit_date", DATE.getEpochSecond() + 60).node());

        Interaction edited = mapper.map(updates, null).interactions().get(0);

        assertThat(edited.externalId()).isEqualTo(Messages.ANNA_ID + ":91");
        assertThat(edited.occurredAt()).isEqualTo(DATE);
    }

    @Test
    void anUnmappableUpdateIsADeadLetterAndOtherUpdateTypesAreSkipped() {
        ArrayNode updates = page(Messages.inPrivate(Messages.anna(), 100, DATE).node(), // no content at all
                Messages.inPrivate(Messages.anna(), 101, DATE).text("fine").node());
        updates.addObject().put("update_id", 777).putObject("callback_query").put("id", "x");
        ObjectNode noSender = Messages.inPrivate(Messages.anna(), 102, DATE).text("who am I").node();
        noSender.remove("from");
        updates.addObject().put("update_id", 778).set("message", noSender);

        UpdateMapper.Mapped mapped = mapper.map(updates, null);

        assertThat(mapped.interactions()).extracting(Interaction::externalId).containsExactly(Messages.ANNA_ID + ":101");
        assertThat(mapped.skipped()).isEqualTo(1);
        assertThat(mapped.lastUpdateId()).isEqualTo(778);
        assertThat(mapped.deadLetters()).hasSize(2);
        assertThat(mapped.deadLetters().get(0).reason())
                .startsWith("update 500: message " + Messages.ANNA_ID + ":100 has no text, caption or content Parley can describe");
        assertThat(mapped.deadLetters().get(0).payload()).contains("\"update_id\":500").contains("\"message_id\":100");
        assertThat(mapped.deadLetters().get(0).replayUri()).isEqualTo("direct:parley-telegram-acme");
        assertThat(mapped.deadLetters().get(1).reason()).isEqualTo("update 778: message " + Messages.ANNA_ID
                + ":102 has no sender (from or sender_chat)");
    }

    @Test
    void messagesOlderThanTheImportLimitAreCountedNotMapped() {
        UpdateMapper.Mapped mapped = mapper.map(page(
                Messages.inPrivate(Messages.anna(), 110, DATE.minusSeconds(7200)).text("old").node(),
                Messages.inPrivate(Messages.anna(), 111, DATE).text("new").node()), DATE.minusSeconds(3600));

        assertThat(mapped.interactions()).extracting(Interaction::text).containsExactly("new");
        assertThat(mapped.tooOld()).isEqualTo(1);
        assertThat(mapped.lastUpdateId()).isEqualTo(501);
    }

    @Test
    void aWholeGetUpdatesAnswerIsMappedOrRefused() {
        ObjectNode body = BotApiServer.JSON.createObjectNode().put("ok", true);
        body.set("result", page(Messages.inPrivate(Messages.anna(), 120, DATE).text("hi").node()));

        assertThat(mapper.mapResponse(body.toString()).interactions()).hasSize(1);
        assertThatThrownBy(() -> mapper.mapResponse("{\"ok\":false,\"error_code\":401}"))
                .isInstanceOf(InvalidInteractionException.class).hasMessageContaining("no result array");
        assertThatThrownBy(() -> mapper.mapResponse("{\"ok\":tru"))
                .isInstanceOf(InvalidInteractionException.class).hasMessageContaining("not JSON");
    }

    @Test
    void externalIdsParseBack() {
        assertThat(MessageRef.parse("-1001987654321:7")).isEqualTo(new MessageRef(-1001987654321L, 7));
        assertThatThrownBy(() -> MessageRef.parse("feeds-entry-7")).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(new MessageRef(5, 6).externalId())).containsExactly("5:6");
    }
}
