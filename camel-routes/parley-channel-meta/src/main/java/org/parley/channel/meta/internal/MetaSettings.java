package org.parley.channel.meta.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.parley.api.config.ConfigValues;
import org.parley.api.config.Secret;

/**
 * A Meta account's configuration, checked. Built once at activation by {@link #validate}; every wrong value is refused
 * with a message naming the configuration, the key and what is allowed, and never repeating a secret.
 *
 * @param name            the configuration's name, e.g. {@code org.parley.channel.meta-brand}; used in messages
 * @param appSecret       the Meta app's secret, the key of {@code X-Hub-Signature-256}
 * @param verifyToken     the token of the {@code hub.challenge} handshake
 * @param accessToken     the Page / system-user token replies are posted with
 * @param graphUrl        the Graph API's root URL, without a trailing slash
 * @param graphVersion    the Graph API version, such as {@code v21.0}
 * @param account         account label; part of the ingress path, route ids and endpoint URIs
 * @param assets          the Page, Instagram account and WhatsApp phone number this account answers for
 * @param requireApproval replies need a second person's approval
 * @param messageWindow   how long after a person's message a direct message may answer it
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest time for one whole Graph API response
 */
public record MetaSettings(String name, Secret appSecret, Secret verifyToken, Secret accessToken, URI graphUrl,
                           String graphVersion, String account, MetaAssets assets, boolean requireApproval,
                           Duration messageWindow, Duration connectTimeout, Duration readTimeout) {

    public static final String CHANNEL = "meta";
    /** Messenger, Instagram and WhatsApp all allow a free-form answer for 24 hours after the person's message. */
    public static final Duration MAX_MESSAGE_WINDOW = Duration.ofHours(24);
    static final String PLACEHOLDER_PREFIX = "REPLACE_WITH_";

    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}\\.\\d{1,2}");
    private static final Pattern ASSET_ID = Pattern.compile("\\d{1,32}");
    /** Meta app secrets are 32 hexadecimal digits. */
    private static final Pattern APP_SECRET = Pattern.compile("[0-9a-fA-F]{32}");
    /** Visible ASCII only: a space or line break in a header value would split the request. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");

    /** The root of versioned Graph API calls, e.g. {@code https://graph.facebook.com/v21.0}. */
    public URI graphBase() {
        return URI.create(graphUrl + "/" + graphVersion);
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.meta-brand})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static MetaSettings validate(String pid, String configName, MetaConfig config) {
        String where = pid + ": ";
        Secret appSecret = appSecret(where, config.appSecret());
        Secret verifyToken = token(where, "verifyToken", config.verifyToken(),
                "choose a random text (at least 16 characters) and type the same into the Meta app's webhook settings", 16);
        Secret accessToken = token(where, "pageAccessToken", config.pageAccessToken(),
                "create a Page or system-user access token in Meta Business Suite and paste it here", 1);
        URI graphUrl = graphUrl(where, config.graphUrl());
        String version = config.graphVersion() == null ? "" : config.graphVersion().trim();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(where + "graphVersion '" + config.graphVersion()
                    + "' is not a Graph API version such as v21.0");
        }
        String account = ConfigValues.account(where, MetaConfig.PID, config.account(), configName);
        MetaAssets assets = new MetaAssets(assetId(where, "pageId", config.pageId()),
                assetId(where, "instagramAccountId", config.instagramAccountId()),
                assetId(where, "whatsappPhoneNumberId", config.whatsappPhoneNumberId()));
        if (assets.none()) {
            throw new IllegalArgumentException(where + "no asset is set: set at least one of pageId, instagramAccountId "
                    + "and whatsappPhoneNumberId, the ids of what this account reads");
        }
        boolean requireApproval = bool(where, "requireApproval", config.requireApproval());
        Duration window = ConfigValues.positiveDuration(where, "messageWindow", config.messageWindow());
        if (window.compareTo(MAX_MESSAGE_WINDOW) > 0) {
            throw new IllegalArgumentException(where + "messageWindow '" + config.messageWindow()
                    + "' is longer than Meta's 24 hours: Meta refuses a later answer anyway");
        }
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        return new MetaSettings(pid, appSecret, verifyToken, accessToken, graphUrl, version, account, assets,
                requireApproval, window, connect, read);
    }

    @Override
    public String toString() {
        return "MetaSettings[name=" + name + ", appSecret=" + appSecret + ", verifyToken=" + verifyToken
                + ", accessToken=" + accessToken + ", graphUrl=" + graphUrl + ", graphVersion=" + graphVersion
                + ", account=" + account + ", assets=" + assets + ", requireApproval=" + requireApproval
                + ", messageWindow=" + messageWindow + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + "]";
    }

    private static Secret appSecret(String where, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + "appSecret is missing: copy the app secret from the Meta app's "
                    + "App settings > Basic");
        }
        if (v.startsWith(PLACEHOLDER_PREFIX)) {
            throw new IllegalArgumentException(where + "appSecret is still the sample's placeholder: set the app secret");
        }
        if (!APP_SECRET.matcher(v).matches()) {
            // The value itself is never repeated: it is a secret, even when mistyped.
            throw new IllegalArgumentException(where + "appSecret is not a Meta app secret (32 hexadecimal digits, "
                    + "from App settings > Basic)");
        }
        return Secret.of(v);
    }

    private static Secret token(String where, String key, String value, String how, int minLength) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + key + " is missing: " + how);
        }
        if (v.startsWith(PLACEHOLDER_PREFIX)) {
            throw new IllegalArgumentException(where + key + " is still the sample's placeholder: " + how);
        }
        if (!TOKEN.matcher(v).matches()) {
            throw new IllegalArgumentException(where + key + " contains spaces, line breaks or non-ASCII characters: "
                    + "paste the token alone, without 'Bearer ' or quotes");
        }
        if (v.length() < minLength) {
            throw new IllegalArgumentException(where + key + " is shorter than " + minLength + " characters: " + how);
        }
        return Secret.of(v);
    }

    private static URI graphUrl(String where, String value) {
        return ConfigValues.apiRoot(where, "graphUrl", value, "https://graph.facebook.com",
                "the access token travels with every request", "(the version is graphVersion)");
    }

    private static String assetId(String where, String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (!ASSET_ID.matcher(v).matches()) {
            throw new IllegalArgumentException(where + key + " '" + value + "' is not a Meta id (digits only, as "
                    + "Meta Business Suite shows it)");
        }
        return v;
    }

    private static boolean bool(String where, String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(where + key + " '" + value + "' must be true or false");
        };
    }
}
