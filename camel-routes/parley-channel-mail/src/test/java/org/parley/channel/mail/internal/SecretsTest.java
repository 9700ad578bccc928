package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ChannelState;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.channel.testkit.ParleyHarness;

/**
 * Passwords never reach a log line, a poll's recorded failure or a reply's error: checked on everything this channel
 * logs (at debug level, see simplelogger.properties) while logins are refused and accepted, by IMAP and by SMTP.
 */
class SecretsTest {

    private static final String WRONG_IMAP = "Wr0ng-imap-Secret!";
    private static final String WRONG_SMTP = "Wr0ng-smtp-Secret!";

    @TempDir
    Path work;

    private MailServers servers;
    private ParleyHarness parley;
    private PrintStream originalErr;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        servers = new MailServers();
        originalErr = System.err;
        // slf4j-simple writes each line to whatever System.err is at that moment.
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (parley != null) {
                parley.close();
            }
            servers.close();
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void noPasswordIsEverLoggedOrRecorded() throws Exception {
        MailSettings wrongImap = servers.settings("wrongimap", Map.of("password", WRONG_IMAP));
        MailSettings wrongSmtp = servers.settings("acme", Map.of("smtpPassword", WRONG_SMTP));
        parley = ParleyHarness.start(work, () -> List.of(new MailRoutes(wrongImap, Clock.systemUTC()),
                new MailRoutes(wrongSmtp, Clock.systemUTC())));
        servers.deliver(Mails.item(0, "Hello"));
        InteractionKey key = new InteractionKey(MailMapper.CHANNEL, Mails.itemId(0));
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(key).isPresent());

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.state(MailMapper.CHANNEL, "wrongimap")
                .map(ChannelState::lastError).isPresent());
        String pollError = parley.state(MailMapper.CHANNEL, "wrongimap").orElseThrow().lastError();
        Reply requested = parley.replies().request(key, "Thanks", "alice");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).error() != null);
        String replyError = parley.reply(requested.id()).error();

        assertThat(pollError).contains("IMAP login to imap://127.0.0.1:").contains("as brand@example.org refused")
                .contains("check username and password");
        assertThat(replyError).contains("refused the login of brand@example.org").contains("check smtpUsername and smtpPassword");
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the failures were logged").contains("IMAP login to").contains("refused the login of");
        for (String secret : List.of(MailServers.PASSWORD, WRONG_IMAP, WRONG_SMTP)) {
            for (String text : List.of(log, pollError, replyError, wrongImap.toString(), wrongSmtp.toString())) {
                assertThat(text).doesNotContain(secret)
                        .doesNotContain(base64(secret))
                        .doesNotContain(base64("\0" + MailServers.BRAND + "\0" + secret)); // AUTH PLAIN
            }
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes to the console as before, and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
