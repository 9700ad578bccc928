package org.parley.channel.mastodon.internal;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one Mastodon account, contributed to Parley's CamelContext as a {@code RoutesBuilder} service, one per
 * factory configuration {@code etc/org.parley.channel.mastodon-<account>.cfg}.
 *
 * <ul>
 * <li>{@code parley-mastodon-<account>-poll}: timer, read the cursor, then page by page (see {@link MentionPoller}):
 *     fetch, hand to the map route with the page's cursor, report backfill progress through {@code parley:poll}. A poll
 *     that ingested nothing, or failed, is recorded by {@code parley:poll}. While the rate limit is used up, or after the
 *     token was refused, ticks are skipped.</li>
 * <li>{@code parley-mastodon-<account>-map} at {@code direct:parley-mastodon-<account>}: notifications in, one
 *     {@link IngestBatch} out to {@code parley:ingest}. Also the replay endpoint of this account's dead letters: a body
 *     that did not come from the poll route carries no cursor and is all-or-nothing, so a replay that still fails is
 *     reported to the replayer instead of becoming a new dead letter.</li>
 * <li>{@code parley-mastodon-<account>-reply} from {@code parley:outbound}: posts a reply ({@link ReplyPoster}),
 *     declared idempotent since every post carries the reply's idempotency key.</li>
 * </ul>
 */
@Component(name = MastodonConfig.PID, service = RoutesBuilder.class, configurationPid = MastodonConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MastodonConfig.class, factory = true)
public class MastodonRoutes extends RouteBuilder {

    /** The cursor that covers the notifications in the body; set by the poll route only. */
    static final String HEADER_CURSOR = "ParleyMastodonCursor";
    /** {@code poll} when the notifications come from this account's poll route (and not from a replay). */
    static final String HEADER_ORIGIN = "ParleyMastodonOrigin";
    static final String ORIGIN_POLL = "poll";
    private static final String RUN = "ParleyMastodonRun";
    private static final String PAGE = "ParleyMastodonPage";
    private static final String MAPPED = "ParleyMastodonMapped";
    private static final String INGESTED = "ParleyMastodonIngested";

    private static final Logger LOG = LoggerFactory.getLogger(MastodonRoutes.class);

    private final MastodonSettings settings;
    private final MentionPoller poller;
    private final ReplyPoster poster;
    private final MastodonMapper mapper;

    @Activate
    public MastodonRoutes(MastodonConfig config, Map<String, Object> properties) {
        this(settings(config, properties), Clock.systemUTC());
    }

    public MastodonRoutes(MastodonSettings settings, Clock clock) {
        this.settings = settings;
        MastodonApi api = new MastodonApi(settings, clock);
        this.poller = new MentionPoller(settings, api, clock);
        this.poster = new ReplyPoster(api, clock);
        this.mapper = new MastodonMapper(settings.account(), settings.instanceDomain(), mapUri(), new InteractionValidator(clock));
    }

    private static MastodonSettings settings(MastodonConfig config, Map<String, Object> properties) {
        String name = MastodonSettings.configName(properties);
        MastodonSettings settings = MastodonSettings.validate(MastodonSettings.displayPid(name, properties), name, config);
        LOG.info("Mastodon account {} configured on {}: polled every {}, backfill {}", settings.account(), settings.host(),
                settings.pollInterval(), settings.backfillWindow());
        return settings;
    }

    public String pollRouteId() {
        return "parley-mastodon-" + settings.account() + "-poll";
    }

    public String mapRouteId() {
        return "parley-mastodon-" + settings.account() + "-map";
    }

    public String replyRouteId() {
        return "parley-mastodon-" + settings.account() + "-reply";
    }

    /** The map route, which is also where Parley replays this account's dead letters. */
    public String mapUri() {
        return "direct:parley-mastodon-" + settings.account();
    }

    @Override
    public void configure() {
        String params = "?channel=" + MastodonMapper.CHANNEL + "&account=" + settings.account();
        long period = settings.pollInterval().toMillis();

        from("timer:parley-mastodon-" + settings.account() + "?period=" + period + "&delay=" + Math.min(period, 1000))
                .routeId(pollRouteId())
                .onException(Exception.class).handled(true)
                    .process(this::logFailure)
                    .to("parley:poll" + params)
                .end()
                .choice()
                    .when(exchange -> poller.waitUntil() != null)
                        .process(exchange -> LOG.debug("Mastodon {}: poll skipped until {}", settings.account(),
                                poller.waitUntil()))
                        .stop()
                .end()
                .to("parley:cursor" + params)
                .process(this::startRun)
                .loopDoWhile(exchangeProperty(PAGE).isNotNull())
                    .to(mapUri())
                    .process(this::pageStored)
                    .filter(header(ParleyHeaders.BACKFILL).isNotNull())
                        .to("parley:poll" + params)
                        .removeHeader(ParleyHeaders.BACKFILL)
                    .end()
                    .process(this::nextPage)
                .end()
                .filter(exchangeProperty(INGESTED).isNotEqualTo(true))
                    .to("parley:poll" + params)
                .end();

        // Errors go back to the caller: the poll route records them, a replayer counts a failed replay.
        from(mapUri())
                .routeId(mapRouteId())
                .errorHandler(noErrorHandler())
                .process(this::toBatch)
                .to("parley:ingest" + params);

        // Errors go back to Parley's reply desk, which retries, waits out a rate limit, or marks a refusal FAILED.
        from("parley:outbound" + params + "&requireApproval=" + settings.requireApproval()
                + "&idempotent=true&maxLength=" + settings.maxReplyLength())
                .routeId(replyRouteId())
                .errorHandler(noErrorHandler())
                .process(this::postReply);
    }

    private void startRun(Exchange exchange) throws MastodonPollException {
        String cursor = exchange.getMessage().getHeader(ParleyHeaders.CURSOR, String.class);
        // Each page carries its own cursor in its batch; the stored one must not stand in for a page that has none.
        exchange.getMessage().removeHeader(ParleyHeaders.CURSOR);
        exchange.setProperty(RUN, poller.start(cursor));
        nextPage(exchange);
    }

    /** Fetches the next page into the body and the PAGE property; removes the property when the poll is done. */
    private void nextPage(Exchange exchange) throws MastodonPollException {
        MentionPoller.Page page = exchange.getProperty(RUN, MentionPoller.Run.class).next();
        if (page == null) {
            exchange.removeProperty(PAGE);
            return;
        }
        Message message = exchange.getMessage();
        message.setBody(page.notifications());
        message.setHeader(HEADER_CURSOR, page.cursor());
        message.setHeader(HEADER_ORIGIN, ORIGIN_POLL);
        exchange.setProperty(PAGE, page);
    }

    private void pageStored(Exchange exchange) {
        MentionPoller.Run run = exchange.getProperty(RUN, MentionPoller.Run.class);
        MentionPoller.Page page = exchange.getProperty(PAGE, MentionPoller.Page.class);
        int interactions = exchange.getProperty(MAPPED, 0, Integer.class);
        exchange.setProperty(INGESTED, true);
        String progress = run.stored(page, interactions);
        if (progress != null) {
            exchange.getMessage().setHeader(ParleyHeaders.BACKFILL, progress);
        }
    }

    private void toBatch(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        boolean fromPoll = ORIGIN_POLL.equals(message.getHeader(HEADER_ORIGIN, String.class));
        String cursor = fromPoll ? message.getHeader(HEADER_CURSOR, String.class) : null;
        Object body = message.getBody();
        MastodonMapper.Mapped mapped = body instanceof JsonNode node
                ? mapper.map(node) : mapper.map(message.getMandatoryBody(String.class));
        if (!fromPoll && !mapped.deadLetters().isEmpty()) {
            throw new InvalidInteractionException(mapped.deadLetters().stream().map(DeadLetter.New::reason).toList());
        }
        message.removeHeaders("ParleyMastodon*");
        exchange.setProperty(MAPPED, mapped.interactions().size());
        if (!mapped.interactions().isEmpty() || !mapped.deadLetters().isEmpty()) {
            LOG.info("Mastodon {}: {} mentions handed over, {} dead letters{}", settings.account(),
                    mapped.interactions().size(), mapped.deadLetters().size(),
                    mapped.ignored() == 0 ? "" : ", " + mapped.ignored() + " other notifications left out");
        }
        message.setBody(new IngestBatch(MastodonMapper.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), cursor));
    }

    private void postReply(Exchange exchange) throws InvalidPayloadException {
        OutboundReply outbound = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        PostedStatus posted = poster.post(outbound);
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, posted.id());
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_URL, posted.url());
    }

    private void logFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Mastodon {} ({}): poll failed: {}", settings.account(), settings.host(),
                e == null ? "unknown error" : e.getMessage());
    }
}
