package org.parley.channel.telegram.internal;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/**
 * Posts a reply with sendMessage, as an answer to the original message ({@code reply_parameters}), as plain text (no
 * parse_mode: what the person in the CRM typed is what appears). Telegram has no idempotency key, so a reply whose
 * outcome is unknown (no answer after sending) is not tried again: it is refused with a message that asks a person
 * to look at the conversation.
 */
final class ReplySender {

    /** Telegram's limit for one message's text. */
    static final int MAX_LENGTH = 4096;

    /** What was posted: its id and, where Telegram has one, its link. */
    record Sent(MessageRef ref, String url) {
    }

    private final BotApi api;

    ReplySender(BotApi api) {
        this.api = api;
    }

    Sent post(OutboundReply outbound) throws BotApiException {
        MessageRef original;
        try {
            original = MessageRef.parse(outbound.original().externalId());
        } catch (IllegalArgumentException e) {
            throw new ReplyRefusedException("This interaction is not a Telegram message (" + e.getMessage() + "), so it "
                    + "cannot be answered on Telegram.");
        }
        String text = outbound.reply().text();
        try {
            return send(original.chatId(), original.messageId(), text);
        } catch (BotApiException e) {
            if (e.migrateToChatId() == null) {
                throw translate(e);
            }
            // The group became a supergroup: the conversation goes on there, under a new chat id.
            try {
                return send(e.migrateToChatId(), original.messageId(), text);
            } catch (BotApiException again) {
                throw translate(again);
            }
        }
    }

    private Sent send(long chatId, long replyTo, String text) throws BotApiException {
        ObjectNode params = BotApi.params();
        params.put("chat_id", chatId);
        params.put("text", text);
        params.putObject("reply_parameters")
                .put("message_id", replyTo)
                // The original may be deleted meanwhile: the answer is still worth sending.
                .put("allow_sending_without_reply", true);
        JsonNode message = api.call("sendMessage", params, Duration.ZERO, () -> false);
        JsonNode chat = message.path("chat");
        if (!message.path("message_id").canConvertToLong() || !chat.path("id").canConvertToLong()) {
            throw new ReplyRefusedException("Telegram accepted the reply but did not say which message it became; "
                    + "look at the conversation before sending it again.");
        }
        long messageId = message.path("message_id").asLong();
        return new Sent(new MessageRef(chat.path("id").asLong(), messageId), MessageRef.url(chat, messageId));
    }

    /**
     * Telegram's answer, as Parley's reply desk understands it: throws what will never succeed or must wait, and
     * returns what is worth trying again later.
     */
    private static BotApiException translate(BotApiException e) {
        if (e.errorCode() == 429 && e.retryAfter() != null) {
            throw new RateLimitedException(e.getMessage(), e.retryAfter());
        }
        if (e.maybeDelivered()) {
            throw new ReplyRefusedException("Telegram did not confirm the reply (" + e.getMessage() + "); it may have "
                    + "been posted. Look at the conversation and retry the reply only if it is missing.");
        }
        String description = e.getMessage().toLowerCase(Locale.ROOT);
        if (e.errorCode() == 403) {
            if (description.contains("blocked by the user")) {
                throw new ReplyRefusedException("This person has blocked the bot on Telegram, so the reply cannot be delivered.");
            }
            if (description.contains("kicked") || description.contains("not a member")) {
                throw new ReplyRefusedException("The bot is no longer a member of this Telegram group. Add it to the "
                        + "group again, then retry the reply.");
            }
            if (description.contains("deactivated")) {
                throw new ReplyRefusedException("This Telegram account was deleted, so the reply cannot be delivered.");
            }
            throw new ReplyRefusedException("Telegram does not let the bot post in this chat: " + e.getMessage());
        }
        if (e.errorCode() == 400) {
            if (description.contains("chat not found")) {
                throw new ReplyRefusedException("Telegram no longer knows this chat (it was deleted, or the bot lost "
                        + "access to it), so the reply cannot be delivered.");
            }
            if (description.contains("too long")) {
                throw new ReplyRefusedException("The reply is longer than Telegram's " + MAX_LENGTH
                        + " characters: shorten it and send it again.");
            }
            if (description.contains("not enough rights") || description.contains("have no rights")) {
                throw new ReplyRefusedException("The bot is not allowed to post in this Telegram group (an admin "
                        + "restricted it). Ask an admin of the group, then retry the reply.");
            }
            throw new ReplyRefusedException("Telegram refused the reply: " + e.getMessage());
        }
        // A refused token, Telegram's own trouble, no connection: worth trying again later.
        return e;
    }
}
