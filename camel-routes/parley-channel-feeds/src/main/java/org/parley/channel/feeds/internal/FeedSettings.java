package org.parley.channel.feeds.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.parley.api.config.ConfigValues;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.parley.api.InteractionKind;

/**
 * A feed's configuration, checked. Built once at activation by {@link #validate}; every wrong value is refused with a
 * message naming the configuration, the key, the value and what is allowed.
 *
 * @param name           the configuration's name, for example {@code org.parley.channel.feeds-acme}; used in messages
 * @param url            the feed URL (http or https, no credentials in it), or a file: URL of a local feed document
 * @param pollInterval   time between polls
 * @param kind           kind of every interaction the feed carries
 * @param language       default BCP 47 tag, or null
 * @param account        account label; also part of route ids and of the map endpoint
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    longest time for one whole response
 * @param maxBytes       largest document accepted
 */
public record FeedSettings(String name, URI url, Duration pollInterval, InteractionKind kind, String language,
                           String account, Duration connectTimeout, Duration readTimeout, long maxBytes) {

    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB)?", Pattern.CASE_INSENSITIVE);

    /** Feed URL without user info, query or fragment: safe for logs and status messages (queries may carry keys). */
    public String safeUrl() {
        if (isFile()) {
            return url.toString();
        }
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Where the feed comes from, for logs: the host of a remote feed (never its query), or the local file name. */
    public String source() {
        return isFile() ? url.getPath() : url.getHost();
    }

    /** A local feed document: an export another system drops, or the sample shipped with the distribution. */
    public boolean isFile() {
        return "file".equals(url.getScheme());
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.feeds-acme})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static FeedSettings validate(String pid, String configName, FeedConfig config) {
        String where = pid + ": ";
        URI url = url(where, config.url());
        Duration poll = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval() + "' is shorter than the minimum of "
                    + MIN_POLL_INTERVAL.toSeconds() + " seconds");
        }
        InteractionKind kind = kind(where, config.kind());
        String language = language(where, config.language());
        String account = ConfigValues.account(where, FeedConfig.PID, config.account(), configName);
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        long maxBytes = size(where, "maxBytes", config.maxBytes());
        return new FeedSettings(pid, url, poll, kind, language, account, connect, read, maxBytes);
    }

    /** The configuration's name as an admin knows it (see {@link ConfigValues#factoryName}). */
    public static String configName(Map<String, ?> properties) {
        return ConfigValues.factoryName(FeedConfig.PID, properties);
    }

    /** How messages name the configuration: {@code org.parley.channel.feeds-<name>}, else its PID. */
    public static String displayPid(String configName, Map<String, ?> properties) {
        return ConfigValues.displayPid(FeedConfig.PID, configName, properties);
    }

    private static URI url(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "url is missing: set the http or https URL of the feed, or a file: URL");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "url '" + value + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            // Only an admin writes etc/: a local file is no more than what that admin can read anyway.
            if (uri.getRawAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                throw new IllegalArgumentException(where + "url '" + value + "' must be a file URL with an absolute path, such as file:/opt/exports/reviews.xml");
            }
            return uri;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(where + "url '" + value + "' must be an http, https or file URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(where + "url '" + value + "' has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the credentials back into a log.
            throw new IllegalArgumentException(where + "url must not carry credentials (user:password@); "
                    + "feeds are read anonymously");
        }
        return uri;
    }

    private static InteractionKind kind(String where, String value) {
        try {
            return InteractionKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + "kind '" + value + "' is not one of "
                    + Arrays.toString(InteractionKind.values()));
        }
    }

    private static String language(String where, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(value.trim()).build();
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw new IllegalArgumentException(where + "language '" + value
                    + "' is not a BCP 47 language tag such as en, nl-BE or zh-Hans");
        }
    }

    static long size(String where, String key, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(where + key + " '" + value
                    + "' is not a size such as 5242880, 512KB or 5MB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1024 || bytes > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be between 1KB and 1024MB");
        }
        return bytes;
    }
}
