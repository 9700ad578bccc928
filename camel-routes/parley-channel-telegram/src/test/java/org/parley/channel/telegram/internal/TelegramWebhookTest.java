package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.RoutesBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.channel.testkit.Configs;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.ingress.HookRequest;
import org.parley.ingress.Verdict;
import org.parley.ingress.internal.EndpointRegistry;
import org.parley.ingress.internal.InboxWorker;
import org.parley.ingress.internal.IngressConfig;
import org.parley.ingress.internal.IngressListener;
import org.parley.ingress.internal.IngressSettings;
import org.parley.store.internal.JdbcWebhookInbox;
import org.parley.store.internal.ParleyDatabase;

/**
 * Webhook mode against the Bot API test server and Parley's real ingress: the account registers its webhook with
 * setWebhook and never polls; Telegram's pushes, carrying the secret, reach the store through the ingress, mapped as
 * polled updates are; pushes without it are refused.
 */
class TelegramWebhookTest extends BotHarness {

    static final String SECRET = "Webhook_Secret-4711-abcdefghijklmnop";
    static final String HOOK_URL = "https://hooks.example.com/parley/hooks/telegram/acme";

    private final Instant now = Instant.now().minusSeconds(60);
    private final AtomicReference<TelegramRoutes> routes = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Connection keepOpen;
    private IngressListener listener;
    private InboxWorker worker;

    @AfterEach
    void stopIngress() throws Exception {
        if (worker != null) {
            worker.stop();
        }
        if (listener != null) {
            listener.stop();
        }
        if (keepOpen != null) {
            keepOpen.close();
        }
    }

    /** The bot "acme" in webhook mode, and (with {@code ingress}) Parley's ingress listening on a run-time port. */
    private void startWebhook(boolean ingress) throws Exception {
        TelegramSettings settings = TestSettings.forServer(server, "mode", "webhook", "webhookUrl", HOOK_URL,
                "webhookSecret", SECRET);
        parley = ParleyHarness.start(work, () -> {
            TelegramRoutes r = new TelegramRoutes(settings, Clock.systemUTC());
            routes.set(r);
            return List.<RoutesBuilder>of(r);
        });
        if (!ingress) {
            return;
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + work.resolve("parley").toAbsolutePath()); // the test kit's database
        h2.setUser("sa");
        h2.setPassword("");
        keepOpen = h2.getConnection();
        JdbcWebhookInbox inbox = new JdbcWebhookInbox(new ParleyDatabase(h2));
        EndpointRegistry endpoints = new EndpointRegistry();
        endpoints.add(routes.get().webhook(), Map.<String, Object>of("parley.channel", "telegram", "parley.account", "acme"));
        IngressSettings ingressSettings = IngressSettings.validate(IngressConfig.PID, Configs.of(IngressConfig.class,
                Map.of("port", "0", "pollInterval", "PT0.2S", "retryInitial", "PT0.2S", "retryMax", "PT1S")));
        listener = new IngressListener(inbox, endpoints, ingressSettings, Clock.systemUTC());
        worker = new InboxWorker(inbox, endpoints, parley.camel().createProducerTemplate(), ingressSettings,
                Clock.systemUTC());
    }

    @Test
    void webhookModeRegistersTheWebhookWithItsSecretAndNeverPolls() throws Exception {
        startWebhook(false);

        await().atMost(ParleyHarness.PATIENCE).until(() -> server.webhook() != null);
        JsonNode webhook = server.webhook();
        assertThat(webhook.path("url").asText()).isEqualTo(HOOK_URL);
        assertThat(webhook.path("secret_token").asText()).isEqualTo(SECRET);
        assertThat(webhook.path("allowed_updates")).extracting(JsonNode::asText).containsExactly("message", "edited_message");
        await().atMost(ParleyHarness.PATIENCE).until(() -> state() != null && state().lastPollAt() != null);
        assertThat(state().lastError()).isNull();
        // Ticks go on; none polls, and the webhook is set once.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> server.calls("getUpdates").isEmpty());
        assertThat(server.calls("setWebhook")).hasSize(1);
        assertThat(parley.camel().getRoute(routes.get().pollRouteId())).isNull();
    }

    @Test
    void aSetWebhookTelegramRefusesIsTriedAgainAfterItsRetryAfterAndShownMeanwhile() throws Exception {
        server.rateLimitNext("setWebhook", 1, 1);
        startWebhook(false);

        await().atMost(ParleyHarness.PATIENCE).until(() -> server.webhook() != null);

        List<BotApiServer.Call> calls = server.calls("setWebhook");
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        await().atMost(ParleyHarness.PATIENCE).until(() -> state() != null && state().lastSuccessAt() != null);
    }

    @Test
    void theSecretIsCheckedInConstantTimeAndTheDeliveryIsTheUpdateId() throws Exception {
        startWebhook(false);
        TelegramWebhook endpoint = routes.get().webhook();
        byte[] body = update(873_100_042L, Messages.inPrivate(Messages.anna(), 11, now).text("Hallo").node());

        assertThat(endpoint.verify(request(body, SECRET)).outcome()).isEqualTo(Verdict.Outcome.ACCEPTED);
        assertThat(endpoint.verify(request(body, SECRET + "x")).outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(endpoint.verify(request(body, "")).outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(endpoint.verify(request(body, null)).outcome()).isEqualTo(Verdict.Outcome.UNSIGNED);
        assertThat(endpoint.verify(request(body, null)).reason()).doesNotContain(SECRET);
        assertThat(endpoint.deliveryId(request(body, SECRET))).isEqualTo("873100042");
        assertThat(endpoint.channel()).isEqualTo("telegram");
        assertThat(endpoint.account()).isEqualTo("acme");
        assertThat(endpoint.handshake(request(new byte[0], SECRET))).isEmpty();
    }

    @Test
    void pushedUpdatesWithTheSecretAreStoredAsPolledOnesAreAndOthersAreRefused() throws Exception {
        startWebhook(true);
        byte[] direct = update(873_100_001L, Messages.inPrivate(Messages.anna(), 11, now)
                .text("Hallo, waar blijft mijn bestelling?").node());
        byte[] mention = update(873_100_002L, Messages.inSupergroup(Messages.bob(), 501, now)
                .text("@acme_support_bot is the shop open on Sunday?").mention("@acme_support_bot").node());
        byte[] chatter = update(873_100_003L, Messages.inSupergroup(Messages.bob(), 502, now).text("nice weather").node());

        assertThat(push(direct, SECRET).statusCode()).isEqualTo(200);
        assertThat(push(mention, SECRET).statusCode()).isEqualTo(200);
        assertThat(push(chatter, SECRET).statusCode()).isEqualTo(200);
        assertThat(push(direct, SECRET).statusCode()).as("Telegram's retry of an update").isEqualTo(200);
        assertThat(push(update(873_100_004L, Messages.inPrivate(Messages.anna(), 12, now).text("forged").node()),
                "wrong-secret").statusCode()).isEqualTo(403);
        assertThat(push(update(873_100_005L, Messages.inPrivate(Messages.anna(), 13, now).text("unsigned").node()),
                null).statusCode()).isEqualTo(401);

        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().size() == 2);
        Interaction dm = stored().get(Messages.ANNA_ID + ":11");
        assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(dm.account()).isEqualTo("acme");
        assertThat(dm.author().displayName()).isEqualTo("Anna de Vries");
        assertThat(stored().get(Messages.SUPPORT_GROUP + ":501").kind()).isEqualTo(InteractionKind.MENTION);
        assertThat(parley.offeredTwice()).isEmpty();
        assertThat(parley.deadLetters("telegram")).isEmpty();
        assertThat(cursor()).as("webhook mode moves no cursor").isNull();
    }

    @Test
    void aPushedUpdateThatCannotBeMappedBecomesADeadLetterOfItsOwn() throws Exception {
        startWebhook(true);
        ObjectNode noSender = Messages.inPrivate(Messages.anna(), 14, now).text("who am I?").node();
        noSender.remove("from");

        assertThat(push(update(873_100_010L, noSender), SECRET).statusCode()).isEqualTo(200);

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.deadLetters("telegram").size() == 1);
        DeadLetter letter = parley.deadLetters("telegram").get(0);
        assertThat(letter.reason()).startsWith("update 873100010: ").contains("has no sender");
        assertThat(letter.replayUri()).isEqualTo(routes.get().replayUri());
        assertThat(letter.account()).isEqualTo("acme");
        assertThat(stored()).isEmpty();
    }

    @Test
    void backInPollingModeTheFirstPollTakesTheWebhookDownAndReadsWhatIsPending() throws Exception {
        startWebhook(false);
        await().atMost(ParleyHarness.PATIENCE).until(() -> server.webhook() != null);
        parley.close();
        long pending = server.enqueue(Messages.inPrivate(Messages.anna(), 30, now).text("sent while switching").node());

        start(); // polling, the default

        awaitCursor(pending);
        assertThat(server.webhook()).isNull();
        assertThat(server.calls("deleteWebhook")).hasSize(1);
        assertThat(server.calls("deleteWebhook").get(0).params().path("drop_pending_updates").asBoolean(true)).isFalse();
        assertThat(stored()).containsKey(Messages.ANNA_ID + ":30");
    }

    private static byte[] update(long updateId, JsonNode message) {
        ObjectNode update = BotApiServer.JSON.createObjectNode().put("update_id", updateId);
        update.set("message", message);
        return update.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HookRequest request(byte[] body, String secret) {
        Map<String, List<String>> headers = secret == null ? Map.of()
                : Map.of("x-telegram-bot-api-secret-token", List.of(secret));
        return new HookRequest("POST", headers, Map.of(), body, "149.154.167.220", Instant.now());
    }

    /** A push as Telegram makes it: POST, JSON, the secret in its header. */
    private HttpResponse<String> push(byte[] body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(listener.listening() + "/parley/hooks/telegram/acme"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
