package org.parley.channel.telegram.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StatefulService;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.StoreResult;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one Telegram bot, contributed to Parley's CamelContext as a {@code RoutesBuilder} service, one per
 * factory configuration {@code etc/org.parley.channel.telegram-<name>.cfg}.
 *
 * <ul>
 * <li>{@code parley-telegram-<account>-poll}: timer, read the cursor, long-poll getUpdates from it, map the page, and
 *     hand interactions, dead letters and the new cursor ({@code last update_id + 1}) to {@code parley:ingest} in one
 *     batch; a page of chatter only still moves the cursor. A poll that got nothing, or failed, is recorded by
 *     {@code parley:poll}; while a 429's {@code retry_after} (or a failure's back-off) runs, ticks are skipped. The
 *     first poll of an account without a cursor is its backfill, reported through {@code ParleyBackfill}.</li>
 * <li>In webhook mode ({@code mode = webhook}) instead of the poll route: {@code parley-telegram-<account>-webhook},
 *     which calls setWebhook until Telegram took it (recorded by {@code parley:poll}); the updates then arrive
 *     through Parley's public ingress at {@code /parley/hooks/telegram/<account>}, where this account's
 *     {@link TelegramWebhook}, registered as a {@code WebhookEndpoint} service, checks their secret and maps them.</li>
 * <li>{@code parley-telegram-<account>-replay} at {@code direct:parley-telegram-<account>}: one update (the payload of
 *     a dead letter) mapped again and ingested without touching the cursor; all-or-nothing.</li>
 * <li>{@code parley-telegram-<account>-reply} from {@code parley:outbound}: sendMessage with reply_parameters.
 *     {@code idempotent=false}: Telegram has no idempotency key.</li>
 * </ul>
 *
 * <p>Why not camel-telegram (4.14.1): its consumer keeps the getUpdates offset in a field that starts empty and moves
 * after each update is processed, with no option to start from a stored offset nor to commit a page as one batch; it
 * asks for every update type (no {@code allowed_updates}); its producer sends the deprecated
 * {@code reply_to_message_id} and has no {@code reply_parameters}; a Telegram error becomes a
 * {@code TelegramException} whose message holds the request URI, i.e. the bot token, and whose
 * {@code parameters.retry_after} is not read. Its model would also have to be embedded. The Bot API is three JSON
 * calls: {@link BotApi} makes them with the JDK's HTTP client.
 */
@Component(name = TelegramConfig.PID, service = RoutesBuilder.class, configurationPid = TelegramConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TelegramConfig.class, factory = true)
public class TelegramRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramRoutes.class);
    private static final String EMPTY = "ParleyTelegramEmpty";
    private static final String ABANDONED = "ParleyTelegramAbandoned";
    private static final String FULL = "ParleyTelegramFull";
    private static final String TOO_OLD = "ParleyTelegramTooOld";

    private final TelegramSettings settings;
    private final Clock clock;
    private final UpdatePoller poller;
    private final ReplySender sender;
    private final InteractionValidator validator;
    /** Webhook mode only (else null): setWebhook, and the endpoint the ingress calls. */
    private final WebhookRegistrar registrar;
    private final TelegramWebhook webhook;
    private ServiceRegistration<?> registration;
    /** The backfill under way, or null. Touched by the poll route's timer thread only. */
    private Backfill backfill;
    private boolean backfillDone;

    @Activate
    public TelegramRoutes(TelegramConfig config, Map<String, Object> properties, BundleContext context) {
        this(config, properties);
        if (webhook != null) {
            Dictionary<String, Object> serviceProperties = new Hashtable<>();
            serviceProperties.put("parley.channel", TelegramSettings.CHANNEL);
            serviceProperties.put("parley.account", settings.account());
            registration = context.registerService(TelegramWebhook.SERVICE, webhook, serviceProperties);
        }
    }

    public TelegramRoutes(TelegramConfig config, Map<String, Object> properties) {
        this(settings(config, properties), Clock.systemUTC());
    }

    public TelegramRoutes(TelegramSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        BotApi api = new BotApi(settings);
        this.poller = new UpdatePoller(api, settings, clock);
        this.sender = new ReplySender(api);
        this.validator = new InteractionValidator(clock);
        if (settings.mode() == TelegramSettings.Mode.WEBHOOK) {
            this.registrar = new WebhookRegistrar(api, settings, clock);
            this.webhook = webhook(settings, poller, replayUri(), validator);
        } else {
            this.registrar = null;
            this.webhook = null;
        }
    }

    /** Loads the ingress's API only here, so that a polling bot resolves without the ingress bundle. */
    private static TelegramWebhook webhook(TelegramSettings settings, UpdatePoller poller, String replayUri,
                                           InteractionValidator validator) {
        try {
            return new TelegramWebhook(settings, () -> poller.identity(() -> false), replayUri, validator);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(settings.name() + ": mode = webhook needs Parley's public webhook ingress: "
                    + "feature:install parley-ingress (then, if this bundle was running, bundle:refresh it)", e);
        }
    }

    /** Webhook mode: the ingress stops sending updates to this account; Telegram's webhook stays set. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
            registration = null;
        }
    }

    /** Webhook mode: the endpoint this account registers with the ingress; null when polling. */
    TelegramWebhook webhook() {
        return webhook;
    }

    private static TelegramSettings settings(TelegramConfig config, Map<String, Object> properties) {
        String name = TelegramSettings.configName(properties);
        TelegramSettings settings = TelegramSettings.validate(TelegramSettings.displayPid(name, properties), name, config);
        if (settings.mode() == TelegramSettings.Mode.WEBHOOK) {
            LOG.info("Telegram bot {} configured as account {}: webhook mode, updates pushed by {} to {}", settings.token(),
                    settings.account(), settings.apiHost(), settings.token().redact(settings.webhookUrl().toString()));
        } else {
            LOG.info("Telegram bot {} configured as account {}: {} long polls of {} s", settings.token(),
                    settings.account(), settings.apiHost(), settings.pollTimeout().toSeconds());
        }
        return settings;
    }

    public String pollRouteId() {
        return "parley-telegram-" + settings.account() + "-poll";
    }

    public String replayRouteId() {
        return "parley-telegram-" + settings.account() + "-replay";
    }

    public String webhookRouteId() {
        return "parley-telegram-" + settings.account() + "-webhook";
    }

    public String replyRouteId() {
        return "parley-telegram-" + settings.account() + "-reply";
    }

    /** Where Parley replays this account's dead letters: one update in, mapped and ingested again. */
    public String replayUri() {
        return "direct:parley-telegram-" + settings.account();
    }

    @Override
    public void configure() {
        String params = "?channel=" + TelegramSettings.CHANNEL + "&account=" + settings.account();
        long interval = settings.pollInterval().toMillis();

        if (registrar != null) {
            // Webhook mode: no polling (Telegram refuses getUpdates while a webhook is set); setWebhook until it took.
            from("timer:parley-telegram-" + settings.account() + "-webhook?period=" + interval + "&delay=0")
                    .routeId(webhookRouteId())
                    .onException(Exception.class).handled(true)
                        .process(this::logFailure)
                        .to("parley:poll" + params)
                    .end()
                    .filter(exchange -> registrar.due())
                    .process(exchange -> registrar.register(abandoned(exchange.getContext(), webhookRouteId())))
                    .to("parley:poll" + params);
        } else {
            pollRoute(params, interval);
        }

        // Errors go back to the replayer, which counts a failed replay.
        from(replayUri())
                .routeId(replayRouteId())
                .errorHandler(noErrorHandler())
                .process(this::replayBatch)
                .to("parley:ingest" + params);

        // Errors go back to Parley's reply desk, which decides between retry, wait and FAILED.
        from("parley:outbound" + params + "&requireApproval=" + settings.requireApproval()
                + "&idempotent=false&maxLength=" + ReplySender.MAX_LENGTH)
                .routeId(replyRouteId())
                .errorHandler(noErrorHandler())
                .process(this::postReply);
    }

    private void pollRoute(String params, long interval) {
        from("timer:parley-telegram-" + settings.account() + "?period=" + interval + "&delay=" + interval)
                .routeId(pollRouteId())
                .onException(Exception.class).handled(true)
                    .process(this::logFailure)
                    .to("parley:poll" + params)
                .end()
                .filter(exchange -> poller.waitUntil() == null)
                .to("parley:cursor" + params)
                .process(this::fetch)
                .choice()
                    .when(exchangeProperty(ABANDONED).isEqualTo(true))
                        .stop()
                    .when(exchangeProperty(EMPTY).isEqualTo(true))
                        .to("parley:poll" + params)
                    .otherwise()
                        .to("parley:ingest" + params)
                        .process(this::afterIngest)
                        .filter(header(ParleyHeaders.BACKFILL).isNotNull())
                            .to("parley:poll" + params)
                        .end()
                .end();
    }

    private void fetch(Exchange exchange) throws BotApiException {
        Message message = exchange.getMessage();
        String cursor = message.getHeader(ParleyHeaders.CURSOR, String.class);
        Long offset = offset(cursor);
        if (offset == null && backfill == null && !backfillDone) {
            backfill = new Backfill(settings.backfillWindow(), clock.instant());
            LOG.info("Telegram {}: no cursor yet, importing what Telegram kept for the bot (at most 24 h)", settings.account());
        }
        BooleanSupplier abandoned = abandoned(exchange.getContext(), pollRouteId());
        UpdatePoller.Page page;
        UpdateMapper mapper;
        try {
            mapper = new UpdateMapper(settings.account(), poller.identity(abandoned), replayUri(), validator);
            page = poller.poll(offset, backfill != null, abandoned);
        } catch (BotApiException e) {
            if (e.abandoned()) {
                exchange.setProperty(ABANDONED, true);
                return;
            }
            throw e;
        }
        if (page.updates().isEmpty()) {
            exchange.setProperty(EMPTY, true);
            finishBackfill(message);
            return;
        }
        UpdateMapper.Mapped mapped = mapper.map(page.updates(), backfill == null ? null : backfill.importSince());
        if (mapped.lastUpdateId() < 0) {
            throw new BotApiException("Telegram getUpdates answered " + page.updates().size()
                    + " updates without an update_id", "getUpdates", 200, null, null, false, false);
        }
        LOG.debug("Telegram {}: {} updates up to {}: {} interactions, {} dead letters, {} skipped, {} too old",
                settings.account(), page.updates().size(), mapped.lastUpdateId(), mapped.interactions().size(),
                mapped.deadLetters().size(), mapped.skipped(), mapped.tooOld());
        exchange.setProperty(FULL, page.full());
        exchange.setProperty(TOO_OLD, mapped.tooOld());
        message.setBody(new IngestBatch(TelegramSettings.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), Long.toString(mapped.lastUpdateId() + 1)));
    }

    private void afterIngest(Exchange exchange) {
        Message message = exchange.getMessage();
        IngestBatch batch = message.getBody(IngestBatch.class);
        StoreResult result = message.getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);
        int stored = result != null ? result.stored().size() : batch == null ? 0 : batch.interactions().size();
        LOG.info("Telegram {}: {} interactions stored, {} dead letters, cursor {}", settings.account(), stored,
                batch == null ? 0 : batch.deadLetters().size(), batch == null ? "?" : batch.cursor());
        if (backfill != null) {
            backfill.add(stored, exchange.getProperty(TOO_OLD, 0, Integer.class));
            if (exchange.getProperty(FULL, false, Boolean.class)) {
                message.setHeader(ParleyHeaders.BACKFILL, backfill.progress(false));
            } else {
                finishBackfill(message);
            }
        }
    }

    private void finishBackfill(Message message) {
        if (backfill != null) {
            String progress = backfill.progress(true);
            message.setHeader(ParleyHeaders.BACKFILL, progress);
            LOG.info("Telegram {}: backfill {}", settings.account(), progress);
            backfill = null;
            backfillDone = true;
        }
    }

    private void replayBatch(Exchange exchange) throws Exception {
        String payload = exchange.getMessage().getMandatoryBody(String.class);
        JsonNode update;
        try {
            update = BotApi.JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidInteractionException("the payload is not a Telegram update (not JSON): " + e.getOriginalMessage());
        }
        UpdateMapper mapper = new UpdateMapper(settings.account(), poller.identity(() -> false), replayUri(), validator);
        UpdateMapper.Mapped mapped = mapper.map(BotApi.JSON.createArrayNode().add(update), null);
        if (!mapped.deadLetters().isEmpty()) {
            throw new InvalidInteractionException(mapped.deadLetters().stream().map(DeadLetter.New::reason).toList());
        }
        exchange.getMessage().setBody(new IngestBatch(TelegramSettings.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), null));
    }

    private void postReply(Exchange exchange) throws Exception {
        OutboundReply outbound = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        ReplySender.Sent sent = sender.post(outbound);
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, sent.ref().externalId());
        if (sent.url() != null) {
            exchange.getMessage().setHeader(ParleyHeaders.REPLY_URL, sent.url());
        }
    }

    /** The stored cursor as an offset; a cursor that is no number is read as none (everything pending is read again). */
    private Long offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            LOG.warn("Telegram {}: the stored cursor '{}' is not an update offset; reading every pending update again",
                    settings.account(), cursor);
            return null;
        }
    }

    /** True once the poll route is being stopped: a long poll in flight is then given up instead of waited for. */
    private BooleanSupplier abandoned(CamelContext camel, String routeId) {
        return () -> {
            if (camel.isStopping()) {
                return true;
            }
            Route route = camel.getRoute(routeId);
            return route == null || (route.getConsumer() instanceof StatefulService consumer
                    && !(consumer.isStarted() || consumer.isStarting()));
        };
    }

    private void logFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : settings.token().redact(e.getMessage());
        if (e instanceof BotApiException api && api.tokenRefused()) {
            LOG.error("Telegram {}: {}", settings.account(), why);
        } else if (registrar != null) {
            LOG.warn("Telegram {}: setWebhook failed{}: {}", settings.account(),
                    registrar.waitUntil() == null ? "" : ", next try after " + registrar.waitUntil(), why);
        } else {
            LOG.warn("Telegram {}: poll failed{}: {}", settings.account(),
                    poller.waitUntil() == null ? "" : ", next poll after " + poller.waitUntil(), why);
        }
    }
}
