package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;
import org.parley.camel.OutboundReply;
import org.parley.camel.ReplyRefusedException;
import org.parley.channel.testkit.Configs;

/** {@link ReplySender} against a scripted SMTP server: what each kind of answer becomes. */
class ReplySenderTest {

    private ScriptedSmtpServer smtp;
    private ReplySender sender;

    @BeforeEach
    void start() throws Exception {
        smtp = new ScriptedSmtpServer();
        MailSettings settings = MailSettings.validate("org.parley.channel.mail-acme", "acme", Configs.of(MailConfig.class,
                Map.of("imapUrl", "imap://127.0.0.1:1", "username", "brand@example.org", "password", "pw",
                        "smtpUrl", "smtp://127.0.0.1:" + smtp.port(), "fromAddress", "brand@example.org")));
        sender = new ReplySender(settings);
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
    }

    private static OutboundReply reply(boolean uncertain, Interaction original) {
        Reply reply = new Reply(9, original.key(), "acme", "We are on it", "alice", Reply.Status.PENDING, null,
                "6f1c-key", null, null, null, uncertain ? 1 : 0, Instant.now(), null);
        return new OutboundReply(reply, original, uncertain);
    }

    private static Interaction original(String raw) {
        return Interaction.builder("mail", "orig@example.net").kind(InteractionKind.DIRECT_MESSAGE).account("acme")
                .author(new SocialIdentity("mail", "jan@example.net", "Jan", null, "jan@example.net", null))
                .text("Subject: Order 42\n\nWhere is it?").occurredAt(Instant.now()).raw(raw).build();
    }

    private static Interaction original() {
        return original("From: Jan <jan@example.net>\r\nSubject: Order 42\r\nMessage-ID: <orig@example.net>\r\n\r\nWhere is it?\r\n");
    }

    @Test
    void aReplySentAgainAfterACrashCarriesTheSameMessageId() throws Exception {
        String first = sender.send(reply(false, original()));
        String again = sender.send(reply(true, original()));

        assertThat(first).isEqualTo("parley-reply-6f1c-key@example.org").isEqualTo(again);
        assertThat(smtp.received).hasSize(2).allSatisfy(m -> assertThat(m).contains("Message-ID: <parley-reply-6f1c-key@example.org>"));
        assertThat(smtp.commands).contains("MAIL FROM:<brand@example.org>", "RCPT TO:<jan@example.net>");
    }

    @Test
    void aPermanentRefusalIsAReplyRefusedAndATemporaryOneIsNot() {
        smtp.rcptAnswer = "550 5.1.1 User unknown";
        assertThatThrownBy(() -> sender.send(reply(false, original())))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessage("The mail server refused the address jan@example.net: 550 5.1.1 User unknown. "
                        + "Check the customer's e-mail address; the reply was not sent.");

        smtp.rcptAnswer = "452 4.2.2 Mailbox full";
        assertThatThrownBy(() -> sender.send(reply(false, original())))
                .isInstanceOf(MailReplyException.class)
                .hasMessageContaining("did not take the reply yet (452): 452 4.2.2 Mailbox full");
        assertThat(smtp.received).isEmpty();
    }

    @Test
    void aServerThatTurnsTheConnectionAwayIsTriedAgainLater() {
        smtp.greeting = "421 4.7.0 Too many connections, try again later";

        assertThatThrownBy(() -> sender.send(reply(false, original())))
                .isInstanceOf(MailReplyException.class)
                .hasMessageStartingWith("Sending through smtp://127.0.0.1:" + smtp.port() + " failed:")
                .hasMessageContaining("421");
        assertThat(smtp.received).isEmpty();
    }

    @Test
    void withoutItsSourceTheReplyStillFindsItsAuthorSubjectAndThread() throws Exception {
        sender.send(reply(false, original(null)));

        String mail = smtp.received.get(0);
        assertThat(mail).contains("Subject: Re: Order 42").contains("In-Reply-To: <orig@example.net>")
                .contains("References: <orig@example.net>").contains("To: Jan <jan@example.net>");
    }

    @Test
    void aMessageWithoutAnyAddressCannotBeAnswered() {
        Interaction anonymous = Interaction.builder("mail", "x@example.net").kind(InteractionKind.DIRECT_MESSAGE)
                .author(new SocialIdentity("mail", "someone", null, null, null, null)).text("hi")
                .occurredAt(Instant.now()).build();

        assertThatThrownBy(() -> sender.send(reply(false, anonymous)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageStartingWith("This message has no sender address to answer");
        assertThat(smtp.received).isEmpty();
    }

    @Test
    void theReplySubjectIsNeverReRe() {
        assertThat(ReplyMessage.replySubject("Order 42")).isEqualTo("Re: Order 42");
        assertThat(ReplyMessage.replySubject("Re: Order 42")).isEqualTo("Re: Order 42");
        assertThat(ReplyMessage.replySubject("RE:Order 42")).isEqualTo("RE:Order 42");
        assertThat(ReplyMessage.replySubject("AW: Bestellung")).isEqualTo("AW: Bestellung");
        assertThat(ReplyMessage.replySubject("回复：订单")).isEqualTo("回复：订单");
        assertThat(ReplyMessage.replySubject("Return policy")).isEqualTo("Re: Return policy");
        assertThat(ReplyMessage.replySubject("")).isEqualTo("Re:");
    }
}
