package org.parley.channel.wechat.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.InteractionStore;
import org.parley.api.InteractionValidator;
import org.parley.api.config.ConfigValues;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WeChat Official Account, per factory configuration {@code etc/org.parley.channel.wechat-<account>.cfg}: its
 * {@link WeChatWebhook} on the public ingress (registered as a {@link WebhookEndpoint} service with
 * {@code parley.channel=wechat} and {@code parley.account=<account>}; the ingress verifies, stores, acknowledges and
 * later maps deliveries with it; a delivery that cannot be mapped is the ingress's dead letter, replayed through it),
 * and its reply route, contributed to Parley's CamelContext as a {@code RoutesBuilder} service:
 * {@code parley-wechat-<account>-reply} from {@code parley:outbound} sends a customer-service message
 * ({@link ReplySender}). {@code idempotent=false}: WeChat has no idempotency key.
 */
@Component(name = WeChatConfig.PID, service = RoutesBuilder.class, configurationPid = WeChatConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WeChatConfig.class, factory = true)
public class WeChatRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WeChatRoutes.class);

    private final WeChatSettings settings;
    private final WeChatWebhook webhook;
    private final ReplySender sender;
    private ServiceRegistration<WebhookEndpoint> registration;

    @Activate
    public WeChatRoutes(WeChatConfig config, Map<String, Object> properties, BundleContext context,
                        @Reference(name = "interactions") InteractionStore interactions) {
        this(settings(config, properties), interactions, Clock.systemUTC());
        registration = context.registerService(WebhookEndpoint.class, webhook, serviceProperties(settings.account()));
    }

    /** @param interactions the store the reply window is checked against; null: only the original's time counts */
    public WeChatRoutes(WeChatSettings settings, InteractionStore interactions, Clock clock) {
        this.settings = settings;
        this.webhook = new WeChatWebhook(settings, new MessageMapper(settings.account(), new InteractionValidator(clock)));
        WeChatApi api = new WeChatApi(settings);
        this.sender = new ReplySender(api, new AccessTokens(api, clock), settings, interactions, clock);
    }

    /** The service properties the ingress finds an account's endpoint by. */
    static Dictionary<String, Object> serviceProperties(String account) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebhookEndpoint.CHANNEL, WeChatSettings.CHANNEL);
        properties.put(WebhookEndpoint.ACCOUNT, account);
        return properties;
    }

    private static WeChatSettings settings(WeChatConfig config, Map<String, Object> properties) {
        String name = ConfigValues.factoryName(WeChatConfig.PID, properties);
        WeChatSettings settings = WeChatSettings.validate(ConfigValues.displayPid(WeChatConfig.PID, name, properties),
                name, config);
        LOG.info("WeChat account {} configured: AppID {}, {} mode, API {}, replies {}", settings.account(),
                settings.appId(), settings.mode().name().toLowerCase(Locale.ROOT),
                settings.apiBaseUrl().getHost(), settings.requireApproval() ? "need approval" : "are sent at once");
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
    public WeChatWebhook webhook() {
        return webhook;
    }

    public String replyRouteId() {
        return "parley-wechat-" + settings.account() + "-reply";
    }

    @Override
    public void configure() {
        // Errors go back to Parley's reply desk, which retries, waits out a quota, or marks a refusal FAILED.
        from("parley:outbound?channel=" + WeChatSettings.CHANNEL + "&account=" + settings.account()
                + "&requireApproval=" + settings.requireApproval() + "&idempotent=false")
                .routeId(replyRouteId())
                .errorHandler(noErrorHandler())
                .process(this::sendReply);
    }

    private void sendReply(Exchange exchange) throws InvalidPayloadException {
        OutboundReply outbound = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, sender.send(outbound));
    }
}
