package org.parley.channel.feeds.internal;

import java.time.Clock;
import java.util.Map;

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
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one feed, contributed to Parley's CamelContext as a {@code RoutesBuilder} service, one per factory
 * configuration {@code etc/org.parley.channel.feeds-<name>.cfg}.
 *
 * <ul>
 * <li>{@code parley-feeds-<account>-poll}: timer, read the cursor, conditional GET; 304 records a successful poll,
 *     200 hands the document to the map route with the new cursor; any failure is recorded by {@code parley:poll}.
 *     While a 429/503 Retry-After is running, ticks are skipped.</li>
 * <li>{@code parley-feeds-<account>-map} at {@code direct:parley-feeds-<account>}: one feed document in, one
 *     {@link IngestBatch} out to {@code parley:ingest}. Also the replay endpoint of this feed's dead letters: a body that
 *     did not come from the poll route carries no cursor (the cursor is left alone) and is all-or-nothing, so a replay
 *     that still fails is reported to the replayer instead of becoming a new dead letter.</li>
 * </ul>
 */
@Component(name = FeedConfig.PID, service = RoutesBuilder.class, configurationPid = FeedConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FeedConfig.class, factory = true)
public class FeedRoutes extends RouteBuilder {

    /** The cursor that covers the document in the body; set by the poll route only. */
    public static final String HEADER_CURSOR = "ParleyFeedCursor";
    /** {@code poll} when the document comes from this feed's poll route (and not from a replay). */
    public static final String HEADER_ORIGIN = "ParleyFeedOrigin";
    static final String ORIGIN_POLL = "poll";
    private static final String NOT_MODIFIED = "ParleyFeedNotModified";

    private static final Logger LOG = LoggerFactory.getLogger(FeedRoutes.class);

    private final FeedSettings settings;
    private final FeedPoller poller;
    private final FeedMapper mapper;

    @Activate
    public FeedRoutes(FeedConfig config, Map<String, Object> properties) {
        this(settings(config, properties), Clock.systemUTC());
    }

    public FeedRoutes(FeedSettings settings, Clock clock) {
        this.settings = settings;
        this.poller = new FeedPoller(settings, clock);
        this.mapper = new FeedMapper(settings.account(), settings.kind(), settings.language(), mapUri(),
                new InteractionValidator(clock));
    }

    private static FeedSettings settings(FeedConfig config, Map<String, Object> properties) {
        String name = FeedSettings.configName(properties);
        FeedSettings settings = FeedSettings.validate(FeedSettings.displayPid(name, properties), name, config);
        LOG.info("Feed {} configured: {} every {}", settings.account(), settings.source(), settings.pollInterval());
        return settings;
    }

    public String pollRouteId() {
        return "parley-feeds-" + settings.account() + "-poll";
    }

    public String mapRouteId() {
        return "parley-feeds-" + settings.account() + "-map";
    }

    /** The map route, which is also where Parley replays this feed's dead letters. */
    public String mapUri() {
        return "direct:parley-feeds-" + settings.account();
    }

    @Override
    public void configure() {
        String params = "?channel=" + FeedMapper.CHANNEL + "&account=" + settings.account();

        from("timer:parley-feeds-" + settings.account() + "?period=" + settings.pollInterval().toMillis() + "&delay=1000")
                .routeId(pollRouteId())
                .onException(Exception.class).handled(true)
                    .process(this::logFailure)
                    .to("parley:poll" + params)
                .end()
                .choice()
                    .when(exchange -> poller.waitUntil() != null)
                        .process(exchange -> LOG.debug("Feed {}: poll skipped, server asked to wait until {}",
                                settings.account(), poller.waitUntil()))
                        .stop()
                .end()
                .to("parley:cursor" + params)
                .process(this::fetch)
                .choice()
                    .when(exchangeProperty(NOT_MODIFIED).isEqualTo(true))
                        .to("parley:poll" + params)
                    .otherwise()
                        .to(mapUri())
                .end();

        // Errors go back to the caller: the poll route records them, a replayer counts a failed replay.
        from(mapUri())
                .routeId(mapRouteId())
                .errorHandler(noErrorHandler())
                .process(this::toBatch)
                .to("parley:ingest" + params)
                .process(this::logStored);
    }

    private void fetch(Exchange exchange) throws FeedPollException {
        Message message = exchange.getMessage();
        FeedCursor cursor = FeedCursor.parse(message.getHeader("ParleyCursor", String.class));
        FeedPoller.Result result = poller.poll(cursor);
        if (result.outcome() == FeedPoller.Outcome.NOT_MODIFIED) {
            exchange.setProperty(NOT_MODIFIED, true);
            LOG.debug("Feed {}: not modified", settings.account());
            return;
        }
        message.setBody(result.document());
        message.setHeader(HEADER_CURSOR, result.cursor().format());
        message.setHeader(HEADER_ORIGIN, ORIGIN_POLL);
    }

    private void toBatch(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        boolean fromPoll = ORIGIN_POLL.equals(message.getHeader(HEADER_ORIGIN, String.class));
        String cursor = fromPoll ? message.getHeader(HEADER_CURSOR, String.class) : null;
        FeedMapper.Mapped mapped = mapper.map(message.getMandatoryBody(String.class));
        if (!fromPoll && !mapped.deadLetters().isEmpty()) {
            throw new InvalidInteractionException(mapped.deadLetters().stream().map(DeadLetter.New::reason).toList());
        }
        message.removeHeaders("ParleyFeed*");
        message.setBody(new IngestBatch(FeedMapper.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), cursor));
    }

    private void logStored(Exchange exchange) {
        IngestBatch batch = exchange.getMessage().getBody(IngestBatch.class);
        if (batch != null) {
            LOG.info("Feed {} ({}): {} entries handed over, {} dead letters", settings.account(),
                    settings.source(), batch.interactions().size(), batch.deadLetters().size());
        }
    }

    private void logFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Feed {} ({}): poll failed: {}", settings.account(), settings.source(),
                e == null ? "unknown error" : e.getMessage());
    }
}
