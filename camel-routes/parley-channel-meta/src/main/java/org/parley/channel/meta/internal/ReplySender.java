package org.parley.channel.meta.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/**
 * Posts a reply through the Graph API, in the form the original calls for:
 * <ul>
 * <li>Facebook comment: {@code POST /{comment-id}/comments} with {@code message}; a reply to a reply goes to the
 *     top-level comment, since Facebook threads comments one level deep;</li>
 * <li>Instagram comment: {@code POST /{ig-comment-id}/replies} with {@code message} (likewise on the top-level
 *     comment); Instagram mention: {@code POST /{ig-user-id}/mentions} with {@code media_id}, {@code comment_id} (for a
 *     comment mention) and {@code message}, the only way to answer on media the account does not own;</li>
 * <li>Messenger and Instagram direct message: {@code POST /{page-id}/messages} with {@code recipient.id},
 *     {@code messaging_type=RESPONSE} and {@code message.text} (an Instagram account without a Page:
 *     {@code /{ig-user-id}/messages});</li>
 * <li>WhatsApp: {@code POST /{phone-number-id}/messages} with {@code messaging_product=whatsapp}, {@code to},
 *     {@code text.body} and {@code context.message_id} = the original.</li>
 * </ul>
 * Direct messages may only answer within the message window after the person's message: a later reply is refused
 * here, before anything is sent. The Graph API has no idempotency key, so the route is not idempotent.
 */
final class ReplySender {

    /** What was posted: its Parley id ({@code fb:...}) and, where one can be built, a link. */
    record Sent(String externalId, String url) {
    }

    /** Graph API limits on the text of each kind of answer. */
    static final int FACEBOOK_COMMENT_MAX = 8000;
    static final int INSTAGRAM_COMMENT_MAX = 2200;
    static final int MESSENGER_MAX = 2000;
    static final int INSTAGRAM_DM_MAX = 1000;
    static final int WHATSAPP_MAX = 4096;
    /** The wait when Meta throttles without saying for how long. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    private final GraphApi api;
    private final MetaSettings settings;
    private final Clock clock;

    ReplySender(GraphApi api, MetaSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
    }

    Sent post(OutboundReply outbound) {
        Interaction original = outbound.original();
        String text = outbound.reply().text();
        Network network = Network.of(original.externalId());
        if (network == null) {
            throw new ReplyRefusedException("This interaction has no Meta id (" + Json.abbreviate(original.externalId())
                    + "), so it cannot be answered on Facebook, Instagram or WhatsApp.");
        }
        InteractionKind kind = original.kind();
        if (network == Network.WHATSAPP) {
            return whatsapp(original, text);
        }
        if (kind == InteractionKind.DIRECT_MESSAGE) {
            return directMessage(network, original, text);
        }
        if (kind == InteractionKind.COMMENT) {
            return network == Network.FACEBOOK ? facebookComment(original, text) : instagramComment(original, text);
        }
        if (kind == InteractionKind.MENTION && network == Network.INSTAGRAM) {
            return instagramMention(original, text);
        }
        throw new ReplyRefusedException("A " + network.label() + " " + kind + " cannot be answered through the Graph API.");
    }

    private Sent facebookComment(Interaction original, String text) {
        checkLength(text, FACEBOOK_COMMENT_MAX, "a Facebook comment");
        String target = topLevel(Network.FACEBOOK, original);
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", text);
        JsonNode answer = call(List.of(target, "comments"), body, "Facebook comment");
        String id = id(answer.get("id"));
        // The reply sits under the original's post: that is the link Parley can vouch for.
        return new Sent(Network.FACEBOOK.id(id), Json.http(original.url()));
    }

    private Sent instagramComment(Interaction original, String text) {
        checkLength(text, INSTAGRAM_COMMENT_MAX, "an Instagram comment");
        String target = topLevel(Network.INSTAGRAM, original);
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", text);
        JsonNode answer = call(List.of(target, "replies"), body, "Instagram comment reply");
        return new Sent(Network.INSTAGRAM.id(id(answer.get("id"))), null);
    }

    private Sent instagramMention(Interaction original, String text) {
        checkLength(text, INSTAGRAM_COMMENT_MAX, "an Instagram comment");
        String account = requireAsset(Network.INSTAGRAM, "answer Instagram mentions");
        Network ig = Network.INSTAGRAM;
        String mediaId = ig.metaId(original.threadId());
        String mentionId = ig.metaId(original.externalId());
        if (mediaId == null) {
            throw new ReplyRefusedException("Parley does not know on which Instagram post this mention was made, so it "
                    + "cannot be answered.");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("media_id", mediaId);
        if (!mediaId.equals(mentionId)) {
            body.put("comment_id", mentionId);
        }
        body.put("message", text);
        JsonNode answer = call(List.of(account, "mentions"), body, "Instagram mention reply");
        return new Sent(ig.id(id(answer.get("id"))), null);
    }

    private Sent directMessage(Network network, Interaction original, String text) {
        String label = network == Network.FACEBOOK ? "Messenger" : "Instagram";
        checkLength(text, network == Network.FACEBOOK ? MESSENGER_MAX : INSTAGRAM_DM_MAX,
                network == Network.FACEBOOK ? "a Messenger message" : "an Instagram message");
        requireWindow(original, label);
        String sender = network == Network.FACEBOOK || settings.assets().pageId() != null
                ? requireAsset(Network.FACEBOOK, "send " + label + " messages")
                : requireAsset(Network.INSTAGRAM, "send Instagram messages");
        String recipient = person(network, original);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("recipient").put("id", recipient);
        body.put("messaging_type", "RESPONSE");
        body.putObject("message").put("text", text);
        JsonNode answer = call(List.of(sender, "messages"), body, label + " message");
        return new Sent(network.id(id(answer.get("message_id"))), null);
    }

    private Sent whatsapp(Interaction original, String text) {
        checkLength(text, WHATSAPP_MAX, "a WhatsApp message");
        requireWindow(original, "WhatsApp");
        String phoneNumberId = requireAsset(Network.WHATSAPP, "send WhatsApp messages");
        String to = person(Network.WHATSAPP, original);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", to)
                .put("type", "text");
        body.putObject("context").put("message_id", Network.WHATSAPP.metaId(original.externalId()));
        body.putObject("text").put("preview_url", false).put("body", text);
        JsonNode answer = call(List.of(phoneNumberId, "messages"), body, "WhatsApp message");
        return new Sent(Network.WHATSAPP.id(id(answer.path("messages").path(0).get("id"))), null);
    }

    /**
     * Meta allows a free-form direct answer only within 24 hours of the person's message. Measured from the
     * original's time, so a reply that Meta would refuse is refused before it is sent.
     */
    private void requireWindow(Interaction original, String label) {
        Instant at = original.occurredAt();
        if (at == null) {
            throw new ReplyRefusedException("Parley does not know when this " + label + " message was written, so it "
                    + "cannot tell whether the reply window is still open; the reply was not sent.");
        }
        Instant closes = at.plus(settings.messageWindow());
        if (clock.instant().isAfter(closes)) {
            throw new ReplyRefusedException("The reply window of this " + label + " conversation closed at " + closes
                    + ": " + label + " accepts an answer only within " + hours(settings.messageWindow())
                    + " of the person's message (" + at + "). The reply was not sent; answer their latest message "
                    + "instead, or wait until they write again.");
        }
    }

    /** The original when it is a top-level comment, else its parent: both networks nest comments one level deep. */
    private static String topLevel(Network network, Interaction original) {
        String parent = network.metaId(original.inReplyTo());
        String target = parent != null ? parent : network.metaId(original.externalId());
        if (!GraphApi.isSegment(target)) {
            throw new ReplyRefusedException("'" + Json.abbreviate(target) + "' is not a " + network.label()
                    + " comment id, so the comment cannot be answered.");
        }
        return target;
    }

    private static String person(Network network, Interaction original) {
        String id = original.author() == null ? null : network.metaId(original.author().handle());
        if (id == null || !id.matches("\\d{1,32}")) {
            throw new ReplyRefusedException("Parley does not know the " + network.label() + " id of the person who wrote "
                    + "this message, so it cannot be answered.");
        }
        return id;
    }

    private String requireAsset(Network network, String what) {
        String id = settings.assets().of(network);
        if (id == null) {
            throw new ReplyRefusedException("The Meta account '" + settings.account() + "' has no " + network.asset()
                    + " configured (" + network.configKey() + "), so it cannot " + what + ".");
        }
        return id;
    }

    private static void checkLength(String text, int max, String what) {
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            throw new ReplyRefusedException("The reply has " + length + " characters; " + what + " takes at most " + max
                    + ". Shorten it and send it again.");
        }
    }

    private JsonNode call(List<String> segments, ObjectNode body, String what) {
        try {
            return api.post(segments, body);
        } catch (GraphApiException e) {
            throw translate(e, what);
        }
    }

    private static String id(JsonNode id) {
        String value = id == null || !(id.isTextual() || id.isIntegralNumber()) ? null : id.asText().strip();
        if (value == null || value.isEmpty()) {
            throw new ReplyRefusedException("Meta accepted the reply but did not say which message or comment it became; "
                    + "look at the conversation before sending it again.");
        }
        return value;
    }

    /**
     * Meta's answer as Parley's reply desk understands it: a wait, a refusal a person reads, or a failure worth trying
     * again.
     */
    private RuntimeException translate(GraphApiException e, String what) {
        String said = e.metaMessage() != null ? e.metaMessage() : "HTTP " + e.httpStatus();
        if (e.rateLimited()) {
            Duration wait = e.retryAfter() != null ? e.retryAfter() : DEFAULT_RATE_LIMIT_WAIT;
            return new RateLimitedException("Meta rate limit on the " + what + " (" + said + "); waiting " + wait, wait);
        }
        if (e.tokenRefused()) {
            return new ReplyRefusedException("Meta refused the access token (" + said + "). The administrator must "
                    + "renew pageAccessToken in " + settings.name() + ".cfg; then retry the reply.", e);
        }
        if (windowClosed(e)) {
            return new ReplyRefusedException("Meta says the reply window of this conversation is closed (" + said
                    + "): the reply was not delivered. Answer when the person writes again.", e);
        }
        if (e.maybeDelivered()) {
            return new ReplyRefusedException("Meta did not confirm the " + what + " (" + e.getMessage() + "); it may "
                    + "have been posted. Look at the conversation and retry the reply only if it is missing.", e);
        }
        if (e.retryable()) {
            return new IllegalStateException(e.getMessage(), e);
        }
        if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
            return new ReplyRefusedException("Meta refused the " + what + ": " + said, e);
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    /** Messenger's "outside of allowed window" (10/2018278) and WhatsApp's re-engagement error (131047). */
    private static boolean windowClosed(GraphApiException e) {
        return (e.code() == 10 && e.subcode() == 2018278) || e.code() == 131047;
    }

    private static String hours(Duration window) {
        if (window.toMinutesPart() != 0 || window.toSecondsPart() != 0 || window.toNanosPart() != 0) {
            return window.toString();
        }
        return window.toHours() == 1 ? "1 hour" : window.toHours() + " hours";
    }
}
