package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.RoutesBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.channel.testkit.Configs;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.ingress.IngressStats;
import org.parley.ingress.Verdict;
import org.parley.ingress.internal.EndpointRegistry;
import org.parley.ingress.internal.InboxWorker;
import org.parley.ingress.internal.IngressConfig;
import org.parley.ingress.internal.IngressListener;
import org.parley.ingress.internal.IngressReplayRoutes;
import org.parley.ingress.internal.IngressSettings;
import org.parley.store.internal.JdbcDeadLetterStore;
import org.parley.store.internal.JdbcWebhookInbox;
import org.parley.store.internal.ParleyDatabase;

/**
 * Two WeChat accounts behind Parley's real public ingress: the Jetty listener on 127.0.0.1 (a port chosen at run time),
 * the durable inbox and its worker, the parley: pipeline and the store (H2). Requests are sent over HTTP as WeChat
 * sends them, signed with each account's Token.
 */
class WeChatIngressTest {

    private static final String SHOP_TOKEN = "shopToken42";
    private static final String SHOP_GH = "gh_shop00000001";

    @TempDir
    Path work;

    private Connection keepOpen;
    private ParleyHarness parley;
    private EndpointRegistry endpoints;
    private IngressListener listener;
    private InboxWorker worker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + work.resolve("parley").toAbsolutePath()); // the test kit's database
        h2.setUser("sa");
        h2.setPassword("");
        keepOpen = h2.getConnection();
        ParleyDatabase database = new ParleyDatabase(h2);
        JdbcWebhookInbox inbox = new JdbcWebhookInbox(database);
        endpoints = new EndpointRegistry();
        AtomicReference<WeChatRoutes> brand = new AtomicReference<>();
        AtomicReference<WeChatRoutes> shop = new AtomicReference<>();
        AtomicReference<WeChatRoutes> secure = new AtomicReference<>();
        parley = ParleyHarness.start(work, () -> {
            brand.set(new WeChatRoutes(TestAccounts.settings(), null, Clock.systemUTC()));
            shop.set(new WeChatRoutes(WeChatSettings.validate(WeChatConfig.PID + "-shop", "shop",
                    TestAccounts.config(URI.create("http://127.0.0.1:9"), Map.of("token", SHOP_TOKEN))), null,
                    Clock.systemUTC()));
            secure.set(new WeChatRoutes(WeChatSettings.validate(WeChatConfig.PID + "-secure", "secure",
                    TestAccounts.config(URI.create("http://127.0.0.1:9"), Map.of("mode", "safe", "encodingAesKey",
                            SafeModeTest.AES_KEY))), null, Clock.systemUTC()));
            return List.<RoutesBuilder>of(brand.get(), shop.get(), secure.get(),
                    new IngressReplayRoutes(endpoints, new JdbcDeadLetterStore(database)));
        });
        long serviceId = 1;
        for (WeChatRoutes routes : List.of(brand.get(), shop.get(), secure.get())) {
            endpoints.add(routes.webhook(), Map.of("parley.channel", "wechat", "parley.account",
                    routes.webhook().account(), "service.id", serviceId++));
        }
        IngressSettings settings = IngressSettings.validate(IngressConfig.PID, Configs.of(IngressConfig.class, Map.of(
                "port", "0", "requestsPerSecondPerSource", "0", "pollInterval", "PT0.1S", "lease", "PT3S",
                "retryInitial", "PT0.2S", "retryMax", "PT1S")));
        listener = new IngressListener(inbox, endpoints, settings, Clock.systemUTC());
        worker = new InboxWorker(inbox, endpoints, parley.camel().createProducerTemplate(), settings, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        worker.stop();
        listener.stop();
        parley.close();
        keepOpen.close();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private HttpResponse<String> post(String account, Map<String, String> query, String xml) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(listener.listening() + "/parley/hooks/wechat/" + account
                        + (query.isEmpty() ? "" : "?" + TestAccounts.queryString(query))))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private IngressStats.Account counts(String account) {
        return listener.snapshot().accounts().stream()
                .filter(a -> a.channel().equals("wechat") && a.account().equals(account))
                .findFirst().orElseThrow();
    }

    @Test
    void theServerCheckIsAnsweredWithEchostrAsPlainText() throws Exception {
        Map<String, String> query = new HashMap<>(TestAccounts.signedQuery(TestAccounts.TOKEN, now()));
        query.put("echostr", "5838479218127813673");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(listener.listening()
                + "/parley/hooks/wechat/brand?" + TestAccounts.queryString(query))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(answer.body()).isEqualTo("5838479218127813673");
        assertThat(counts("brand").handshakes()).isEqualTo(1);

        Map<String, String> forged = new HashMap<>(TestAccounts.signedQuery(SHOP_TOKEN, now()));
        forged.put("echostr", "1");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(listener.listening()
                + "/parley/hooks/wechat/brand?" + TestAccounts.queryString(forged))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aSignedMessageIsAcknowledgedWithSuccessAndStored() throws Exception {
        String xml = TestAccounts.text("24602541234567890", now(), "你好，请问门店几点关门？");

        HttpResponse<String> answer = post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, now()), xml);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("success");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        InteractionKey key = new InteractionKey("wechat", TestAccounts.GH + ":24602541234567890");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(key).isPresent());
        Interaction stored = parley.find(key).orElseThrow();
        assertThat(stored.text()).isEqualTo("你好，请问门店几点关门？");
        assertThat(stored.account()).isEqualTo("brand");
        assertThat(stored.author().handle()).isEqualTo(TestAccounts.OPEN_ID);
        assertThat(counts("brand").accepted()).isEqualTo(1);
    }

    @Test
    void aMessageWeChatSendsAgainIsStoredOnce() throws Exception {
        String xml = TestAccounts.text("24602541234567891", now(), "在吗？");
        Map<String, String> query = TestAccounts.signedQuery(TestAccounts.TOKEN, now());

        assertThat(post("brand", query, xml).body()).isEqualTo("success");
        // The same request again (WeChat's retry after 5 s), and the same MsgId under a new signature.
        assertThat(post("brand", query, xml).body()).isEqualTo("success");
        assertThat(post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, now()), xml).body()).isEqualTo("success");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.stored("wechat").size() == 1);
        assertThat(counts("brand").accepted()).isEqualTo(1);
        assertThat(counts("brand").duplicates()).isEqualTo(2);
        assertThat(parley.offeredTwice()).as("the inbox kept it once, so the store saw it once").isEmpty();
    }

    @Test
    void forgedUnsignedStaleAndReplayedRequestsAreRefusedCountedAndNeverStored() throws Exception {
        long ts = now();
        Map<String, String> forged = TestAccounts.signedQuery(TestAccounts.TOKEN, ts);
        forged.put("signature", "0".repeat(40));
        assertThat(post("brand", forged, TestAccounts.text("1001", ts, "forged")).statusCode()).isEqualTo(403);

        assertThat(post("brand", Map.of(), TestAccounts.text("1002", ts, "unsigned")).statusCode()).isEqualTo(401);

        long old = ts - Duration.ofMinutes(6).toSeconds();
        assertThat(post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, old), TestAccounts.text("1003", old, "stale"))
                .statusCode()).isEqualTo(403);

        Map<String, String> captured = TestAccounts.signedQuery(TestAccounts.TOKEN, ts);
        assertThat(post("brand", captured, TestAccounts.text("1004", ts, "genuine")).statusCode()).isEqualTo(200);
        assertThat(post("brand", captured, TestAccounts.text("1005", ts, "replayed with my own words")).statusCode())
                .isEqualTo(403);

        IngressStats.Account counts = counts("brand");
        assertThat(counts.refused(Verdict.Outcome.FORGED)).isEqualTo(1);
        assertThat(counts.refused(Verdict.Outcome.UNSIGNED)).isEqualTo(1);
        assertThat(counts.refused(Verdict.Outcome.STALE)).isEqualTo(1);
        assertThat(counts.refused(Verdict.Outcome.REPLAYED)).isEqualTo(1);
        assertThat(counts.accepted()).isEqualTo(1);
        await().atMost(ParleyHarness.PATIENCE).until(() -> !parley.stored("wechat").isEmpty());
        assertThat(parley.stored("wechat")).extracting(Interaction::text).containsExactly("genuine");
    }

    @Test
    void eachAccountIsReachedAtItsOwnPathAndVerifiedWithItsOwnToken() throws Exception {
        long ts = now();
        assertThat(post("shop", TestAccounts.signedQuery(SHOP_TOKEN, ts),
                TestAccounts.text(SHOP_GH, TestAccounts.OPEN_ID, "2001", ts, "shop message")).body()).isEqualTo("success");
        assertThat(post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, ts),
                TestAccounts.text("2002", ts, "brand message")).body()).isEqualTo("success");
        // The brand's Token does not open the shop's door.
        assertThat(post("shop", TestAccounts.signedQuery(TestAccounts.TOKEN, ts),
                TestAccounts.text(SHOP_GH, TestAccounts.OPEN_ID, "2003", ts, "wrong door")).statusCode()).isEqualTo(403);
        assertThat(post("nobody", TestAccounts.signedQuery(TestAccounts.TOKEN, ts), TestAccounts.text("2004", ts, "?"))
                .statusCode()).isEqualTo(404);

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.stored("wechat").size() == 2);
        assertThat(parley.find(new InteractionKey("wechat", SHOP_GH + ":2001")).orElseThrow().account()).isEqualTo("shop");
        assertThat(parley.find(new InteractionKey("wechat", TestAccounts.GH + ":2002")).orElseThrow().account()).isEqualTo("brand");
        assertThat(counts("shop").refused(Verdict.Outcome.FORGED)).isEqualTo(1);
        assertThat(counts("brand").refused(Verdict.Outcome.FORGED)).isZero();
    }

    @Test
    void aSafeModeMessageIsStoredEncryptedInTheInboxAndMappedDecrypted() throws Exception {
        String xml = TestAccounts.text("5001", now(), "加密的消息");
        var request = SafeModeTest.safePost(xml, TestAccounts.TOKEN, SafeModeTest.AES_KEY, TestAccounts.APP_ID,
                java.time.Instant.ofEpochSecond(now()));
        Map<String, String> query = new HashMap<>();
        request.query().forEach((k, v) -> query.put(k, v.get(0)));
        String body = new String(request.body(), StandardCharsets.UTF_8);

        assertThat(post("secure", query, body).body()).isEqualTo("success");
        assertThat(post("secure", query, body.replace("<Encrypt><![CDATA[", "<Encrypt><![CDATA[AAAA")).statusCode())
                .as("another body under the same signatures").isEqualTo(403);

        InteractionKey key = new InteractionKey("wechat", TestAccounts.GH + ":5001");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(key).isPresent());
        assertThat(parley.find(key).orElseThrow().text()).isEqualTo("加密的消息");
        assertThat(parley.find(key).orElseThrow().account()).isEqualTo("secure");
        // In safe mode msg_signature covers the body, so the other body is forged before the replay memory is asked.
        assertThat(counts("secure").refused(Verdict.Outcome.FORGED)).isEqualTo(1);
    }

    @Test
    void aSignedBodyWithAnExternalEntityIsAcknowledgedThenKeptAsADeadLetter() throws Exception {
        long ts = now();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + TestAccounts.text("3001", ts, "]]>&xxe;<![CDATA[");

        assertThat(post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, ts), xxe).body()).isEqualTo("success");

        await().atMost(ParleyHarness.PATIENCE).until(() -> !parley.deadLetters("wechat").isEmpty());
        DeadLetter dead = parley.deadLetters("wechat").get(0);
        assertThat(dead.account()).isEqualTo("brand");
        assertThat(dead.reason()).contains("cannot be mapped", "not valid XML", "DOCTYPE");
        assertThat(dead.payload()).isEqualTo(xxe).doesNotContain("root:x:0:0");
        assertThat(parley.stored("wechat")).isEmpty();
    }

    @Test
    void anUnreadableMessageBecomesADeadLetterAndIgnoredEventsLeaveNothing() throws Exception {
        long ts = now();
        String video = TestAccounts.text("4001", ts, "x").replace("<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[video]]>");
        post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, ts), video);
        post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, ts), TestAccounts.event("LOCATION", null, ts));
        post("brand", TestAccounts.signedQuery(TestAccounts.TOKEN, ts), TestAccounts.event("subscribe", "qrscene_42", ts));

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.deadLetters("wechat").size() == 1
                && parley.stored("wechat").size() == 1 && counts("brand").pending() == 0);
        assertThat(parley.deadLetters("wechat").get(0).reason()).contains("Parley does not store WeChat videos");
        assertThat(parley.stored("wechat").get(0).text()).isEqualTo("Followed the account (QR code scene 42)");
        assertThat(counts("brand").accepted()).isEqualTo(3);
    }
}
