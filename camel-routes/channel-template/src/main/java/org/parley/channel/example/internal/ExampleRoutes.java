package org.parley.channel.example.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.IngestBatch;
import org.parley.api.InteractionValidator;
import org.parley.api.StoreResult;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.parley.camel.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example channel's routes for one account: the whole of Parley's channel contract in one class.
 * <ul>
 * <li>{@code parley-example-<account>-poll}: timer → {@code parley:cursor} → one page of the API → {@code parley:ingest}
 *     with the page's interactions, dead letters and new cursor, committed together. Nothing new, or a failure, is
 *     recorded by {@code parley:poll}. After a 429, ticks are skipped until the wait the API asked for is over. With no
 *     cursor yet, the first pages are the backfill, and its progress goes to {@code parley:status}.</li>
 * <li>{@code parley-example-<account>-map} at {@code direct:parley-example-<account>}: where dead letters of this
 *     account are replayed to.</li>
 * <li>{@code parley-example-<account>-reply} from {@code parley:outbound}: posts a reply with its idempotency key
 *     (the API drops a repeated key, so the endpoint is declared {@code idempotent=true}).</li>
 * </ul>
 */
@Component(name = ExampleConfig.PID, service = RoutesBuilder.class, configurationPid = ExampleConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExampleConfig.class, factory = true)
public class ExampleRoutes extends RouteBuilder {

    static final int MAX_REPLY_CHARS = 1_000;
    private static final String HAS_MORE = "ParleyExampleHasMore";
    private static final Logger LOG = LoggerFactory.getLogger(ExampleRoutes.class);

    private final ExampleSettings settings;
    private final ExampleClient client;
    private final ExampleMapper mapper;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** While set and in the future, polls are skipped: the API asked us to wait. */
    private final AtomicReference<Instant> waitUntil = new AtomicReference<>();
    /** Interactions imported by the running backfill; -1 when none runs. Reported, not stored: a backfill resumes by cursor. */
    private long backfilled = -1;

    @Activate
    public ExampleRoutes(ExampleConfig config, Map<String, Object> properties) {
        this(ExampleSettings.of(config, properties), Clock.systemUTC());
    }

    ExampleRoutes(ExampleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = new ExampleClient(settings);
        this.mapper = new ExampleMapper(settings.account(), mapUri(), new InteractionValidator(clock));
        LOG.info("Example channel account {} configured: {}", settings.account(), settings);
    }

    String mapUri() {
        return "direct:parley-example-" + settings.account();
    }

    @Override
    public void configure() {
        String params = "?channel=" + ExampleMapper.CHANNEL + "&account=" + settings.account();

        from("timer:parley-example-" + settings.account() + "?delay=0&period=" + settings.pollInterval().toMillis())
                .routeId("parley-example-" + settings.account() + "-poll")
                .onException(Exception.class).handled(true)
                    .process(this::rememberRateLimit)
                    .to("parley:poll" + params)
                .end()
                .filter(exchange -> !waiting())
                // Page after page while the API says there is more: a backlog is read now, not one tick per page.
                .setHeader(HAS_MORE, constant(true))
                .loopDoWhile(header(HAS_MORE).isEqualTo(true))
                    .to("parley:cursor" + params)
                    .process(this::fetch)
                    .choice()
                        .when(body().isNull()).to("parley:poll" + params)
                        .otherwise().to("parley:ingest" + params).process(this::afterIngest)
                    .end()
                    .filter(header(ParleyHeaders.BACKFILL).isNotNull()).to("parley:poll" + params).end()
                .end();

        // Replays of this account's dead letters come here with one message's JSON; a failure goes back to the replayer.
        from(mapUri()).routeId("parley-example-" + settings.account() + "-map")
                .process(exchange -> exchange.getMessage().setBody(mapper.map(json.readTree(exchange.getMessage().getBody(String.class)))))
                .to("parley:ingest" + params);

        from("parley:outbound" + params + "&idempotent=true&maxLength=" + MAX_REPLY_CHARS
                + "&requireApproval=" + settings.requireApproval())
                .routeId("parley-example-" + settings.account() + "-reply")
                .process(this::postReply);
    }

    private boolean waiting() {
        Instant until = waitUntil.get();
        return until != null && clock.instant().isBefore(until);
    }

    /** One page after the stored cursor; with no cursor, the start of the backfill window. Null body: nothing new. */
    private void fetch(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        message.removeHeader(ParleyHeaders.BACKFILL);
        message.setHeader(HAS_MORE, false);
        String cursor = message.getHeader(ParleyHeaders.CURSOR, String.class);
        if (cursor == null && backfilled < 0) {
            backfilled = 0;
        }
        ExampleClient.Page page = client.messages(cursor, clock.instant().minus(settings.backfillWindow()));
        ExampleMapper.Mapped mapped = mapper.map(page.messages());
        if (mapped.lastId() == null) {
            message.setBody(null);
            if (backfilled >= 0) {
                message.setHeader(ParleyHeaders.BACKFILL, backfillProgress(false));
                backfilled = -1;
            }
            return;
        }
        message.setHeader(HAS_MORE, page.hasMore());
        message.setBody(new IngestBatch(ExampleMapper.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), mapped.lastId()));
    }

    private void afterIngest(Exchange exchange) {
        StoreResult result = exchange.getMessage().getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);
        int stored = result == null ? 0 : result.stored().size();
        LOG.info("Example account {}: {} interactions stored, {} dead letters", settings.account(), stored,
                result == null ? 0 : result.deadLetters().size());
        if (backfilled >= 0) {
            backfilled += stored;
            boolean more = exchange.getMessage().getHeader(HAS_MORE, false, Boolean.class);
            exchange.getMessage().setHeader(ParleyHeaders.BACKFILL, backfillProgress(more));
            if (!more) {
                backfilled = -1;
            }
        }
    }

    private String backfillProgress(boolean running) {
        String since = LocalDate.ofInstant(clock.instant().minus(settings.backfillWindow()), ZoneOffset.UTC).toString();
        return (running ? "running: " : "done: ") + backfilled + " imported since " + since;
    }

    private void rememberRateLimit(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof RateLimitedException limited) {
            waitUntil.set(clock.instant().plus(limited.retryAfter()));
            LOG.info("Example account {}: rate limited, next poll after {}", settings.account(), limited.retryAfter());
        } else {
            LOG.warn("Example account {}: poll failed: {}", settings.account(), e == null ? "unknown error" : e.getMessage());
        }
    }

    private void postReply(Exchange exchange) throws Exception {
        OutboundReply outbound = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        ExampleClient.Posted posted = client.reply(outbound.original().externalId(), outbound.reply().text(),
                outbound.reply().idempotencyKey());
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, posted.id());
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_URL, posted.url());
    }
}
