package org.parley.channel.wechat.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.parley.api.config.Secret;

/**
 * The account's access token, fetched once and kept until shortly before WeChat says it expires ({@code expires_in},
 * 7200 s), so that many replies cost one token request: WeChat limits token requests (2000 a day) and each new token
 * ends the previous one within minutes. {@link #refused} drops a token WeChat no longer takes (40001, 42001), so the
 * next {@link #get} fetches a new one. One fetch at a time per account.
 */
final class AccessTokens {

    /** How long before its end a token is replaced: WeChat keeps the old one valid for 5 minutes after a refresh. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final WeChatApi api;
    private final Clock clock;
    private Secret token;
    private Instant renewAt = Instant.MIN;

    AccessTokens(WeChatApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** The cached token, or a new one when there is none or it is about to end. */
    synchronized Secret get() throws WeChatApiException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        WeChatApi.Token fresh = api.fetchToken();
        // A token shorter-lived than twice the margin (not seen from WeChat) is kept for half its life.
        Duration margin = fresh.expiresIn().compareTo(MARGIN.multipliedBy(2)) > 0 ? MARGIN : fresh.expiresIn().dividedBy(2);
        token = fresh.value();
        renewAt = now.plus(fresh.expiresIn()).minus(margin);
        return token;
    }

    /** WeChat refused this token: forget it, unless another thread already replaced it. */
    synchronized void refused(Secret refused) {
        if (token == refused) {
            token = null;
            renewAt = Instant.MIN;
        }
    }
}
