package org.parley.channel.wechat.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.parley.api.config.ConfigValues;
import org.parley.api.config.Secret;

/**
 * A WeChat Official Account's configuration, checked. Built once at activation by {@link #validate}; every wrong value
 * is refused with a message naming the configuration, the key and what is allowed, and never repeating a secret.
 *
 * @param name            the configuration's name, e.g. {@code org.parley.channel.wechat-brand}; used in messages
 * @param appId           the account's AppID
 * @param appSecret       the account's AppSecret, which buys access tokens
 * @param token           the Token of the server configuration, the key of WeChat's request signature
 * @param mode            how WeChat sends message bodies
 * @param encodingAesKey  safe mode's EncodingAESKey; null in plain mode
 * @param apiBaseUrl      the WeChat API's root URL, without a trailing slash
 * @param account         account label; part of the ingress path, route ids and endpoint URIs
 * @param freshness       how far a request's timestamp may be from Parley's clock
 * @param replyWindow     how long after the person's last action the customer-service API takes a message
 * @param requireApproval replies need a second person's approval
 * @param quotaWait       how long a reply waits when WeChat's quota is used up or it is busy
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest time for one whole API response
 */
public record WeChatSettings(String name, String appId, Secret appSecret, Secret token, Mode mode,
                             Secret encodingAesKey, URI apiBaseUrl,
                             String account, Duration freshness, Duration replyWindow, boolean requireApproval,
                             Duration quotaWait, Duration connectTimeout, Duration readTimeout) {

    /** WeChat's message encryption modes (消息加解密方式). */
    public enum Mode { PLAIN, SAFE, COMPATIBLE }

    public static final String CHANNEL = "wechat";
    /** The customer-service API takes messages for 48 hours after the person's last action. */
    public static final Duration MAX_REPLY_WINDOW = Duration.ofHours(48);
    static final Duration MIN_FRESHNESS = Duration.ofSeconds(10);
    static final Duration MAX_FRESHNESS = Duration.ofHours(1);
    static final String PLACEHOLDER_PREFIX = "REPLACE_WITH_";

    /** AppIDs are wx and 16 hexadecimal digits; test accounts' too. */
    private static final Pattern APP_ID = Pattern.compile("wx[0-9A-Za-z]{16}");
    /** AppSecrets are 32 hexadecimal digits. */
    private static final Pattern APP_SECRET = Pattern.compile("[0-9A-Za-z]{32}");
    /** WeChat's rule for the Token: 3 to 32 letters or digits. */
    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z]{3,32}");
    private static final Pattern AES_KEY = Pattern.compile("[0-9A-Za-z]{43}");

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.wechat-brand})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static WeChatSettings validate(String pid, String configName, WeChatConfig config) {
        String where = pid + ": ";
        String appId = required(where, "appId", config.appId(), "copy the AppID from Settings and Development > Basic "
                + "Configuration of the WeChat Official Accounts Platform");
        if (!APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException(where + "appId '" + appId + "' is not a WeChat AppID (wx and 16 letters "
                    + "or digits, such as wx1234567890abcdef)");
        }
        Secret appSecret = secret(where, "appSecret", config.appSecret(), APP_SECRET, "32 letters or digits",
                "copy the AppSecret from Settings and Development > Basic Configuration (reset it there if unknown)");
        Secret token = secret(where, "token", config.token(), TOKEN, "3 to 32 letters or digits",
                "choose a random text and type the same into Basic Configuration > Server Configuration > Token");
        Mode mode = mode(where, config.mode());
        Secret aesKey = null;
        if (mode == Mode.COMPATIBLE) {
            throw new IllegalArgumentException(where + "mode 'compatible' is not supported: its plain copy of each "
                    + "message is not signed. Set mode = safe (with encodingAesKey) or plain, and choose the same under "
                    + "Basic Configuration > Server Configuration > Message Encryption Method");
        }
        if (mode == Mode.SAFE) {
            aesKey = secret(where, "encodingAesKey", config.encodingAesKey(), AES_KEY, "43 letters or digits",
                    "safe mode needs the EncodingAESKey of Basic Configuration > Server Configuration");
        }
        URI apiBaseUrl = apiBaseUrl(where, config.apiBaseUrl());
        String account = ConfigValues.account(where, WeChatConfig.PID, config.account(), configName);
        Duration freshness = ConfigValues.positiveDuration(where, "freshness", config.freshness());
        if (freshness.compareTo(MIN_FRESHNESS) < 0 || freshness.compareTo(MAX_FRESHNESS) > 0) {
            throw new IllegalArgumentException(where + "freshness '" + config.freshness() + "' must be between "
                    + MIN_FRESHNESS + " and " + MAX_FRESHNESS + ": shorter refuses WeChat's own retries, longer keeps "
                    + "a captured request usable longer");
        }
        Duration window = ConfigValues.positiveDuration(where, "replyWindow", config.replyWindow());
        if (window.compareTo(MAX_REPLY_WINDOW) > 0) {
            throw new IllegalArgumentException(where + "replyWindow '" + config.replyWindow()
                    + "' is longer than WeChat's 48 hours: WeChat refuses a later message anyway (45015)");
        }
        boolean requireApproval = bool(where, "requireApproval", config.requireApproval());
        Duration quotaWait = ConfigValues.positiveDuration(where, "quotaWait", config.quotaWait());
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        return new WeChatSettings(pid, appId, appSecret, token, mode, aesKey, apiBaseUrl, account, freshness, window,
                requireApproval, quotaWait, connect, read);
    }

    @Override
    public String toString() {
        // The record's own toString would print the masks too; this one leaves the secrets out entirely.
        return "WeChatSettings[name=" + name + ", appId=" + appId + ", mode=" + mode + ", apiBaseUrl=" + apiBaseUrl
                + ", account=" + account + ", freshness=" + freshness + ", replyWindow=" + replyWindow
                + ", requireApproval=" + requireApproval + ", quotaWait=" + quotaWait + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static String required(String where, String key, String value, String how) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + key + " is missing: " + how);
        }
        if (v.startsWith(PLACEHOLDER_PREFIX)) {
            throw new IllegalArgumentException(where + key + " is still the sample's placeholder: " + how);
        }
        return v;
    }

    private static Secret secret(String where, String key, String value, Pattern shape, String shapeText, String how) {
        String v = required(where, key, value, how);
        if (!shape.matcher(v).matches()) {
            // The value itself is never repeated: it is a secret, even when mistyped.
            throw new IllegalArgumentException(where + key + " is not " + shapeText + ": " + how);
        }
        return Secret.of(v);
    }

    private static Mode mode(String where, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "plain" -> Mode.PLAIN;
            case "safe" -> Mode.SAFE;
            case "compatible" -> Mode.COMPATIBLE;
            default -> throw new IllegalArgumentException(where + "mode '" + value + "' must be plain or safe");
        };
    }

    private static URI apiBaseUrl(String where, String value) {
        return ConfigValues.apiRoot(where, "apiBaseUrl", value, "https://api.weixin.qq.com",
                "the AppSecret and access token travel with the requests", "");
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
