package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.channel.testkit.ParleyHarness;

/**
 * The bot token is in every request URL: it must never reach a log line, {@code parley:status} (a poll's error), a
 * reply's error or a dead letter. This test drives every failure the channel reports and searches all of them, and
 * the whole test log (every test of this module logs into one file, org.parley at DEBUG; see the pom).
 */
class TelegramSecretsTest extends BotHarness {

    @Test
    void theBotTokenNeverReachesALogLineAPollErrorAReplyErrorOrADeadLetter() throws Exception {
        List<String> reported = new ArrayList<>();

        // A revoked token, met by getMe and getUpdates.
        server.revokeToken(true);
        start("botUsername", null);
        await().atMost(ParleyHarness.PATIENCE).until(() -> lastError() != null);
        reported.add(lastError());
        assertThat(lastError()).contains("Telegram refused the bot token (getMe: 401 Unauthorized)");
        server.revokeToken(false);

        // A garbled answer, an update that cannot be mapped, then a message stored.
        server.malformedNext(1);
        server.enqueue(Messages.inPrivate(Messages.anna(), 1, Instant.now()).with("giveaway", 1).node());
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 2, Instant.now()).text("hi").node());
        awaitCursor(last);
        parley.deadLetters("telegram").stream().map(DeadLetter::reason).forEach(reported::add);

        // A reply while the token is revoked: retried, with the reason kept; sent once the token is back.
        server.revokeToken(true);
        Reply requested = parley.replies().request(new InteractionKey("telegram", Messages.ANNA_ID + ":2"), "Hello", "alice");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).error() != null);
        reported.add(parley.reply(requested.id()).error());
        assertThat(parley.reply(requested.id()).error()).contains("Telegram refused the bot token (sendMessage");
        server.revokeToken(false);
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).status() == Reply.Status.SENT);

        // An API that cannot be reached.
        parley.close();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start("apiUrl", "http://127.0.0.1:" + closedPort);
        await().atMost(ParleyHarness.PATIENCE).until(() -> lastError() != null && lastError().contains("cannot connect"));
        reported.add(lastError());
        reported.add(TestSettings.forServer(server).toString());

        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
        assertThat(log).contains("Telegram refused the bot token").contains("cannot connect to 127.0.0.1");
        assertThat(log).doesNotContain(BotApiServer.SECRET_PART);
        assertThat(reported).hasSizeGreaterThanOrEqualTo(5).allSatisfy(text ->
                assertThat(text).isNotBlank().doesNotContain(BotApiServer.SECRET_PART));
    }
}
