package org.parley.channel.mastodon.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.parley.api.config.ConfigValues;

/**
 * A Mastodon account's configuration, checked. Built once at activation by {@link #validate}; every wrong value is
 * refused with a message naming the configuration, the key and what is allowed. The access token never appears in a
 * message nor in {@link #toString()}.
 *
 * @param name           the configuration's name, e.g. {@code org.parley.channel.mastodon-brand}; used in messages
 * @param baseUrl        the instance's root URL, without a trailing slash
 * @param accessToken    the OAuth bearer token (secret)
 * @param account        account label; part of route ids and endpoint URIs
 * @param instanceDomain the domain added to the handles of the instance's own users
 * @param pollInterval   time between polls
 * @param pageSize       notifications per request, 1 to 80
 * @param backfillWindow how far back history is imported when the account has no cursor yet; zero for none
 * @param requireApproval a reply needs a second person's approval
 * @param maxReplyLength the longest reply text the instance takes
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    longest time for one whole response
 */
public record MastodonSettings(String name, URI baseUrl, String accessToken, String account, String instanceDomain,
                               Duration pollInterval, int pageSize, Duration backfillWindow, boolean requireApproval,
                               int maxReplyLength, Duration connectTimeout, Duration readTimeout) {

    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final int MAX_PAGE_SIZE = 80;
    public static final int MAX_REPLY_LENGTH = 100_000;
    /** The value of {@code accessToken} in the sample configuration. */
    static final String TOKEN_PLACEHOLDER = "REPLACE_WITH_ACCESS_TOKEN";

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\\d{1,5})?");
    /** Visible ASCII only: a space or line break in a header value would split the request. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** The token is a secret: it never reaches a log line. */
    @Override
    public String toString() {
        return "MastodonSettings[name=" + name + ", baseUrl=" + baseUrl + ", accessToken=****, account=" + account
                + ", instanceDomain=" + instanceDomain + ", pollInterval=" + pollInterval + ", pageSize=" + pageSize
                + ", backfillWindow=" + backfillWindow + ", requireApproval=" + requireApproval
                + ", maxReplyLength=" + maxReplyLength + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + "]";
    }

    /** The instance's host, for logs. */
    public String host() {
        return baseUrl.getRawAuthority();
    }

    /** A URL on the instance: {@code path} starts with {@code /} and may carry an encoded query. */
    public URI resolve(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.mastodon-brand})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static MastodonSettings validate(String pid, String configName, MastodonConfig config) {
        String where = pid + ": ";
        URI baseUrl = baseUrl(where, config.baseUrl());
        String token = token(where, config.accessToken());
        String account = account(where, config.account(), configName);
        String domain = domain(where, config.instanceDomain(), baseUrl);
        Duration poll = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval()
                    + "' is shorter than the minimum of " + MIN_POLL_INTERVAL.toSeconds() + " seconds");
        }
        int pageSize = integer(where, "pageSize", config.pageSize(), 1, MAX_PAGE_SIZE);
        Duration window = ConfigValues.duration(where, "backfillWindow", config.backfillWindow());
        if (window.isNegative()) {
            throw new IllegalArgumentException(where + "backfillWindow '" + config.backfillWindow()
                    + "' must not be negative; use PT0S to import no history");
        }
        int maxReplyLength = integer(where, "maxReplyLength", config.maxReplyLength(), 1, MAX_REPLY_LENGTH);
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        return new MastodonSettings(pid, baseUrl, token, account, domain, poll, pageSize, window,
                config.requireApproval(), maxReplyLength, connect, read);
    }

    /**
     * The configuration's name as an admin knows it, from the properties Felix FileInstall and ConfigAdmin set:
     * {@code felix.fileinstall.filename} ({@code .../org.parley.channel.mastodon-brand.cfg}) or a named factory PID
     * ({@code org.parley.channel.mastodon~brand}). Null when neither tells.
     */
    public static String configName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
            String prefix = MastodonConfig.PID + "-";
            if (base.startsWith(prefix)) {
                int dot = base.lastIndexOf('.');
                return base.substring(prefix.length(), dot > prefix.length() ? dot : base.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(MastodonConfig.PID + "~")) {
            return pid.toString().substring(MastodonConfig.PID.length() + 1);
        }
        return null;
    }

    /** How messages name the configuration: {@code org.parley.channel.mastodon-<name>}, else its PID. */
    public static String displayPid(String configName, Map<String, ?> properties) {
        if (configName != null) {
            return MastodonConfig.PID + "-" + configName;
        }
        Object pid = properties.get("service.pid");
        return pid == null ? MastodonConfig.PID : pid.toString();
    }

    private static URI baseUrl(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "baseUrl is missing: set the https URL of the Mastodon instance, "
                    + "such as https://mastodon.social");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' is not a valid URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo credentials back into a log.
            throw new IllegalArgumentException(where + "baseUrl must not carry credentials (user:password@); "
                    + "the account signs in with accessToken");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null) {
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' is not an http(s) URL with a host name, "
                    + "such as https://mastodon.social");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOCAL_HOSTS.contains(host))) {
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' must be an https URL "
                    + "(http is accepted for localhost only): the access token travels with every request");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + "baseUrl '" + value + "' must be the instance's root URL, "
                    + "such as https://mastodon.social, without a path, query or fragment");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
    }

    private static String token(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "accessToken is missing: create an application in the account's "
                    + "Preferences > Development with the scopes read:notifications and write:statuses, and copy its access token");
        }
        String token = value.trim();
        if (token.equals(TOKEN_PLACEHOLDER)) {
            throw new IllegalArgumentException(where + "accessToken is still the sample's placeholder: "
                    + "set the account's access token");
        }
        if (!TOKEN.matcher(token).matches()) {
            // The value itself is never repeated: it is a secret, even when mistyped.
            throw new IllegalArgumentException(where + "accessToken contains spaces, line breaks or non-ASCII "
                    + "characters: paste the token alone, without 'Bearer ' or quotes");
        }
        return token;
    }

    private static String account(String where, String value, String configName) {
        String account = value == null || value.isBlank() ? configName : value.trim();
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException(where + "account is missing: set account, or name the file "
                    + MastodonConfig.PID + "-<account>.cfg");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + "account '" + account
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return account;
    }

    private static String domain(String where, String value, URI baseUrl) {
        if (value == null || value.isBlank()) {
            return baseUrl.getHost();
        }
        String domain = value.trim().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException(where + "instanceDomain '" + value
                    + "' is not a domain name such as example.social");
        }
        return domain;
    }

    private static int integer(String where, String key, String value, int min, int max) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{1,9}")) {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new IllegalArgumentException(where + key + " '" + value + "' must be a whole number from " + min + " to " + max);
    }
}
