package org.parley.channel.wechat.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.parley.api.Interaction;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;
import org.parley.api.config.Secret;

/**
 * Sends a reply as a customer-service text message ({@code POST /cgi-bin/message/custom/send}) to the OpenID that
 * wrote the original, with the account's cached access token ({@link AccessTokens}); a token WeChat refuses (40001,
 * 42001, 40014) is replaced once and the message sent again.
 * <p>
 * WeChat takes such a message only for a while after the person's last action: 48 hours after a message, one minute
 * after a follow, a QR scan or a menu click. Parley knows those actions (they are stored interactions), so a reply
 * outside both windows, or to someone who unfollowed, is refused before anything is sent; WeChat's own refusals say the
 * same (45015, 45047, 43004). WeChat's other answers go to Parley's reply desk as it understands them: a used-up quota
 * (45009) waits {@code quotaWait}; busy (-1), HTTP 5xx or no connection is tried again with backoff; anything else
 * fails the reply with WeChat's {@code errmsg}. WeChat gives no id for a sent message and has no idempotency key.
 */
final class ReplySender {

    /** What an event (follow, scan, menu click) allows: 3 messages within a minute. */
    static final Duration EVENT_WINDOW = Duration.ofMinutes(1);
    /** How many of the person's latest interactions are read to find their last action. */
    static final int RECENT = 20;
    private static final Pattern OPEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final WeChatApi api;
    private final AccessTokens tokens;
    private final WeChatSettings settings;
    private final InteractionStore interactions;
    private final Clock clock;

    /** @param interactions the store, to find the person's last action; null: only the original's time is known */
    ReplySender(WeChatApi api, AccessTokens tokens, WeChatSettings settings, InteractionStore interactions, Clock clock) {
        this.api = api;
        this.tokens = tokens;
        this.settings = settings;
        this.interactions = interactions;
        this.clock = clock;
    }

    /** Sends the reply; returns the id Parley gives it (WeChat gives none). */
    String send(OutboundReply outbound) {
        Interaction original = outbound.original();
        String openId = original.author() == null ? null : original.author().handle();
        if (!WeChatSettings.CHANNEL.equals(original.channel()) || openId == null || !OPEN_ID.matcher(openId).matches()) {
            throw new ReplyRefusedException("Parley does not know the WeChat OpenID of the person who wrote this, so it "
                    + "cannot be answered.");
        }
        String text = outbound.reply().text();
        if (text == null || text.isBlank()) {
            throw new ReplyRefusedException("The reply is empty; WeChat sends no empty message.");
        }
        requireWindow(original, openId);
        Secret token = token();
        try {
            api.sendText(token, openId, text);
        } catch (WeChatApiException first) {
            if (!first.tokenRefused()) {
                throw translate(first);
            }
            tokens.refused(token);
            try {
                api.sendText(token(), openId, text);
            } catch (WeChatApiException second) {
                if (second.tokenRefused()) {
                    // A fresh token refused at once: something else is fetching this account's tokens.
                    throw new IllegalStateException("WeChat refused a fresh access token as well (" + said(second)
                            + "); is another system fetching tokens for AppID " + settings.appId() + "? Trying again "
                            + "later.", second);
                }
                throw translate(second);
            }
        }
        String accountId = original.externalId() == null ? null : original.externalId().split(":", 2)[0];
        return (accountId == null ? settings.account() : accountId) + ":cs:" + outbound.reply().id();
    }

    private Secret token() {
        try {
            return tokens.get();
        } catch (WeChatApiException e) {
            throw translateToken(e);
        }
    }

    /**
     * Open when the person's last message is within the reply window, or their last follow, scan or menu click within a
     * minute; refused when they unfollowed since. Their last actions are read from the store.
     */
    private void requireWindow(Interaction original, String openId) {
        Instant now = clock.instant();
        Instant lastMessage = null;
        Instant lastEvent = null;
        List<Interaction> recent = interactions == null ? List.of(original)
                : interactions.find(new InteractionQuery(WeChatSettings.CHANNEL, settings.account(), openId, RECENT));
        if (!recent.isEmpty() && MessageMapper.isUnfollow(newest(recent))) {
            throw new ReplyRefusedException("This person unfollowed the WeChat account on " + newest(recent).occurredAt()
                    + "; WeChat delivers nothing to someone who does not follow it. The reply was not sent.");
        }
        for (Interaction i : concat(recent, original)) {
            if (i.occurredAt() == null || MessageMapper.isUnfollow(i)) {
                continue;
            }
            if (MessageMapper.isEvent(i)) {
                lastEvent = later(lastEvent, i.occurredAt());
            } else {
                lastMessage = later(lastMessage, i.occurredAt());
            }
        }
        boolean messageOpen = lastMessage != null && !now.isAfter(lastMessage.plus(settings.replyWindow()));
        boolean eventOpen = lastEvent != null && !now.isAfter(lastEvent.plus(EVENT_WINDOW));
        if (messageOpen || eventOpen) {
            return;
        }
        if (lastMessage == null && lastEvent == null) {
            throw new ReplyRefusedException("Parley does not know when this person last wrote to the WeChat account, so "
                    + "it cannot tell whether WeChat's reply window is open; the reply was not sent.");
        }
        throw new ReplyRefusedException("WeChat's reply window for this person is closed: the customer-service API "
                + "takes messages only within " + hours(settings.replyWindow()) + " of the person's last message"
                + (lastMessage == null ? "" : " (" + lastMessage + ")") + " or one minute after a follow, scan or menu "
                + "click" + (lastEvent == null ? "" : " (" + lastEvent + ")") + ". The reply was not sent; answer when "
                + "they write again.");
    }

    /** WeChat's answer to the message as Parley's reply desk understands it. */
    private RuntimeException translate(WeChatApiException e) {
        String said = said(e);
        return switch (e.errcode()) {
            case WeChatApiException.REPLY_WINDOW_CLOSED -> new ReplyRefusedException("WeChat says the reply window is "
                    + "closed (45015: " + said + "): it takes customer-service messages only within 48 hours of the "
                    + "person's last message. The reply was not sent; answer when they write again.", e);
            case WeChatApiException.TOO_MANY_MESSAGES -> new ReplyRefusedException("WeChat allows no more messages to "
                    + "this person until they write again (45047: " + said + "). The reply was not sent.", e);
            case WeChatApiException.NOT_FOLLOWING -> new ReplyRefusedException("This person does not follow the WeChat "
                    + "account (43004: " + said + "). The reply was not sent.", e);
            case WeChatApiException.CONTENT_TOO_LONG -> new ReplyRefusedException("WeChat says the reply is too long "
                    + "(45002: " + said + "). Shorten it and send it again.", e);
            case WeChatApiException.INVALID_OPENID -> new ReplyRefusedException("WeChat does not know this person's "
                    + "OpenID on account " + settings.account() + " (40003: " + said + ").", e);
            case WeChatApiException.QUOTA -> new RateLimitedException("WeChat's daily quota of customer-service "
                    + "messages is used up (45009: " + said + "); waiting " + settings.quotaWait(), settings.quotaWait());
            default -> common(e, "the message");
        };
    }

    /** A token request that failed: the administrator's to fix, or WeChat's to get over. */
    private RuntimeException translateToken(WeChatApiException e) {
        String said = said(e);
        return switch (e.errcode()) {
            case WeChatApiException.IP_NOT_WHITELISTED -> new ReplyRefusedException("WeChat refuses access tokens to "
                    + "this server's IP address (40164: " + said + "). The administrator must add it to the IP whitelist "
                    + "under Settings and Development > Basic Configuration; then retry the reply.", e);
            case WeChatApiException.INVALID_CREDENTIAL, 40125, 40013 -> new ReplyRefusedException("WeChat refuses the "
                    + "AppID or AppSecret (" + e.errcode() + ": " + said + "). The administrator must check appId and "
                    + "appSecret in " + settings.name() + ".cfg; then retry the reply.", e);
            case WeChatApiException.QUOTA -> new RateLimitedException("WeChat's daily quota of access tokens is used up "
                    + "(45009: " + said + "); waiting " + settings.quotaWait(), settings.quotaWait());
            default -> common(e, "the access token");
        };
    }

    private RuntimeException common(WeChatApiException e, String what) {
        if (e.maybeDelivered()) {
            return new ReplyRefusedException("WeChat did not confirm " + what + " (" + e.getMessage() + "); it may have "
                    + "been sent. Look at the conversation and retry the reply only if it is missing.", e);
        }
        if (e.retryable()) {
            return new IllegalStateException(e.getMessage(), e);
        }
        return new ReplyRefusedException("WeChat refused " + what + ": " + e.getMessage(), e);
    }

    private static String said(WeChatApiException e) {
        return e.errmsg() != null ? e.errmsg() : e.getMessage();
    }

    private static Interaction newest(List<Interaction> recent) {
        Interaction newest = recent.get(0);
        for (Interaction i : recent) {
            if (i.occurredAt() != null && (newest.occurredAt() == null || i.occurredAt().isAfter(newest.occurredAt()))) {
                newest = i;
            }
        }
        return newest;
    }

    private static List<Interaction> concat(List<Interaction> recent, Interaction original) {
        return Stream.concat(recent.stream(), Stream.of(original)).toList();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static String hours(Duration window) {
        if (window.toMinutesPart() != 0 || window.toSecondsPart() != 0 || window.toNanosPart() != 0) {
            return window.toString();
        }
        return window.toHours() == 1 ? "1 hour" : window.toHours() + " hours";
    }
}
