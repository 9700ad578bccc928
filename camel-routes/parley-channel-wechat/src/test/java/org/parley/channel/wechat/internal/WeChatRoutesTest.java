package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.parley.api.IngestBatch;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.Reply;
import org.parley.channel.testkit.MutableClock;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.WebhookEndpoint;

/**
 * The WeChat account in Parley's real pipeline, reply desk and store (H2): messages go in as the ingress hands them
 * over, replies come out at the WeChat API test server as customer-service messages.
 */
class WeChatRoutesTest {

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");
    private static final long TS = NOW.getEpochSecond();
    private static final InteractionKey MESSAGE = new InteractionKey("wechat", TestAccounts.GH + ":24602541234567890");

    @TempDir
    Path work;

    private WeChatServer wechat;
    private MutableClock clock;
    private ParleyHarness parley;
    private final AtomicReference<WeChatRoutes> routes = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        wechat = WeChatServer.start();
        clock = new MutableClock(NOW);
        WeChatSettings settings = TestAccounts.settings(wechat.url(), Map.of("quotaWait", "PT1H"));
        AtomicReference<ParleyHarness> harness = new AtomicReference<>();
        InteractionStore store = lateStore(harness);
        parley = ParleyHarness.start(work, () -> {
            routes.set(new WeChatRoutes(settings, store, clock));
            return List.of(routes.get());
        });
        harness.set(parley);
    }

    @AfterEach
    void stop() throws Exception {
        parley.close();
        wechat.close();
    }

    /** The store as DS would inject it, reached once the harness has started it. */
    private static InteractionStore lateStore(AtomicReference<ParleyHarness> harness) {
        return (InteractionStore) Proxy.newProxyInstance(WeChatRoutesTest.class.getClassLoader(),
                new Class<?>[] {InteractionStore.class}, (self, method, args) -> {
                    try {
                        return method.invoke(harness.get().interactions(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What the ingress does with a verified delivery: map it (from its inbox) and ingest it. */
    private void deliver(String xml) {
        WeChatWebhook webhook = routes.get().webhook();
        HookRequest request = TestAccounts.post(TestAccounts.signedQuery(TestAccounts.TOKEN, clock.instant().getEpochSecond()),
                xml, clock.instant());
        assertThat(webhook.verify(request).accepted()).isTrue();
        IngestBatch batch = webhook.map(new Delivery(1, "wechat", "brand", webhook.deliveryId(request), request.headers(),
                request.body(), request.received()));
        parley.camel().createProducerTemplate().sendBody("parley:ingest?channel=wechat&account=brand", batch);
    }

    private Reply awaitDone(long id) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> {
            Reply.Status s = parley.reply(id).status();
            return s == Reply.Status.SENT || s == Reply.Status.FAILED;
        });
        return parley.reply(id);
    }

    private Reply reply(InteractionKey key, String text) {
        return awaitDone(parley.replies().request(key, text, "agent").id());
    }

    @Test
    void aReplyIsSentAsACustomerServiceTextMessageToTheOpenId() {
        deliver(TestAccounts.text("24602541234567890", TS, "我的订单到哪了？"));

        Reply done = reply(MESSAGE, "您好！订单已发货，预计明天送达。");

        assertThat(done.status()).isEqualTo(Reply.Status.SENT);
        assertThat(done.externalId()).isEqualTo(TestAccounts.GH + ":cs:" + done.id());
        assertThat(wechat.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.json().fieldNames()).toIterable().containsExactlyInAnyOrder("touser", "msgtype", "text");
            assertThat(sent.touser()).isEqualTo(TestAccounts.OPEN_ID);
            assertThat(sent.json().path("msgtype").asText()).isEqualTo("text");
            assertThat(sent.content()).isEqualTo("您好！订单已发货，预计明天送达。");
        });
    }

    @Test
    void oneAccessTokenServesManyRepliesUntilShortlyBeforeItExpires() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        for (int i = 0; i < 5; i++) {
            assertThat(reply(MESSAGE, "reply " + i).status()).isEqualTo(Reply.Status.SENT);
        }
        assertThat(wechat.tokenRequests()).isEqualTo(1);
        assertThat(wechat.sent()).extracting(WeChatServer.Sent::accessToken).containsOnly(wechat.sent().get(0).accessToken());

        // 7200 s less the five-minute margin: the next reply buys a new token before the old one ends.
        clock.advance(Duration.ofSeconds(7200).minus(AccessTokens.MARGIN).plusSeconds(1));
        assertThat(reply(MESSAGE, "later").status()).isEqualTo(Reply.Status.SENT);
        assertThat(wechat.tokenRequests()).isEqualTo(2);
        assertThat(wechat.sent()).last().extracting(WeChatServer.Sent::accessToken)
                .isNotEqualTo(wechat.sent().get(0).accessToken());
    }

    @Test
    void aTokenWeChatRefusesIsReplacedOnceAndTheMessageSentAgain() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        assertThat(reply(MESSAGE, "first").status()).isEqualTo(Reply.Status.SENT);

        wechat.invalidateTokens(); // 40001, as when another system fetched a token for this AppID
        Reply afterInvalid = reply(MESSAGE, "second");
        wechat.expireTokens(); // 42001
        Reply afterExpired = reply(MESSAGE, "third");

        assertThat(afterInvalid.status()).isEqualTo(Reply.Status.SENT);
        assertThat(afterExpired.status()).isEqualTo(Reply.Status.SENT);
        assertThat(afterInvalid.attempts()).isEqualTo(1);
        assertThat(wechat.tokenRequests()).isEqualTo(3);
        assertThat(wechat.sendRequests()).isEqualTo(5);
        assertThat(wechat.sent()).extracting(WeChatServer.Sent::content).containsExactly("first", "second", "third");
    }

    @Test
    void weChatsClosedReplyWindowFailsTheReplyWithTheReason() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        wechat.failNextSend(45015, "response out of time limit or subscription is canceled");

        Reply refused = reply(MESSAGE, "too late?");

        assertThat(refused.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(refused.error()).contains("reply window is closed", "45015", "response out of time limit");
        assertThat(refused.attempts()).isEqualTo(1);
    }

    @Test
    void aReplyAfterTheWindowIsRefusedBeforeItIsSentUnlessThePersonWroteAgain() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        clock.advance(Duration.ofHours(49));

        Reply late = reply(MESSAGE, "still there?");

        assertThat(late.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(late.error()).contains("reply window for this person is closed", "48 hours");
        assertThat(wechat.sendRequests()).as("nothing reached WeChat").isZero();

        // They write again: the old message may be answered, the window runs from their last message.
        deliver(TestAccounts.text("24602541234567899", clock.instant().getEpochSecond(), "hello again"));
        assertThat(reply(MESSAGE, "yes, we are here").status()).isEqualTo(Reply.Status.SENT);
    }

    @Test
    void aFollowOpensTheWindowForAMinuteAndAnUnfollowClosesIt() {
        deliver(TestAccounts.event("subscribe", null, TS));
        InteractionKey follow = new InteractionKey("wechat", TestAccounts.GH + ":" + TestAccounts.OPEN_ID + ":" + TS + ":subscribe");
        assertThat(reply(follow, "欢迎关注！").status()).isEqualTo(Reply.Status.SENT);

        clock.advance(Duration.ofMinutes(2));
        Reply late = reply(follow, "still there?");
        assertThat(late.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(late.error()).contains("one minute after a follow");

        deliver(TestAccounts.event("unsubscribe", null, clock.instant().getEpochSecond()));
        Reply unfollowed = reply(follow, "come back");
        assertThat(unfollowed.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(unfollowed.error()).contains("unfollowed the WeChat account");
        assertThat(wechat.sendRequests()).isEqualTo(1);
    }

    @Test
    void aUsedUpQuotaWaitsAndIsNotFailed() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        wechat.failNextSend(45009, "reach max api daily quota limit");

        Reply reply = parley.replies().request(MESSAGE, "hello", "agent");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).error() != null);
        Reply waiting = parley.reply(reply.id());
        assertThat(waiting.status()).isEqualTo(Reply.Status.PENDING);
        assertThat(waiting.error()).contains("daily quota", "45009", "PT1H");
        assertThat(wechat.sendRequests()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsTriedAgainAndOtherErrcodesFailWithWeChatsErrmsg() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        wechat.failNextSendHttp(502, "<html>Bad Gateway</html>");
        Reply retried = reply(MESSAGE, "after a hiccup");
        assertThat(retried.status()).isEqualTo(Reply.Status.SENT);
        assertThat(retried.attempts()).isEqualTo(2);

        wechat.failNextSend(-1, "system error");
        assertThat(reply(MESSAGE, "when busy").status()).isEqualTo(Reply.Status.SENT);

        wechat.failNextSend(48001, "api unauthorized");
        Reply refused = reply(MESSAGE, "without permission");
        assertThat(refused.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(refused.error()).contains("errcode 48001", "api unauthorized");
    }

    @Test
    void aTokenRefusedForTheServersAddressFailsTheReplyWithWhatTheAdministratorMustDo() {
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        wechat.failNextToken(40164, "invalid ip 203.0.113.7, not in whitelist");

        Reply refused = reply(MESSAGE, "hello");

        assertThat(refused.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(refused.error()).contains("IP whitelist", "40164");
        assertThat(wechat.sendRequests()).isZero();
    }

    /** A bundle context that records the services registered with it. */
    private static BundleContext recordingContext(List<Dictionary<String, ?>> registered, List<Object> services,
                                                  AtomicReference<Boolean> unregistered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                WeChatRoutesTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.set(true);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(WeChatRoutesTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == WebhookEndpoint.class) {
                        services.add(args[1]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> properties = (Dictionary<String, ?>) args[2];
                        registered.add(properties);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theEndpointIsRegisteredForTheIngressWithTheAccountAndUnregisteredOnDeactivation() {
        List<Dictionary<String, ?>> registered = new ArrayList<>();
        List<Object> services = new ArrayList<>();
        AtomicReference<Boolean> unregistered = new AtomicReference<>(false);

        WeChatRoutes component = new WeChatRoutes(TestAccounts.config(wechat.url(), Map.of()),
                Map.of("felix.fileinstall.filename", "/opt/karaf/etc/org.parley.channel.wechat-shop.cfg"),
                recordingContext(registered, services, unregistered), parley.interactions());

        assertThat(registered).singleElement().satisfies(p -> {
            assertThat(p.get(WebhookEndpoint.CHANNEL)).isEqualTo("wechat");
            assertThat(p.get(WebhookEndpoint.ACCOUNT)).isEqualTo("shop");
        });
        assertThat(services).singleElement().isSameAs(component.webhook());
        assertThat(component.replyRouteId()).isEqualTo("parley-wechat-shop-reply");
        component.deactivate();
        assertThat(unregistered.get()).isTrue();
    }

    @Test
    void noSecretReachesTheLogOrAReplysError() throws Exception {
        new WeChatRoutes(TestAccounts.config(wechat.url(), Map.of()), Map.of("service.pid", "org.parley.channel.wechat~brand"),
                recordingContext(new ArrayList<>(), new ArrayList<>(), new AtomicReference<>(false)), parley.interactions())
                .deactivate();
        deliver(TestAccounts.text("24602541234567890", TS, "hi"));
        assertThat(reply(MESSAGE, "one").status()).isEqualTo(Reply.Status.SENT);
        String accessToken = wechat.sent().get(0).accessToken();
        wechat.failNextToken(40125, "invalid appsecret " + TestAccounts.APP_SECRET);
        wechat.expireTokens();
        Reply failed = reply(MESSAGE, "two");
        assertThat(failed.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(failed.error()).contains("AppSecret", "40125").doesNotContain(TestAccounts.APP_SECRET);

        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        assertThat(logFile).as("surefire routes the log to a file").isNotNull();
        String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
        assertThat(log).contains("WeChat account brand configured")
                .doesNotContain(TestAccounts.APP_SECRET, TestAccounts.TOKEN, accessToken);
    }
}
