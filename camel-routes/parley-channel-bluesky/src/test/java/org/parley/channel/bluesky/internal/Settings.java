package org.parley.channel.bluesky.internal;

import java.net.URI;
import java.time.Duration;

/** Settings for tests: against the test server, polling fast (below the production minimum, which only validate() enforces). */
final class Settings {

    private Settings() {
    }

    static BlueskySettings forServer(URI serviceUrl, int pageSize, Duration backfillWindow) {
        return forServer(serviceUrl, BlueskyServer.PASSWORD, pageSize, backfillWindow, false);
    }

    static BlueskySettings forServer(URI serviceUrl, String password, int pageSize, Duration backfillWindow,
                                     boolean requireApproval) {
        return new BlueskySettings("org.parley.channel.bluesky-acme", serviceUrl, BlueskyServer.IDENTIFIER, password,
                "acme", Duration.ofMillis(150), pageSize, backfillWindow, requireApproval, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }
}
