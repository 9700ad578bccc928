package org.parley.channel.bluesky.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.InvalidInteractionException;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one Bluesky account, contributed to Parley's CamelContext as a {@code RoutesBuilder} service, one per
 * factory configuration {@code etc/org.parley.channel.bluesky-<name>.cfg}.
 *
 * <ul>
 * <li>{@code parley-bluesky-<account>-poll}: timer, read the cursor, walk the notifications back to it
 *     ({@link NotificationPoller}), map them, and hand them to {@code parley:ingest} in one batch with the new cursor;
 *     then {@code parley:poll} records the poll and the backfill's progress. A failure is recorded by
 *     {@code parley:poll} and the cursor stays: the next poll reads the same notifications. While Bluesky asks to wait
 *     (429), or a refused login waits for its next attempt, ticks are skipped.</li>
 * <li>{@code parley-bluesky-<account>-replay} at {@code direct:parley-bluesky-<account>-replay}: where this account's
 *     dead letters are replayed. One notification in, all or nothing, the cursor left alone.</li>
 * <li>{@code parley-bluesky-<account>-reply} from {@code parley:outbound}: posts a reply in its thread
 *     ({@link ReplyPoster}); idempotent, so Parley may send again a reply whose attempt was cut off.</li>
 * </ul>
 */
@Component(name = BlueskyConfig.PID, service = RoutesBuilder.class, configurationPid = BlueskyConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BlueskyConfig.class, factory = true)
public class BlueskyRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BlueskyRoutes.class);

    private final BlueskySettings settings;
    private final RateLimitGate gate;
    private final BlueskySession session;
    private final NotificationPoller poller;
    private final NotificationMapper mapper;
    private final ReplyPoster poster;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public BlueskyRoutes(BlueskyConfig config, Map<String, Object> properties) {
        this(settings(config, properties), Clock.systemUTC());
    }

    public BlueskyRoutes(BlueskySettings settings, Clock clock) {
        this(settings, clock, NotificationPoller.MAX_PAGES_PER_POLL);
    }

    BlueskyRoutes(BlueskySettings settings, Clock clock, int maxPagesPerPoll) {
        this.settings = settings;
        this.gate = new RateLimitGate(clock);
        XrpcClient client = new XrpcClient(settings.serviceUrl(), settings.connectTimeout(), settings.readTimeout(), gate, json);
        this.session = new BlueskySession(client, settings, clock, json);
        this.poller = new NotificationPoller(session, settings, clock, json, maxPagesPerPoll);
        this.mapper = new NotificationMapper(settings.account(), replayUri(), clock);
        this.poster = new ReplyPoster(session, clock, json);
    }

    private static BlueskySettings settings(BlueskyConfig config, Map<String, Object> properties) {
        String name = BlueskySettings.configName(properties);
        BlueskySettings settings = BlueskySettings.validate(BlueskySettings.displayPid(name, properties), name, config);
        LOG.info("Bluesky {} configured: {} on {}, polled every {}", settings.account(), settings.identifier(),
                settings.host(), settings.pollInterval());
        if (!settings.looksLikeAppPassword()) {
            LOG.warn("{}: appPassword does not look like a Bluesky app password (xxxx-xxxx-xxxx-xxxx); use an app password, "
                    + "never the account's own password", settings.name());
        }
        return settings;
    }

    public String pollRouteId() {
        return "parley-bluesky-" + settings.account() + "-poll";
    }

    public String replayRouteId() {
        return "parley-bluesky-" + settings.account() + "-replay";
    }

    public String replyRouteId() {
        return "parley-bluesky-" + settings.account() + "-reply";
    }

    /** Where this account's dead letters are replayed. */
    public String replayUri() {
        return "direct:parley-bluesky-" + settings.account() + "-replay";
    }

    @Override
    public void configure() {
        String params = "?channel=" + NotificationMapper.CHANNEL + "&account=" + settings.account();
        long period = settings.pollInterval().toMillis();

        from("timer:parley-bluesky-" + settings.account() + "?period=" + period + "&delay=" + Math.min(1000, period))
                .routeId(pollRouteId())
                .onException(Exception.class).handled(true)
                    .process(this::logFailure)
                    .to("parley:poll" + params)
                .end()
                .choice()
                    .when(exchange -> waitUntil() != null)
                        .process(exchange -> LOG.debug("Bluesky {}: poll skipped until {}", settings.account(), waitUntil()))
                        .stop()
                .end()
                .to("parley:cursor" + params)
                .process(this::poll)
                .choice()
                    .when(exchange -> exchange.getMessage().getBody() instanceof IngestBatch)
                        .to("parley:ingest" + params)
                        .process(this::logStored)
                .end()
                .to("parley:poll" + params);

        // Errors go back to the replayer, which counts a failed replay.
        from(replayUri())
                .routeId(replayRouteId())
                .errorHandler(noErrorHandler())
                .process(this::replay)
                .to("parley:ingest" + params);

        // The reply desk retries with backoff and reads the outcome; Camel must not retry on its own.
        from("parley:outbound" + params + "&requireApproval=" + settings.requireApproval()
                + "&idempotent=true&maxLength=" + ReplyPoster.MAX_CHARS)
                .routeId(replyRouteId())
                .errorHandler(noErrorHandler())
                .process(this::reply);
    }

    /**
     * Until when polls are skipped: Bluesky asked to wait (429), or a refused login waits before it is tried again (its
     * reason is recorded already). Null when a poll may go.
     */
    private Instant waitUntil() {
        Instant limited = gate.closedUntil();
        return limited != null ? limited : session.loggedOutUntil();
    }

    private void poll(Exchange exchange) {
        Message message = exchange.getMessage();
        NotificationPoller.Result result = poller.poll(message.getHeader(ParleyHeaders.CURSOR, String.class));
        message.removeHeader(ParleyHeaders.CURSOR);
        if (result.backfill() != null) {
            message.setHeader(ParleyHeaders.BACKFILL, result.backfill());
        }
        if (result.fresh().isEmpty() && !result.moved()) {
            message.setBody(null);
            return;
        }
        NotificationMapper.Mapped mapped = mapper.map(result.fresh());
        message.setBody(new IngestBatch(NotificationMapper.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), result.cursor()));
    }

    private void replay(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        String payload = message.getMandatoryBody(String.class);
        NotificationMapper.Mapped mapped;
        try {
            mapped = mapper.map(List.of(Notification.of(json.readTree(payload))));
        } catch (java.io.IOException e) {
            throw new InvalidInteractionException("the payload is not a Bluesky notification (not JSON)");
        }
        if (!mapped.deadLetters().isEmpty()) {
            throw new InvalidInteractionException(mapped.deadLetters().stream().map(DeadLetter.New::reason).toList());
        }
        message.setBody(new IngestBatch(NotificationMapper.CHANNEL, settings.account(), mapped.interactions(), List.of(), null));
    }

    private void reply(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        OutboundReply outbound = message.getMandatoryBody(OutboundReply.class);
        ReplyPoster.Posted posted = poster.post(outbound);
        message.setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, posted.uri());
        message.setHeader(ParleyHeaders.REPLY_URL, posted.url());
    }

    private void logStored(Exchange exchange) {
        IngestBatch batch = exchange.getMessage().getBody(IngestBatch.class);
        if (batch != null && !(batch.interactions().isEmpty() && batch.deadLetters().isEmpty())) {
            LOG.info("Bluesky {}: {} notifications handed over, {} dead letters", settings.account(),
                    batch.interactions().size(), batch.deadLetters().size());
        }
    }

    private void logFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Bluesky {}: poll failed: {}", settings.account(), e == null ? "unknown error" : e.getMessage());
    }
}
