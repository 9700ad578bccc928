package org.parley.channel.bluesky.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.parley.api.config.ConfigValues;

/**
 * A Bluesky account's configuration, checked. Built once at activation by {@link #validate}; every wrong value is
 * refused with a message naming the configuration, the key, the value and what is allowed. The app password is never
 * part of a message or of {@link #toString()}.
 *
 * @param name            how the configuration is named in messages, e.g. {@code org.parley.channel.bluesky-acme}
 * @param serviceUrl      the PDS or entryway, scheme and authority only (https, or http on the loopback host)
 * @param identifier      handle, DID or e-mail address the account logs in with
 * @param appPassword     the app password (secret)
 * @param account         account label; also part of route ids and endpoints
 * @param pollInterval    time between polls
 * @param pageSize        notifications per request, 1 to 100
 * @param backfillWindow  how far back history is imported on connection; zero for none
 * @param requireApproval replies need a second person's approval
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest time for one whole response
 */
public record BlueskySettings(String name, URI serviceUrl, String identifier, String appPassword, String account,
                              Duration pollInterval, int pageSize, Duration backfillWindow, boolean requireApproval,
                              Duration connectTimeout, Duration readTimeout) {

    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final int MAX_PAGE_SIZE = 100;

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A handle (a domain name), a DID, or the account's e-mail address: createSession takes each. */
    private static final Pattern HANDLE = Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DID = Pattern.compile("did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    /** The form Bluesky gives app passwords; the account's own password works too, but must not be used. */
    private static final Pattern APP_PASSWORD = Pattern.compile("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    public BlueskySettings {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(name + ": pageSize " + pageSize + " must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    /** Whether the password has the form of an app password (four groups of four); for a warning, never a refusal. */
    public boolean looksLikeAppPassword() {
        return APP_PASSWORD.matcher(appPassword).matches();
    }

    /** The service's host, for logs. */
    public String host() {
        return serviceUrl.getHost();
    }

    @Override
    public String toString() {
        return "BlueskySettings[name=" + name + ", serviceUrl=" + serviceUrl + ", identifier=" + identifier
                + ", appPassword=****, account=" + account + ", pollInterval=" + pollInterval + ", pageSize=" + pageSize
                + ", backfillWindow=" + backfillWindow + ", requireApproval=" + requireApproval
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.bluesky-acme})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value (never the password)
     */
    public static BlueskySettings validate(String pid, String configName, BlueskyConfig config) {
        String where = pid + ": ";
        URI serviceUrl = serviceUrl(where, config.serviceUrl());
        String identifier = identifier(where, config.identifier());
        String password = config.appPassword();
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException(where + "appPassword is missing: make an app password in Bluesky "
                    + "(Settings > Privacy and security > App passwords) and set it here");
        }
        String account = account(where, config.account(), configName);
        Duration poll = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval()
                    + "' is shorter than the minimum of " + MIN_POLL_INTERVAL.toSeconds() + " seconds");
        }
        if (config.pageSize() < 1 || config.pageSize() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(where + "pageSize " + config.pageSize() + " must be between 1 and "
                    + MAX_PAGE_SIZE + " (Bluesky's limit per request)");
        }
        Duration window = ConfigValues.duration(where, "backfillWindow", config.backfillWindow());
        if (window.isNegative()) {
            throw new IllegalArgumentException(where + "backfillWindow '" + config.backfillWindow()
                    + "' must not be negative; PT0S imports no history");
        }
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        return new BlueskySettings(pid, serviceUrl, identifier, password.trim(), account, poll, config.pageSize(), window,
                config.requireApproval(), connect, read);
    }

    /**
     * The configuration's name as an admin knows it, from the properties Felix FileInstall and ConfigAdmin set:
     * {@code felix.fileinstall.filename} ({@code .../org.parley.channel.bluesky-acme.cfg}) or a named factory PID
     * ({@code org.parley.channel.bluesky~acme}). Null when neither tells.
     */
    public static String configName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
            String prefix = BlueskyConfig.PID + "-";
            if (base.startsWith(prefix)) {
                int dot = base.lastIndexOf('.');
                return base.substring(prefix.length(), dot > prefix.length() ? dot : base.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(BlueskyConfig.PID + "~")) {
            return pid.toString().substring(BlueskyConfig.PID.length() + 1);
        }
        return null;
    }

    /** How messages name the configuration: {@code org.parley.channel.bluesky-<name>}, else its PID. */
    public static String displayPid(String configName, Map<String, ?> properties) {
        if (configName != null) {
            return BlueskyConfig.PID + "-" + configName;
        }
        Object pid = properties.get("service.pid");
        return pid == null ? BlueskyConfig.PID : pid.toString();
    }

    private static URI serviceUrl(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "serviceUrl is missing: set https://bsky.social or the URL of the account's PDS");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "serviceUrl '" + value + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(where + "serviceUrl must not carry credentials (user:password@); "
                    + "set identifier and appPassword instead");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(where + "serviceUrl '" + value + "' has no host name");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!LOOPBACK.contains(host)) {
                throw new IllegalArgumentException(where + "serviceUrl '" + value
                        + "' must use https; http is allowed only for 127.0.0.1 or localhost");
            }
        } else if (!scheme.equals("https")) {
            throw new IllegalArgumentException(where + "serviceUrl '" + value + "' must be an https URL such as https://bsky.social");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + "serviceUrl '" + value
                    + "' must be the service's root, such as https://bsky.social (XRPC lives under /xrpc/ there)");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static String identifier(String where, String value) {
        String v = value == null ? "" : value.trim();
        if (v.startsWith("@")) {
            v = v.substring(1);
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + "identifier is missing: set the account's handle "
                    + "(brand.bsky.social) or DID (did:plc:...)");
        }
        if (v.length() > 2048 || !(HANDLE.matcher(v).matches() || DID.matcher(v).matches() || EMAIL.matcher(v).matches())) {
            throw new IllegalArgumentException(where + "identifier '" + value + "' is neither a handle such as "
                    + "brand.bsky.social, nor a DID such as did:plc:abc123, nor an e-mail address");
        }
        return v;
    }

    private static String account(String where, String value, String configName) {
        String account = value == null || value.isBlank() ? configName : value.trim();
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException(where + "account is missing: set account, or name the file "
                    + BlueskyConfig.PID + "-<account>.cfg");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + "account '" + account
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return account;
    }
}
