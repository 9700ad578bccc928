package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.channel.testkit.ParleyHarness;

/** Replies from the CRM, sent by SMTP: threading headers, recipients, and what the server's answers do to them. */
class MailReplyTest {

    private static final InteractionKey ORIGINAL = new InteractionKey(MailMapper.CHANNEL, "orig-42@example.net");

    @TempDir
    Path work;

    private MailServers servers;
    private ParleyHarness parley;

    @BeforeEach
    void startServers() throws Exception {
        servers = new MailServers();
    }

    @AfterEach
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
        servers.close();
    }

    private void startWithOriginal(Map<String, ?> overrides, Mails.Builder original) throws Exception {
        servers.deliver(original.header("Message-ID", "<" + ORIGINAL.externalId() + ">").bytes());
        parley = ParleyHarness.start(work, () -> List.of(new MailRoutes(servers.settings("acme", overrides), Clock.systemUTC())));
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(ORIGINAL).isPresent());
    }

    private Reply awaitStatus(long id, Reply.Status status) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(id).status() == status);
        return parley.reply(id);
    }

    @Test
    void aReplyIsThreadedUnderTheMessageItAnswers() throws Exception {
        startWithOriginal(Map.of(), Mails.message()
                .header("From", "Jan de Vries <Jan@Example.net>")
                .header("Subject", "Order 42")
                .header("In-Reply-To", "<mid@acme.example>")
                .header("References", "<root@example.net>\r\n <mid@acme.example>")
                .text("Still nothing."));

        Reply requested = parley.replies().request(ORIGINAL, "Grüße — it left the warehouse today. 你好", "alice");
        Reply sent = awaitStatus(requested.id(), Reply.Status.SENT);

        MimeMessage mail = servers.repliesTo(ORIGINAL.externalId()).get(0);
        assertThat(servers.repliesTo(ORIGINAL.externalId())).hasSize(1);
        assertThat(sent.externalId()).isEqualTo("parley-reply-" + requested.idempotencyKey() + "@example.org");
        assertThat(mail.getHeader("Message-ID", null)).isEqualTo("<" + sent.externalId() + ">");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<orig-42@example.net>");
        assertThat(MimeUtility.unfold(mail.getHeader("References", null)))
                .isEqualTo("<root@example.net> <mid@acme.example> <orig-42@example.net>");
        assertThat(mail.getSubject()).isEqualTo("Re: Order 42");
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("brand@example.org");
        assertThat(from.getPersonal()).isEqualTo("Acme Support");
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress()).isEqualTo("jan@example.net");
        assertThat(mail.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(body(mail)).isEqualTo("Grüße — it left the warehouse today. 你好");
    }

    @Test
    void aSubjectThatIsAlreadyAReplyKeepsItsPrefixAndReplyToIsWhereTheAnswerGoes() throws Exception {
        startWithOriginal(Map.of(), Mails.message()
                .header("From", "Web form <noreply@forms.example.net>")
                .header("Reply-To", "\"Jan de Vries\" <jan@example.net>")
                .header("Subject", "RE: Order 42")
                .text("Sent from the contact form"));

        Reply requested = parley.replies().request(ORIGINAL, "Thanks", "alice");
        awaitStatus(requested.id(), Reply.Status.SENT);

        MimeMessage mail = servers.repliesTo(ORIGINAL.externalId()).get(0);
        assertThat(mail.getSubject()).isEqualTo("RE: Order 42");
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress()).isEqualTo("jan@example.net");
        assertThat(servers.receivedBy("noreply@forms.example.net")).isEmpty();
    }

    @Test
    void anUnknownMailboxFailsTheReplyWithTheServersAnswer() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            smtp.rcptAnswer = "550 5.1.1 <jan@example.net>: Recipient address rejected: User unknown";
            startWithOriginal(Map.of("smtpUrl", "smtp://127.0.0.1:" + smtp.port()),
                    Mails.message().header("From", "jan@example.net").text("Hello"));

            Reply requested = parley.replies().request(ORIGINAL, "Thanks", "alice");
            Reply failed = awaitStatus(requested.id(), Reply.Status.FAILED);

            assertThat(failed.error()).isEqualTo("The mail server refused the address jan@example.net: 550 5.1.1 "
                    + "<jan@example.net>: Recipient address rejected: User unknown. Check the customer's e-mail address; "
                    + "the reply was not sent.");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(smtp.received).isEmpty();
        }
    }

    @Test
    void aTemporaryRefusalIsTriedAgainUntilTheServerTakesIt() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            smtp.rcptAnswer = "451 4.3.0 Mailbox temporarily unavailable, try again later";
            startWithOriginal(Map.of("smtpUrl", "smtp://127.0.0.1:" + smtp.port()),
                    Mails.message().header("From", "jan@example.net").text("Hello"));

            Reply requested = parley.replies().request(ORIGINAL, "Thanks", "alice");
            await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).attempts() >= 2);
            Reply waiting = parley.reply(requested.id());
            assertThat(waiting.status()).isEqualTo(Reply.Status.PENDING);
            assertThat(waiting.error()).contains("did not take the reply yet (451)").contains("tried again later");

            smtp.rcptAnswer = "250 2.1.5 OK";
            awaitStatus(requested.id(), Reply.Status.SENT);
            assertThat(smtp.received).hasSize(1);
        }
    }

    @Test
    void anAccountThatRequiresApprovalSendsOnlyOnceASecondPersonApproved() throws Exception {
        startWithOriginal(Map.of("requireApproval", "true"), Mails.message().header("From", "jan@example.net").text("Hi"));

        Reply requested = parley.replies().request(ORIGINAL, "Thanks", "alice");
        assertThat(requested.status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> servers.repliesTo(ORIGINAL.externalId()).isEmpty());

        parley.replies().approve(requested.id(), "bob");
        awaitStatus(requested.id(), Reply.Status.SENT);
        assertThat(servers.repliesTo(ORIGINAL.externalId())).hasSize(1);
    }

    private static String body(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getInputStream().transferTo(out);
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
