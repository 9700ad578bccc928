package org.parley.crm.suitecrm.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.parley.api.config.ConfigValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The connector's configuration, checked. Built once at activation by {@link #validate}; every wrong value is refused
 * with a message naming the configuration, the key, the value (never a secret's) and what is allowed.
 *
 * @param pid              how messages name the configuration
 * @param siteUrl          the SuiteCRM site, without a trailing slash
 * @param apiRoot          the API root: {@code <url>/Api} (7.x), {@code <url>/legacy/Api} (8.x) or {@code <url><apiPath>}
 * @param grantType        {@code client_credentials} or {@code password}
 * @param clientId         OAuth2 client id
 * @param clientSecret     OAuth2 client secret
 * @param username         user for the password grant, else empty
 * @param password         that user's password, else empty
 * @param connectTimeout   TCP/TLS connect timeout
 * @param requestTimeout   longest time for one whole response
 * @param handleFields     channel to the Contacts/Leads field holding the handle on it (channels without one are absent)
 * @param phoneFields      fields compared with a phone number
 * @param noteKeyField     Notes field carrying the interaction key
 * @param engagementField  field for the engagement score, or empty
 * @param sentimentField   field for the sentiment score, or empty
 * @param targetListPrefix prefix of the Target Lists that mirror tags
 */
public record SuiteCrmSettings(String pid, URI siteUrl, URI apiRoot, String grantType, String clientId,
                               Secret clientSecret, String username, Secret password, Duration connectTimeout,
                               Duration requestTimeout, Map<String, String> handleFields, List<String> phoneFields,
                               String noteKeyField, String engagementField, String sentimentField,
                               String targetListPrefix) {

    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String PASSWORD = "password";

    /** SuiteCRM field names: letters, digits and underscores (custom fields end in {@code _c}). */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern API_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    public SuiteCrmSettings {
        handleFields = Collections.unmodifiableMap(new LinkedHashMap<>(handleFields));
        phoneFields = List.copyOf(phoneFields);
    }

    /** The handle field for a channel, if the configuration names one. */
    public Optional<String> handleField(String channel) {
        return Optional.ofNullable(channel == null ? null : handleFields.get(channel.toLowerCase(Locale.ROOT)));
    }

    /**
     * Checks a configuration.
     *
     * @param pid how the configuration is named in messages
     * @throws IllegalArgumentException naming the first wrong value
     */
    public static SuiteCrmSettings validate(String pid, SuiteCrmConfig config) {
        String where = pid + ": ";
        URI site = siteUrl(where, config.url());
        URI api = apiRoot(where, site, config.version(), config.apiPath());
        String grant = grantType(where, config.grantType());
        String clientId = required(where, "clientId", config.clientId(), "the id of the OAuth2 client made in SuiteCRM");
        Secret secret = Secret.of(config.clientSecret());
        if (secret.reveal().isBlank()) {
            throw new IllegalArgumentException(where + "clientSecret is missing: set the secret of OAuth2 client '"
                    + clientId + "'");
        }
        String username = trim(config.username());
        Secret password = Secret.of(config.password());
        if (grant.equals(PASSWORD)) {
            if (username.isEmpty()) {
                throw new IllegalArgumentException(where + "username is missing: grantType 'password' needs the SuiteCRM "
                        + "user name and password");
            }
            if (password.reveal().isBlank()) {
                throw new IllegalArgumentException(where + "password is missing: grantType 'password' needs the password "
                        + "of user '" + username + "'");
            }
        }
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration request = ConfigValues.positiveDuration(where, "requestTimeout", config.requestTimeout());
        Map<String, String> handles = handleFields(where, config.handleFields());
        List<String> phones = fieldList(where, "phoneFields", config.phoneFields());
        String noteKey = field(where, "noteKeyField", config.noteKeyField(), false);
        String engagement = field(where, "engagementField", config.engagementField(), true);
        String sentiment = field(where, "sentimentField", config.sentimentField(), true);
        String prefix = config.targetListPrefix() == null ? "" : config.targetListPrefix();
        if (prefix.length() > 100 || prefix.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(where + "targetListPrefix '" + prefix
                    + "' must be at most 100 characters without control characters");
        }
        return new SuiteCrmSettings(pid, site, api, grant, clientId, secret, username, password, connect, request,
                handles, phones, noteKey, engagement, sentiment, prefix);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static String required(String where, String key, String value, String what) {
        String v = trim(value);
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + key + " is missing: set " + what);
        }
        return v;
    }

    private static URI siteUrl(String where, String value) {
        String v = required(where, "url", value, "the http or https URL of the SuiteCRM site, such as https://crm.example.com");
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "url '" + value + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(where + "url '" + value + "' must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the credentials back into a log.
            throw new IllegalArgumentException(where + "url must not carry credentials (user:password@); "
                    + "set clientId and clientSecret instead");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(where + "url '" + value + "' has no host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + "url '" + value + "' must not have a query or fragment: "
                    + "set the site's base URL, such as https://crm.example.com");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static URI apiRoot(String where, URI site, String version, String apiPath) {
        String path = trim(apiPath);
        if (!path.isEmpty()) {
            while (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (!API_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException(where + "apiPath '" + apiPath
                        + "' must be a path such as /Api or /legacy/Api");
            }
        } else {
            path = switch (trim(version)) {
                case "7" -> "/Api";
                case "8" -> "/legacy/Api";
                default -> throw new IllegalArgumentException(where + "version '" + version
                        + "' is not 7 or 8 (or set apiPath to the API root's path)");
            };
        }
        return URI.create(site + path);
    }

    private static String grantType(String where, String value) {
        String v = trim(value);
        if (!v.equals(CLIENT_CREDENTIALS) && !v.equals(PASSWORD)) {
            throw new IllegalArgumentException(where + "grantType '" + value + "' is not one of [client_credentials, password]");
        }
        return v;
    }

    private static String field(String where, String key, String value, boolean optional) {
        String v = trim(value);
        if (v.isEmpty()) {
            if (optional) {
                return "";
            }
            throw new IllegalArgumentException(where + key + " is missing: set the name of the SuiteCRM field");
        }
        if (!FIELD.matcher(v).matches()) {
            throw new IllegalArgumentException(where + key + " '" + value
                    + "' is not a SuiteCRM field name (letters, digits and '_', such as parley_key_c)");
        }
        return v;
    }

    private static List<String> fieldList(String where, String key, String value) {
        List<String> fields = new ArrayList<>();
        for (String part : trim(value).split(",")) {
            String f = part.trim();
            if (f.isEmpty()) {
                continue;
            }
            if (!FIELD.matcher(f).matches()) {
                throw new IllegalArgumentException(where + key + " '" + value + "': '" + f
                        + "' is not a SuiteCRM field name (letters, digits and '_', such as phone_mobile)");
            }
            if (!fields.contains(f)) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static Map<String, String> handleFields(String where, String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : trim(value).split(",")) {
            String pair = part.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + "handleFields '" + value + "': '" + pair
                        + "' is not channel=field (such as mastodon=mastodon_handle_c; feeds= for none)");
            }
            String channel = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String field = pair.substring(eq + 1).trim();
            if (!CHANNEL.matcher(channel).matches()) {
                throw new IllegalArgumentException(where + "handleFields '" + value + "': '" + pair.substring(0, eq).trim()
                        + "' is not a channel name (lower-case letters, digits, '.', '_', '-')");
            }
            if (!field.isEmpty() && !FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException(where + "handleFields '" + value + "': '" + field
                        + "' (channel " + channel + ") is not a SuiteCRM field name (letters, digits and '_', such as mastodon_handle_c)");
            }
            if (map.containsKey(channel)) {
                throw new IllegalArgumentException(where + "handleFields '" + value + "' names channel " + channel + " twice");
            }
            map.put(channel, field);
        }
        map.values().removeIf(String::isEmpty);
        return map;
    }
}
