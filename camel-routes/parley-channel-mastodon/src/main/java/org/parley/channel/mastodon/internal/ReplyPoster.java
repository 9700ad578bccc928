package org.parley.channel.mastodon.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Reply;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/**
 * Posts a reply as a Mastodon status answering the original one ({@code in_reply_to_id}), mentioning its author so
 * they are notified, with the original's visibility (a direct message is answered directly, a followers-only post
 * followers-only: a reply never widens a conversation) and the reply's idempotency key, which Mastodon honours for an
 * hour: a post repeated with the same key returns the first status instead of a second one.
 */
final class ReplyPoster {

    /**
     * An attempt cut off longer ago than this may be past Mastodon's one-hour memory of its idempotency key; such a
     * reply is left for a person to check rather than risk a second post. Measured from when the reply was asked for,
     * the earliest its first attempt can have been, with a margin for clocks.
     */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(50);

    private static final Set<String> VISIBILITIES = Set.of("public", "unlisted", "private", "direct");

    private final MastodonApi api;
    private final Clock clock;

    ReplyPoster(MastodonApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** Posts it; the new status's id and URL. */
    PostedStatus post(OutboundReply outbound) {
        Reply reply = outbound.reply();
        Interaction original = outbound.original();
        if (outbound.uncertain() && reply.requestedAt() != null
                && reply.requestedAt().plus(IDEMPOTENCY_WINDOW).isBefore(clock.instant())) {
            throw new ReplyRefusedException("Parley stopped while posting this reply, too long ago for Mastodon to still "
                    + "recognise a repeated post (it remembers them for an hour), so it cannot tell whether the reply went "
                    + "out. Look at the conversation on Mastodon and retry the reply only if it is missing.");
        }
        Instant limited = api.postGate().closedUntil();
        if (limited != null) {
            throw new RateLimitedException("the account's Mastodon rate limit for posting is used up until " + limited,
                    Duration.between(clock.instant(), limited));
        }
        String author = original.author() == null ? null : original.author().handle();
        ObjectNode status = JsonNodeFactory.instance.objectNode()
                .put("status", author == null ? reply.text() : withMention(author, reply.text()))
                .put("in_reply_to_id", original.externalId())
                .put("visibility", visibility(original));
        try {
            return api.postStatus(status, reply.idempotencyKey());
        } catch (MastodonApiException e) {
            throw translate(e);
        }
    }

    /** {@code @user@domain text}, unless the text already starts by mentioning the author ({@code @user@domain} or {@code @user}). */
    static String withMention(String handle, String text) {
        String full = "@" + handle.toLowerCase(Locale.ROOT);
        int at = full.indexOf('@', 1);
        String user = at > 0 ? full.substring(0, at) : full;
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        if (startsWithMention(start, full) || startsWithMention(start, user)) {
            return text;
        }
        return "@" + handle + " " + text;
    }

    private static boolean startsWithMention(String text, String mention) {
        if (!text.startsWith(mention)) {
            return false;
        }
        if (text.length() == mention.length()) {
            return true;
        }
        char next = text.charAt(mention.length());
        return !(Character.isLetterOrDigit(next) || next == '_' || next == '@' || next == '.' || next == '-');
    }

    /**
     * The original's visibility, read from its raw notification; a direct message always gets {@code direct}. When the
     * raw payload does not tell, {@code direct}: the narrowest, which cannot expose a private conversation.
     */
    static String visibility(Interaction original) {
        if (original.kind() == InteractionKind.DIRECT_MESSAGE) {
            return "direct";
        }
        String visibility = null;
        if (original.raw() != null) {
            try {
                JsonNode raw = MastodonMapper.parse(original.raw());
                visibility = MastodonMapper.text(raw.path("status"), "visibility");
            } catch (InvalidInteractionException e) {
                visibility = null;
            }
        }
        return visibility != null && VISIBILITIES.contains(visibility) ? visibility : "direct";
    }

    private RuntimeException translate(MastodonApiException e) {
        String said = e.serverError() != null ? e.serverError() : "HTTP " + e.status();
        return switch (e.status()) {
            case 422 -> new ReplyRefusedException("Mastodon refused the reply: " + said + ". Change the text and send it again.", e);
            case 404 -> new ReplyRefusedException("The post being answered was deleted on Mastodon (or can no longer be "
                    + "seen by the brand account), so the reply cannot be posted.", e);
            case 403 -> new ReplyRefusedException("Mastodon does not let the brand account post (" + said + "): the access "
                    + "token needs the scope write:statuses. Ask the administrator to renew it, then retry the reply.", e);
            case 429 -> new RateLimitedException("Mastodon rate limit: " + e.getMessage(),
                    e.retryAt() != null ? Duration.between(clock.instant(), e.retryAt()) : RateLimitGate.DEFAULT_WAIT);
            case 401 -> new IllegalStateException("access token refused: " + e.getMessage()
                    + ". The administrator must renew accessToken; the reply is tried again", e);
            default -> new IllegalStateException(e.getMessage(), e);
        };
    }
}
