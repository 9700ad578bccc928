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
 * Long-polls getUpdates from an offset, and learns who the bot is. Paced by a {@link PollPacer}: a 429 waits
 * {@code retry_after}, other failures back off.
 *
 * <p>The offset is Parley's cursor: the last stored {@code update_id + 1}, committed with the batch it covers. Telegram
 * drops the updates below the offset it is sent ("confirmed"), so nothing is confirmed before it is stored.
 *
 * <p>Telegram's ids may restart at a random value after a week without updates. An offset above that value would
 * confirm the new updates unseen, so after {@link #QUIET_RESET} without news this poller asks once without an offset:
 * every earlier update was confirmed by its own earlier polls, so that answer holds exactly the new ones.
 */
final class UpdatePoller {

    static final Duration QUIET_RESET = Duration.ofDays(6);
    /** getUpdates' answer while a webhook is set: "Conflict: can't use getUpdates method while webhook is active". */
    static final int WEBHOOK_ACTIVE = 409;
    private static final Logger LOG = LoggerFactory.getLogger(UpdatePoller.class);

    /** One getUpdates answer; {@code full} when it held as many updates as asked for (more are waiting). */
    record Page(JsonNode updates, boolean full) {
    }

    private final BotApi api;
    private final TelegramSettings settings;
    private final Clock clock;
    private final PollPacer pacer;
    private volatile Instant lastNewsAt;
    private volatile BotIdentity identity;

    UpdatePoller(BotApi api, TelegramSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.pacer = new PollPacer(clock, settings.pollInterval());
        this.lastNewsAt = clock.instant();
        if (settings.botUsername() != null) {
            identity = new BotIdentity(settings.token().botId(), settings.botUsername());
        }
    }

    /** When a 429 or failures asked to wait: the time before which polls are skipped, else null. */
    Instant waitUntil() {
        return pacer.waitUntil();
    }

    /** The configured username, else the one getMe tells (asked once). */
    BotIdentity identity(BooleanSupplier abandoned) throws BotApiException {
        BotIdentity known = identity;
        if (known != null) {
            return known;
        }
        JsonNode me = paced(() -> api.call("getMe", BotApi.params(), Duration.ZERO, abandoned));
        String username = me.path("username").asText("");
        if (username.isEmpty()) {
            throw new BotApiException("Telegram getMe answered without a username: set botUsername in " + settings.name()
                    + ".cfg", "getMe", 200, null, null, false, false);
        }
        identity = new BotIdentity(me.path("id").asLong(settings.token().botId()), username);
        LOG.info("Telegram {}: the bot is @{}", settings.account(), username);
        return identity;
    }

    /**
     * @param offset the stored cursor, or null when the account has none
     * @param quick  answer at once (backfill pages) instead of waiting up to pollTimeout for news
     */
    Page poll(Long offset, boolean quick, BooleanSupplier abandoned) throws BotApiException {
        Duration wait = quick ? Duration.ZERO : settings.pollTimeout();
        ObjectNode params = BotApi.params();
        if (offset != null && !quietTooLong()) {
            params.put("offset", offset);
        }
        params.put("limit", settings.updatesPerPoll());
        params.put("timeout", wait.toSeconds());
        params.putArray("allowed_updates").add("message").add("edited_message");
        JsonNode result;
        try {
            result = paced(() -> api.call("getUpdates", params, wait, abandoned));
        } catch (BotApiException e) {
            // 409 is also "terminated by other getUpdates request" (a second poller of the bot): not ours to fix.
            if (e.errorCode() != WEBHOOK_ACTIVE || e.getMessage() == null || !e.getMessage().contains("webhook is active")) {
                throw e;
            }
            // The bot was in webhook mode: polling again means taking the webhook down (pending updates stay).
            paced(() -> api.call("deleteWebhook", BotApi.params().put("drop_pending_updates", false), Duration.ZERO, abandoned));
            LOG.info("Telegram {}: the bot had a webhook set (webhook mode before); deleted it, polling from now on",
                    settings.account());
            result = paced(() -> api.call("getUpdates", params, wait, abandoned));
        }
        if (!result.isArray()) {
            pacer.failed();
            throw new BotApiException("Telegram getUpdates answered a result that is not a list of updates",
                    "getUpdates", 200, null, null, false, false);
        }
        if (!result.isEmpty()) {
            lastNewsAt = clock.instant();
        }
        return new Page(result, result.size() >= settings.updatesPerPoll());
    }

    private boolean quietTooLong() {
        if (Duration.between(lastNewsAt, clock.instant()).compareTo(QUIET_RESET) < 0) {
            return false;
        }
        LOG.info("Telegram {}: no updates for {} days; asking without an offset, in case Telegram restarted its update ids",
                settings.account(), QUIET_RESET.toDays());
        lastNewsAt = clock.instant();
        return true;
    }

    private interface Call {
        JsonNode run() throws BotApiException;
    }

    private JsonNode paced(Call call) throws BotApiException {
        try {
            JsonNode result = call.run();
            pacer.succeeded();
            return result;
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
    }
}
