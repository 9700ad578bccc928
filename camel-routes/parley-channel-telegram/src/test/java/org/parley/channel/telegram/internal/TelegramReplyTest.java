package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.channel.testkit.ParleyHarness;

/** Replies from the CRM, posted with sendMessage through Parley's reply desk. */
class TelegramReplyTest extends BotHarness {

    private final Instant now = Instant.now().minusSeconds(60);

    private InteractionKey receive(Messages message) {
        long last = server.enqueue(message.node());
        awaitCursor(last);
        return new InteractionKey("telegram", message.node().path("chat").path("id").asLong() + ":"
                + message.node().path("message_id").asLong());
    }

    private Reply awaitOutcome(Reply requested) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).status() == Reply.Status.SENT
                || parley.reply(requested.id()).status() == Reply.Status.FAILED);
        return parley.reply(requested.id());
    }

    @Test
    void aReplyIsSentAsAnAnswerToTheOriginalMessageInPlainText() throws Exception {
        start();
        InteractionKey original = receive(Messages.inPrivate(Messages.anna(), 12, now).text("Waar blijft mijn pakket?"));

        Reply sent = awaitOutcome(parley.replies().request(original, "Het is <b>onderweg</b> & komt morgen", "alice"));

        assertThat(sent.status()).isEqualTo(Reply.Status.SENT);
        BotApiServer.Sent posted = server.sent.get(0);
        assertThat(posted.chatId()).isEqualTo(Messages.ANNA_ID);
        assertThat(posted.text()).isEqualTo("Het is <b>onderweg</b> & komt morgen");
        assertThat(posted.replyParameters().path("message_id").asLong()).isEqualTo(12);
        assertThat(posted.replyParameters().path("allow_sending_without_reply").asBoolean()).isTrue();
        assertThat(server.calls("sendMessage").get(0).params().has("parse_mode")).isFalse();
        assertThat(sent.externalId()).isEqualTo(Messages.ANNA_ID + ":" + posted.messageId());
        assertThat(sent.url()).isNull();
    }

    @Test
    void aReplyInAPublicGroupLinksToThePostedMessage() throws Exception {
        start();
        InteractionKey original = receive(Messages.inSupergroup(Messages.bob(), 700, now)
                .text("@acme_support_bot do you ship to Belgium?").mention("@acme_support_bot"));

        Reply sent = awaitOutcome(parley.replies().request(original, "Yes, we do!", "alice"));

        long messageId = server.sent.get(0).messageId();
        assertThat(sent.externalId()).isEqualTo(Messages.SUPPORT_GROUP + ":" + messageId);
        assertThat(sent.url()).isEqualTo("https://t.me/acme_community/" + messageId);
    }

    @Test
    void aBlockedBotOrAnUnknownChatFailsTheReplyWithAMessageForTheCrmUser() throws Exception {
        start();
        InteractionKey fromAnna = receive(Messages.inPrivate(Messages.anna(), 13, now).text("stop messaging me"));
        InteractionKey fromBob = receive(Messages.inPrivate(Messages.bob(), 14, now).text("hello"));
        server.failSendTo(Messages.ANNA_ID, 403, "Forbidden: bot was blocked by the user");
        server.failSendTo(Messages.BOB_ID, 400, "Bad Request: chat not found");

        Reply blocked = awaitOutcome(parley.replies().request(fromAnna, "Sorry to hear", "alice"));
        Reply unknown = awaitOutcome(parley.replies().request(fromBob, "Hi Bob", "alice"));

        assertThat(blocked.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(blocked.error()).isEqualTo("This person has blocked the bot on Telegram, so the reply cannot be delivered.");
        assertThat(unknown.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(unknown.error()).startsWith("Telegram no longer knows this chat");
        // Refused for good: tried once each, not again.
        assertThat(server.calls("sendMessage")).hasSize(2);
        assertThat(server.sent).isEmpty();
    }

    @Test
    void aRateLimitedReplyWaitsRetryAfterAndIsSentOnce() throws Exception {
        start();
        InteractionKey original = receive(Messages.inPrivate(Messages.anna(), 15, now).text("hello?"));
        server.rateLimitNext("sendMessage", 1, 1);

        Reply sent = awaitOutcome(parley.replies().request(original, "Hello Anna!", "alice"));

        assertThat(sent.status()).isEqualTo(Reply.Status.SENT);
        assertThat(server.sent).hasSize(1);
        assertThat(server.calls("sendMessage")).hasSize(2);
        assertThat(Duration.between(server.calls("sendMessage").get(0).at(), server.calls("sendMessage").get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aReplyCanWaitForASecondPersonsApproval() throws Exception {
        start("requireApproval", "true");
        InteractionKey original = receive(Messages.inPrivate(Messages.anna(), 16, now).text("can I get a refund?"));

        Reply requested = parley.replies().request(original, "Yes, you can", "alice");
        assertThat(requested.status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);
        parley.replies().approve(requested.id(), "bob");

        assertThat(awaitOutcome(requested).status()).isEqualTo(Reply.Status.SENT);
        assertThat(server.sent).hasSize(1);
    }
}
