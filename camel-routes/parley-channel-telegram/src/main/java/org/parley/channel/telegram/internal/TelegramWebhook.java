package org.parley.channel.telegram.internal;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.IngestBatch;
import org.parley.api.InteractionValidator;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;

/**
 * A bot in webhook mode on Parley's public ingress, at {@code /parley/hooks/telegram/<account>}: Telegram posts one
 * update per request with the secret given to setWebhook in {@code X-Telegram-Bot-Api-Secret-Token}, compared in
 * constant time before the body is looked at. A delivery is known by its {@code update_id}, so Telegram's retry of an
 * update it got no answer for is stored once. Mapping is the long-polling route's ({@link UpdateMapper}): an update
 * that cannot be mapped becomes a dead letter of its own, replayable through the account's replay route.
 *
 * <p>Registered by {@link TelegramRoutes} as a {@code WebhookEndpoint} service; this class is only loaded in webhook
 * mode, so a bot that polls does not need the ingress bundle.
 */
final class TelegramWebhook implements WebhookEndpoint {

    /** The service interface, by name: registering under it needs no class literal of the ingress's API. */
    static final String SERVICE = "org.parley.ingress.WebhookEndpoint";
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    /** Where the identity of the bot comes from (configured, or getMe once); may fail while Telegram is unreachable. */
    interface Identity {
        BotIdentity get() throws BotApiException;
    }

    private final TelegramSettings settings;
    private final Identity identity;
    private final String replayUri;
    private final InteractionValidator validator;

    TelegramWebhook(TelegramSettings settings, Identity identity, String replayUri, InteractionValidator validator) {
        this.settings = settings;
        this.identity = identity;
        this.replayUri = replayUri;
        this.validator = validator;
    }

    @Override
    public String channel() {
        return TelegramSettings.CHANNEL;
    }

    @Override
    public String account() {
        return settings.account();
    }

    /** Telegram has no verification handshake: a GET is refused. */
    @Override
    public Optional<HookResponse> handshake(HookRequest request) {
        return Optional.empty();
    }

    @Override
    public Verdict verify(HookRequest request) {
        Optional<String> presented = request.header(SECRET_HEADER);
        if (presented.isEmpty()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no " + SECRET_HEADER + " header");
        }
        if (!settings.webhookSecret().matches(presented.get())) {
            return Verdict.refused(Verdict.Outcome.FORGED, SECRET_HEADER + " is not this bot's webhook secret");
        }
        return Verdict.ACCEPTED;
    }

    /** The update's {@code update_id}; null (the ingress then keys it by the body's hash) when it has none. */
    @Override
    public String deliveryId(HookRequest request) {
        JsonNode id = read(request.body()).path("update_id");
        return id.canConvertToLong() ? Long.toString(id.asLong()) : null;
    }

    @Override
    public IngestBatch map(Delivery delivery) {
        JsonNode update = read(delivery.body());
        if (!update.isObject()) {
            throw new IllegalArgumentException("the webhook body is not a Telegram update (not a JSON object)");
        }
        BotIdentity bot;
        try {
            bot = identity.get();
        } catch (BotApiException e) {
            // Telegram is unreachable for getMe: the ingress tries again later.
            throw new IllegalStateException(settings.token().redact(e.getMessage()));
        }
        UpdateMapper.Mapped mapped = new UpdateMapper(settings.account(), bot, replayUri, validator)
                .map(BotApi.JSON.createArrayNode().add(update), null);
        return new IngestBatch(TelegramSettings.CHANNEL, settings.account(), mapped.interactions(),
                mapped.deadLetters(), null);
    }

    private static JsonNode read(byte[] body) {
        try {
            JsonNode node = BotApi.JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("the webhook body is empty");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the webhook body is not JSON");
        }
    }
}
