package org.parley.channel.telegram.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook mode's one Bot API call: setWebhook with the public URL, the secret Telegram is to send back, and the
 * update types Parley reads (those the poller asks for). Once it succeeded the bot is registered; until then it is
 * retried, paced like polls ({@link PollPacer}: Telegram's retry_after, else a pause that doubles up to a minute).
 * Telegram stops answering getUpdates while a webhook is set, so registering is also what stops polling.
 */
final class WebhookRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistrar.class);

    private final BotApi api;
    private final TelegramSettings settings;
    private final PollPacer pacer;
    private volatile boolean registered;

    WebhookRegistrar(BotApi api, TelegramSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.pacer = new PollPacer(clock, settings.pollInterval());
    }

    /** Whether a call is due: not registered yet, and no wait running. */
    boolean due() {
        return !registered && pacer.waitUntil() == null;
    }

    boolean registered() {
        return registered;
    }

    /** When failures or a 429 asked to wait: the time before which no call is made, else null. */
    Instant waitUntil() {
        return pacer.waitUntil();
    }

    void register(BooleanSupplier abandoned) throws BotApiException {
        ObjectNode params = BotApi.params();
        params.put("url", settings.webhookUrl().toString());
        params.put("secret_token", settings.webhookSecret().reveal());
        params.putArray("allowed_updates").add("message").add("edited_message");
        JsonNode result;
        try {
            result = api.call("setWebhook", params, Duration.ZERO, abandoned);
        } catch (BotApiException e) {
            if (!e.abandoned()) {
                if (e.retryAfter() != null) {
                    pacer.rateLimited(e.retryAfter());
                } else {
                    pacer.failed();
                }
            }
            throw e;
        }
        if (!result.asBoolean(false)) {
            pacer.failed();
            throw new BotApiException("Telegram setWebhook answered " + result + " instead of true", "setWebhook", 200,
                    null, null, false, false);
        }
        pacer.succeeded();
        registered = true;
        LOG.info("Telegram {}: webhook set to {}; Telegram pushes updates to Parley's ingress and the bot no longer polls",
                settings.account(), settings.token().redact(settings.webhookUrl().toString()));
    }
}
