package org.parley.channel.example.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.parley.api.config.ConfigValues;

/**
 * A checked configuration of one account. {@link #toString()} masks the token: settings are logged, secrets never.
 */
public record ExampleSettings(String pid, URI baseUrl, String accessToken, String account, Duration pollInterval,
                              int pageSize, Duration backfillWindow, boolean requireApproval, Duration timeout) {

    static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

    /** Reads the configuration DS handed over; the first wrong value is refused with the PID, the key and the reason. */
    public static ExampleSettings of(ExampleConfig config, Map<String, ?> properties) {
        String name = ConfigValues.factoryName(ExampleConfig.PID, properties);
        String pid = ConfigValues.displayPid(ExampleConfig.PID, name, properties);
        String where = pid + ": ";
        URI baseUrl = baseUrl(where, config.baseUrl());
        if (config.accessToken() == null || config.accessToken().isBlank()) {
            throw new IllegalArgumentException(where + "accessToken is missing: set the account's bearer token");
        }
        String account = ConfigValues.account(where, ExampleConfig.PID, config.account(), name);
        Duration poll = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval() + "' is shorter than 1 second");
        }
        if (config.pageSize() < 1 || config.pageSize() > 100) {
            throw new IllegalArgumentException(where + "pageSize " + config.pageSize() + " must be between 1 and 100");
        }
        Duration backfill = ConfigValues.duration(where, "backfillWindow", config.backfillWindow());
        if (backfill.isNegative()) {
            throw new IllegalArgumentException(where + "backfillWindow '" + config.backfillWindow() + "' must not be negative");
        }
        Duration timeout = ConfigValues.positiveDuration(where, "timeout", config.timeout());
        return new ExampleSettings(pid, baseUrl, config.accessToken().trim(), account, poll, config.pageSize(), backfill,
                config.requireApproval(), timeout);
    }

    private static URI baseUrl(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "baseUrl is missing: set the https URL of the API");
        }
        URI uri;
        try {
            uri = new URI(value.trim().replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            // The token travels in every request: never in clear over a network.
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' must be an https URL (http only for 127.0.0.1 or localhost)");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "ExampleSettings[" + pid + ", " + baseUrl + ", account " + account + ", every " + pollInterval
                + ", token ****]";
    }
}
