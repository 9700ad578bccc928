package org.parley.channel.telegram.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.parley.api.config.ConfigValues;

/**
 * A bot's configuration, checked. Built once at activation by {@link #validate}; every wrong value is refused with a
 * message naming the configuration, the key and what is allowed, and never repeating the token.
 *
 * @param name           the configuration's name, e.g. {@code org.parley.channel.telegram-acme}; used in messages
 * @param token          the bot token (masked in {@link #toString()})
 * @param apiUrl         the Bot API base URL, without a trailing slash
 * @param account        account label; also part of route ids and endpoints
 * @param botUsername    the bot's username without '@', or null to ask Telegram (getMe)
 * @param pollTimeout    how long one getUpdates waits for news
 * @param pollInterval   pause between two getUpdates calls
 * @param updatesPerPoll the getUpdates limit
 * @param backfillWindow how far back the first poll imports pending updates; zero for none
 * @param requireApproval replies need a second person's approval
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    longest wait for an answer beyond the long-poll timeout
 * @param mode           polling (getUpdates) or webhook (Telegram pushes to Parley's ingress)
 * @param webhookUrl     webhook mode: the public URL setWebhook registers; null in polling mode
 * @param webhookSecret  webhook mode: the secret_token Telegram sends back (masked); null in polling mode
 */
public record TelegramSettings(String name, BotToken token, URI apiUrl, String account, String botUsername,
                               Duration pollTimeout, Duration pollInterval, int updatesPerPoll,
                               Duration backfillWindow, boolean requireApproval, Duration connectTimeout,
                               Duration readTimeout, Mode mode, URI webhookUrl, WebhookSecret webhookSecret) {

    /** How the bot gets its updates. */
    public enum Mode { POLLING, WEBHOOK }

    public static final String CHANNEL = "telegram";
    public static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(50);
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Telegram usernames: 5 to 32 letters, digits and underscores. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{5,32}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    /** Host of the Bot API, for logs and messages. */
    public String apiHost() {
        return apiUrl.getHost();
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.telegram-acme})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static TelegramSettings validate(String pid, String configName, TelegramConfig config) {
        String where = pid + ": ";
        BotToken token = token(where, config.botToken());
        URI apiUrl = apiUrl(where, config.apiUrl(), token);
        String account = account(where, config.account(), configName);
        String username = username(where, config.botUsername());
        Duration pollTimeout = ConfigValues.duration(where, "pollTimeout", config.pollTimeout());
        if (pollTimeout.isNegative() || pollTimeout.compareTo(MAX_POLL_TIMEOUT) > 0 || pollTimeout.getNano() != 0) {
            throw new IllegalArgumentException(where + "pollTimeout '" + config.pollTimeout()
                    + "' must be whole seconds from 0 to " + MAX_POLL_TIMEOUT.toSeconds());
        }
        Duration pollInterval = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval()
                    + "' is shorter than the minimum of PT0.1S");
        }
        int updatesPerPoll = updatesPerPoll(where, config.updatesPerPoll());
        Duration backfill = ConfigValues.duration(where, "backfillWindow", config.backfillWindow());
        if (backfill.isNegative()) {
            throw new IllegalArgumentException(where + "backfillWindow '" + config.backfillWindow()
                    + "' must not be negative; PT0S imports nothing from before the first poll");
        }
        boolean requireApproval = bool(where, "requireApproval", config.requireApproval());
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        Mode mode = mode(where, config.mode());
        URI webhookUrl = null;
        WebhookSecret webhookSecret = null;
        if (mode == Mode.WEBHOOK) {
            webhookUrl = webhookUrl(where, config.webhookUrl(), account, token);
            webhookSecret = webhookSecret(where, config.webhookSecret());
        }
        return new TelegramSettings(pid, token, apiUrl, account, username, pollTimeout, pollInterval, updatesPerPoll,
                backfill, requireApproval, connect, read, mode, webhookUrl, webhookSecret);
    }

    /**
     * The configuration's name as an admin knows it, from the properties Felix FileInstall and ConfigAdmin set:
     * {@code felix.fileinstall.filename} ({@code .../org.parley.channel.telegram-acme.cfg}) or a named factory PID
     * ({@code org.parley.channel.telegram~acme}). Null when neither tells.
     */
    public static String configName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
            String prefix = TelegramConfig.PID + "-";
            if (base.startsWith(prefix)) {
                int dot = base.lastIndexOf('.');
                return base.substring(prefix.length(), dot > prefix.length() ? dot : base.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(TelegramConfig.PID + "~")) {
            return pid.toString().substring(TelegramConfig.PID.length() + 1);
        }
        return null;
    }

    /** How messages name the configuration: {@code org.parley.channel.telegram-<name>}, else its PID. */
    public static String displayPid(String configName, Map<String, ?> properties) {
        if (configName != null) {
            return TelegramConfig.PID + "-" + configName;
        }
        Object pid = properties.get("service.pid");
        return pid == null ? TelegramConfig.PID : pid.toString();
    }

    @Override
    public String toString() {
        return "TelegramSettings[name=" + name + ", token=" + token + ", apiUrl=" + apiUrl + ", account=" + account
                + ", botUsername=" + botUsername + ", pollTimeout=" + pollTimeout + ", pollInterval=" + pollInterval
                + ", updatesPerPoll=" + updatesPerPoll + ", backfillWindow=" + backfillWindow
                + ", requireApproval=" + requireApproval + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", mode=" + mode
                + ", webhookUrl=" + (webhookUrl == null ? null : token.redact(webhookUrl.toString()))
                + ", webhookSecret=" + webhookSecret + "]";
    }

    private static BotToken token(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "botToken is missing: set the token BotFather gave the bot");
        }
        try {
            return BotToken.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "botToken " + e.getMessage());
        }
    }

    private static URI apiUrl(String where, String value, BotToken token) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "apiUrl is empty: leave it out for https://api.telegram.org");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "apiUrl is not a valid URL: " + token.redact(e.getReason()));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || path.contains("/bot")) {
            // Never echo this one: credentials or the token may be in it.
            throw new IllegalArgumentException(where + "apiUrl must be a plain base URL such as https://api.telegram.org, "
                    + "without user:password@, query, fragment or /bot<token>; the token goes in botToken");
        }
        String shown = token.redact(value.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(where + "apiUrl '" + shown + "' must be an https URL such as https://api.telegram.org");
        }
        if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + "apiUrl '" + shown + "' must use https: the bot token travels "
                    + "in every request (http is allowed for 127.0.0.1 and localhost only)");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static String account(String where, String value, String configName) {
        String account = value == null || value.isBlank() ? configName : value.trim();
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException(where + "account is missing: set account, or name the file "
                    + TelegramConfig.PID + "-<account>.cfg");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + "account '" + account
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return account;
    }

    private static String username(String where, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String u = value.trim().startsWith("@") ? value.trim().substring(1) : value.trim();
        if (!USERNAME.matcher(u).matches()) {
            throw new IllegalArgumentException(where + "botUsername '" + value
                    + "' is not a Telegram username: 5 to 32 letters, digits or '_', such as acme_support_bot");
        }
        return u;
    }

    private static Mode mode(String where, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "polling" -> Mode.POLLING;
            case "webhook" -> Mode.WEBHOOK;
            default -> throw new IllegalArgumentException(where + "mode '" + value + "' must be polling or webhook");
        };
    }

    /** Telegram posts updates over https only; http is allowed for loopback (tests, a local Bot API server). */
    private static URI webhookUrl(String where, String raw, String account, BotToken token) {
        // A URL with the token in its path is no secret path: the token never reaches a message all the same.
        String value = raw == null ? null : token.redact(raw);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "webhookUrl is missing: webhook mode needs the public https URL "
                    + "that your reverse proxy forwards to Parley's ingress, such as https://hooks.example.com/parley/hooks/"
                    + CHANNEL + "/" + account);
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "webhookUrl '" + value + "' is not a valid URL: "
                    + token.redact(e.getReason()));
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo this one: a password may be in it.
            throw new IllegalArgumentException(where + "webhookUrl must not hold user:password@: Telegram authenticates "
                    + "with webhookSecret");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(where + "webhookUrl '" + value + "' must be an https URL without a "
                    + "fragment, such as https://hooks.example.com/parley/hooks/" + CHANNEL + "/" + account);
        }
        if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + "webhookUrl '" + value + "' must use https: Telegram sends "
                    + "webhooks over https only (http is allowed for 127.0.0.1 and localhost only)");
        }
        return uri;
    }

    private static WebhookSecret webhookSecret(String where, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "webhookSecret is missing: webhook mode needs a secret of 1 to 256 "
                    + "letters, digits, '_' or '-' (for example 40 random ones), which Telegram sends with every update");
        }
        try {
            return WebhookSecret.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "webhookSecret " + e.getMessage());
        }
    }

    private static int updatesPerPoll(String where, String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{1,3}")) {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 100) {
                return n;
            }
        }
        throw new IllegalArgumentException(where + "updatesPerPoll '" + value + "' must be a number from 1 to 100");
    }

    private static boolean bool(String where, String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(where + key + " '" + value + "' must be true or false");
    }
}
