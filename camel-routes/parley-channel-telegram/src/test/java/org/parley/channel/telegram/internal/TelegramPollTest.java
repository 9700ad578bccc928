package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InvalidInteractionException;
import org.parley.channel.testkit.ParleyHarness;

/** The poll route against the Bot API test server: what is stored, where the cursor goes, how failures are met. */
class TelegramPollTest extends BotHarness {

    private final Instant now = Instant.now().minusSeconds(60);

    @Test
    void privateMessagesMentionsAndRepliesToTheBotAreStoredAndGroupChatterIsNot() throws Exception {
        start();
        ObjectNode chatter = Messages.inSupergroup(Messages.bob(), 504, now).text("anyone watching the match tonight?").node();
        server.enqueue(Messages.inPrivate(Messages.anna(), 11, now).text("Hallo, waar blijft mijn bestelling?").node());
        server.enqueue(Messages.inSupergroup(Messages.bob(), 501, now).text("@acme_support_bot is the shop open on Sunday?")
                .mention("@acme_support_bot").node());
        ObjectNode botAnswer = Messages.fromBot(chatter.get("chat"), 502, now, "Yes, from 10 to 16.");
        server.enqueue(Messages.inSupergroup(Messages.anna(), 503, now).text("Thanks, see you then").replyTo(botAnswer).node());
        server.enqueue(chatter);
        server.enqueue(Messages.inSupergroup(Messages.anna(), 505, now).text("me!").replyTo(chatter).node());
        long last = server.enqueue(Messages.inSupergroup(Messages.bob(), 506, now).text("ask @other_bot instead")
                .mention("@other_bot").node());

        awaitCursor(last);

        assertThat(stored()).hasSize(3);
        assertThat(stored().get(Messages.ANNA_ID + ":11").kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(stored().get(Messages.SUPPORT_GROUP + ":501").kind()).isEqualTo(InteractionKind.MENTION);
        Interaction reply = stored().get(Messages.SUPPORT_GROUP + ":503");
        assertThat(reply.kind()).isEqualTo(InteractionKind.REPLY);
        assertThat(reply.inReplyTo()).isEqualTo(Messages.SUPPORT_GROUP + ":502");
        assertThat(reply.url()).isEqualTo("https://t.me/acme_community/503");
        assertThat(parley.deadLetters("telegram")).isEmpty();
        // Every getUpdates asks for messages and their edits only.
        assertThat(server.calls("getUpdates")).allSatisfy(call ->
                assertThat(call.params().get("allowed_updates")).extracting(JsonNode::asText)
                        .containsExactly("message", "edited_message"));
        // The next poll confirms what was stored: Telegram drops it.
        await().atMost(ParleyHarness.PATIENCE).until(() -> server.pending() == 0);
    }

    @Test
    void theCursorIsTheLastUpdateIdPlusOneAndARestartResumesFromIt() throws Exception {
        start();
        server.enqueue(Messages.inPrivate(Messages.anna(), 20, now).text("one").node());
        server.enqueue(Messages.inPrivate(Messages.anna(), 21, now).text("two").node());
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 22, now).text("three").node());
        awaitCursor(last);

        parley.restart();
        int callsBefore = server.calls("getUpdates").size();
        long next = server.enqueue(Messages.inPrivate(Messages.anna(), 23, now).text("four").node());
        awaitCursor(next);

        List<BotApiServer.Call> afterRestart = server.calls("getUpdates").subList(callsBefore, server.calls("getUpdates").size());
        assertThat(afterRestart).isNotEmpty().allSatisfy(call ->
                assertThat(call.params().path("offset").asLong()).isGreaterThanOrEqualTo(last + 1));
        assertThat(stored()).hasSize(4);
        assertThat(parley.offeredTwice()).isEmpty();
    }

    @Test
    void aRateLimitWaitsTheRetryAfterTelegramGaveAndLosesNothing() throws Exception {
        start();
        await().atMost(ParleyHarness.PATIENCE).until(() -> state() != null && state().backfill() != null);
        server.rateLimitNext("getUpdates", 1, 2);
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 30, now).text("are you there?").node());

        awaitCursor(last);

        assertThat(server.rateLimitedAt).hasSize(1);
        Instant limitedAt = server.rateLimitedAt.get(0);
        Instant nextCall = server.calls("getUpdates").stream().map(BotApiServer.Call::at)
                .filter(at -> at.isAfter(limitedAt)).findFirst().orElseThrow();
        assertThat(Duration.between(limitedAt, nextCall)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(lastError()).contains("429").contains("waiting 2 s as asked");
        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":30");
        assertThat(parley.deadLetters("telegram")).isEmpty();
    }

    @Test
    void aMalformedAnswerFailsThePollAndLosesNothing() throws Exception {
        server.malformedNext(1);
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 40, now).text("hello?").node());
        start();

        awaitCursor(last);

        assertThat(lastError()).contains("getUpdates answered HTTP 200 with a body that is not a Bot API response");
        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":40");
    }

    @Test
    void aRevokedTokenIsReportedAsRefusedAndPollingResumesOnceItIsBack() throws Exception {
        server.revokeToken(true);
        start();

        await().atMost(ParleyHarness.PATIENCE).until(() -> lastError() != null);
        assertThat(lastError()).contains("Telegram refused the bot token (getUpdates: 401 Unauthorized)")
                .contains("check botToken in org.parley.channel.telegram-acme.cfg")
                .doesNotContain(BotApiServer.SECRET_PART);

        server.revokeToken(false);
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 50, now).text("back again").node());
        awaitCursor(last);
    }

    @Test
    void withoutAConfiguredUsernameTheBotAsksTelegramOnceWhoItIs() throws Exception {
        start("botUsername", null);
        server.enqueue(Messages.inGroup(Messages.bob(), 60, now).text("hey @Acme_Support_Bot, my invoice is wrong")
                .mention("@Acme_Support_Bot").node());
        long last = server.enqueue(Messages.inGroup(Messages.bob(), 61, now).text("hello all").node());

        awaitCursor(last);

        assertThat(stored()).containsOnlyKeys(Messages.BASIC_GROUP + ":60");
        assertThat(stored().get(Messages.BASIC_GROUP + ":60").kind()).isEqualTo(InteractionKind.MENTION);
        assertThat(server.calls("getMe")).hasSize(1);
    }

    @Test
    void aLongPollAnswersAsSoonAsAMessageArrives() throws Exception {
        start("pollTimeout", "20");
        await().atMost(ParleyHarness.PATIENCE).until(() -> server.calls("getUpdates").stream()
                .anyMatch(call -> call.params().path("timeout").asInt() == 20));

        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 70, now).text("quick question").node());

        await().atMost(Duration.ofSeconds(3)).until(() -> Long.toString(last + 1).equals(cursor()));
    }

    @Test
    void aLongPollInFlightIsGivenUpWhenTheRouteStopsAndLosesNothing() throws Exception {
        start("pollTimeout", "20");
        await().atMost(ParleyHarness.PATIENCE).until(() -> server.calls("getUpdates").stream()
                .anyMatch(call -> call.params().path("timeout").asInt() == 20));

        long started = System.nanoTime();
        parley.restart();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 80, now).text("still there?").node());
        awaitCursor(last);
        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":80");
    }

    @Test
    void anUpdateThatCannotBeMappedIsADeadLetterAndItsNeighboursAreStored() throws Exception {
        ObjectNode unknown = Messages.inPrivate(Messages.anna(), 90, now).node();
        unknown.putObject("giveaway").put("winner_count", 3);
        server.enqueue(unknown);
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 91, now).text("did you get my giveaway?").node());
        start();

        awaitCursor(last);

        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":91");
        DeadLetter deadLetter = parley.deadLetters("telegram").get(0);
        assertThat(deadLetter.reason()).contains("message " + Messages.ANNA_ID + ":90 has no text, caption or content")
                .contains("giveaway");
        assertThat(deadLetter.replayUri()).isEqualTo("direct:parley-telegram-acme");

        // Replayed as it is, it fails again, to the replayer; once fixed, it is stored and the cursor stays.
        assertThatThrownBy(() -> parley.camel().createProducerTemplate().sendBody(deadLetter.replayUri(), deadLetter.payload()))
                .isInstanceOf(CamelExecutionException.class).hasCauseInstanceOf(InvalidInteractionException.class);
        ObjectNode fixed = (ObjectNode) BotApiServer.JSON.readTree(deadLetter.payload());
        ((ObjectNode) fixed.get("message")).put("text", "[giveaway]");
        parley.camel().createProducerTemplate().sendBody(deadLetter.replayUri(), fixed.toString());

        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":90", Messages.ANNA_ID + ":91");
        assertThat(stored().get(Messages.ANNA_ID + ":90").text()).isEqualTo("[giveaway]");
        assertThat(cursor()).isEqualTo(Long.toString(last + 1));
    }

    @Test
    void anEditedMessageKeepsItsFirstVersion() throws Exception {
        start();
        server.enqueue(Messages.inPrivate(Messages.anna(), 95, now).text("my order 1234 is late").node());
        long last = server.enqueue("edited_message", Messages.inPrivate(Messages.anna(), 95, now)
                .text("my order 1243 is late").with("edit_date", now.getEpochSecond() + 30).node());

        awaitCursor(last);

        assertThat(stored()).hasSize(1);
        assertThat(stored().get(Messages.ANNA_ID + ":95").text()).isEqualTo("my order 1234 is late");
    }
}
