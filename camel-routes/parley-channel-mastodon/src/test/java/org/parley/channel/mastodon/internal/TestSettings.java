package org.parley.channel.mastodon.internal;

import java.net.URI;
import java.time.Duration;

/** Settings for tests against {@link MastodonServer}. */
final class TestSettings {

    static final String TOKEN = "test-token-0123456789abcdefABCDEF";
    static final String ACCOUNT = "brand";

    private TestSettings() {
    }

    /** Polls every 100 ms. */
    static MastodonSettings of(URI baseUrl, int pageSize, Duration backfillWindow) {
        return of(baseUrl, pageSize, backfillWindow, Duration.ofMillis(100), false);
    }

    static MastodonSettings of(URI baseUrl, int pageSize, Duration backfillWindow, Duration pollInterval,
                               boolean requireApproval) {
        return new MastodonSettings("org.parley.channel.mastodon-" + ACCOUNT, baseUrl, TOKEN, ACCOUNT,
                MastodonServer.DOMAIN, pollInterval, pageSize, backfillWindow, requireApproval, 500,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
