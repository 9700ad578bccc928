package org.parley.channel.meta.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.RoutesBuilder;
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
import org.parley.api.config.ConfigValues;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Meta account, per factory configuration {@code etc/org.parley.channel.meta-<account>.cfg}: its
 * {@link MetaWebhook} on the public ingress (registered as a {@link WebhookEndpoint} service with
 * {@code parley.channel=meta} and {@code parley.account=<account>}; the ingress verifies, stores and maps deliveries
 * with it), and its routes, contributed to Parley's CamelContext as a {@code RoutesBuilder} service:
 * <ul>
 * <li>{@code parley-meta-<account>-reply} from {@code parley:outbound}: posts a reply through the Graph API
 *     ({@link ReplySender}). {@code idempotent=false}: the Graph API has no idempotency key.</li>
 * <li>{@code parley-meta-<account>-replay} at {@code direct:parley-meta-<account>-replay}: where this account's dead
 *     letters are replayed. Each holds a webhook body with one item, mapped again all-or-nothing: a replay that still
 *     fails is reported to the replayer instead of becoming a new dead letter.</li>
 * </ul>
 */
@Component(name = MetaConfig.PID, service = RoutesBuilder.class, configurationPid = MetaConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MetaConfig.class, factory = true)
public class MetaRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(MetaRoutes.class);

    private final MetaSettings settings;
    private final WebhookMapper mapper;
    private final MetaWebhook webhook;
    private final ReplySender sender;
    private ServiceRegistration<WebhookEndpoint> registration;

    @Activate
    public MetaRoutes(MetaConfig config, Map<String, Object> properties, BundleContext context) {
        this(settings(config, properties), Clock.systemUTC());
        registration = context.registerService(WebhookEndpoint.class, webhook, serviceProperties(settings.account()));
    }

    public MetaRoutes(MetaSettings settings, Clock clock) {
        this.settings = settings;
        GraphApi api = new GraphApi(settings);
        this.mapper = new WebhookMapper(settings.account(), settings.assets(), settings.graphBase(), replayUri(),
                new InteractionValidator(clock), api);
        this.webhook = new MetaWebhook(settings, mapper);
        this.sender = new ReplySender(api, settings, clock);
    }

    /** The service properties the ingress finds an account's endpoint by. */
    static Dictionary<String, Object> serviceProperties(String account) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebhookEndpoint.CHANNEL, MetaSettings.CHANNEL);
        properties.put(WebhookEndpoint.ACCOUNT, account);
        return properties;
    }

    private static MetaSettings settings(MetaConfig config, Map<String, Object> properties) {
        String name = ConfigValues.factoryName(MetaConfig.PID, properties);
        MetaSettings settings = MetaSettings.validate(ConfigValues.displayPid(MetaConfig.PID, name, properties), name, config);
        LOG.info("Meta account {} configured: {}, Graph API {} {}, replies {}", settings.account(), settings.assets(),
                settings.graphUrl().getHost(), settings.graphVersion(),
                settings.requireApproval() ? "need approval" : "are posted at once");
        return settings;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping and the framework unregistered it first.
            }
            registration = null;
        }
    }

    /** The endpoint the ingress calls for this account. */
    public MetaWebhook webhook() {
        return webhook;
    }

    public String replyRouteId() {
        return "parley-meta-" + settings.account() + "-reply";
    }

    public String replayRouteId() {
        return "parley-meta-" + settings.account() + "-replay";
    }

    /** Where Parley replays this account's dead letters. */
    public String replayUri() {
        return "direct:parley-meta-" + settings.account() + "-replay";
    }

    @Override
    public void configure() {
        String params = "?channel=" + MetaSettings.CHANNEL + "&account=" + settings.account();

        // Errors go back to the replayer, which counts a failed replay.
        from(replayUri())
                .routeId(replayRouteId())
                .errorHandler(noErrorHandler())
                .process(this::replayBatch)
                .to("parley:ingest" + params);

        // Errors go back to Parley's reply desk, which retries, waits out a rate limit, or marks a refusal FAILED.
        from("parley:outbound" + params + "&requireApproval=" + settings.requireApproval()
                + "&idempotent=false&maxLength=" + ReplySender.FACEBOOK_COMMENT_MAX)
                .routeId(replyRouteId())
                .errorHandler(noErrorHandler())
                .process(this::postReply);
    }

    private void replayBatch(Exchange exchange) throws InvalidPayloadException {
        byte[] body = exchange.getMessage().getMandatoryBody(byte[].class);
        WebhookMapper.Mapped mapped;
        try {
            mapped = mapper.map(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInteractionException(e.getMessage());
        }
        if (!mapped.deadLetters().isEmpty()) {
            throw new InvalidInteractionException(mapped.deadLetters().stream().map(DeadLetter.New::reason).toList());
        }
        exchange.getMessage().setBody(new IngestBatch(MetaSettings.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), null));
    }

    private void postReply(Exchange exchange) throws InvalidPayloadException {
        OutboundReply outbound = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        ReplySender.Sent sent = sender.post(outbound);
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, sent.externalId());
        if (sent.url() != null) {
            exchange.getMessage().setHeader(ParleyHeaders.REPLY_URL, sent.url());
        }
    }
}
