package org.parley.rest.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.api.config.ConfigValues;
import org.parley.rest.TabToken;

/**
 * The API's configuration, checked once at activation by {@link #validate}: a wrong value is refused with a message
 * naming the PID, the key and what is allowed, and never repeating the secret. {@link #toString()} masks the secret.
 *
 * @param tabSecret             the UTF-8 bytes of the tab secret; null when none is configured (no tab token is accepted)
 * @param maxTokenLifetime      the longest a tab token may still have to live
 * @param allowedFrameAncestors origins that may frame the tab
 * @param realm                 the JAAS realm for HTTP Basic
 */
record RestSettings(byte[] tabSecret, Duration maxTokenLifetime, List<String> allowedFrameAncestors, String realm) {

    static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    static final Duration MAX_LIFETIME = Duration.ofHours(12);

    private static final Pattern REALM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    RestSettings {
        tabSecret = tabSecret == null ? null : tabSecret.clone();
        allowedFrameAncestors = List.copyOf(allowedFrameAncestors);
    }

    /** A copy of the secret, or null. */
    @Override
    public byte[] tabSecret() {
        return tabSecret == null ? null : tabSecret.clone();
    }

    static RestSettings validate(RestConfig config) {
        String where = RestConfig.PID + ": ";
        byte[] secret = secret(where, config.tabSecret());
        Duration lifetime = ConfigValues.duration(where, "maxTokenLifetime", config.maxTokenLifetime());
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(where + "maxTokenLifetime '" + config.maxTokenLifetime()
                    + "' must be from PT1M to PT12H: the CRM signs a fresh token each time it shows the tab");
        }
        List<String> ancestors = ancestors(where, config.allowedFrameAncestors());
        String realm = config.realm() == null ? "" : config.realm().trim();
        if (!REALM.matcher(realm).matches()) {
            throw new IllegalArgumentException(where + "realm '" + config.realm()
                    + "' must be the name of a Karaf JAAS realm (letters, digits, '.', '_', '-'), such as karaf");
        }
        return new RestSettings(secret, lifetime, ancestors, realm);
    }

    private static byte[] secret(String where, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < TabToken.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(where + "tabSecret is " + bytes.length + " bytes long; at least "
                    + TabToken.MIN_SECRET_BYTES + " are required (for example the output of 'openssl rand -hex 32'), "
                    + "or leave it empty to accept no tab token");
        }
        if (!value.strip().equals(value)) {
            throw new IllegalArgumentException(where + "tabSecret starts or ends with white space, which the CRM "
                    + "package would not sign with: remove it");
        }
        return bytes;
    }

    private static List<String> ancestors(String where, String value) {
        List<String> origins = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return origins;
        }
        for (String item : Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()) {
            origins.add(origin(where, item));
        }
        return origins;
    }

    /** An origin as CSP takes it: scheme://host[:port], https (or http on loopback), nothing else. */
    private static String origin(String where, String item) {
        String problem = "allowedFrameAncestors '" + item + "' must be an origin such as https://crm.example.com"
                + " (scheme, host and port only; http only for 127.0.0.1 or localhost)";
        URI uri;
        try {
            uri = new URI(item);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !(path.isEmpty() || path.equals("/"))
                || !(scheme.equals("https") || scheme.equals("http"))
                || (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException(where + problem);
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public String toString() {
        return "RestSettings[tabSecret=" + (tabSecret == null ? "(none)" : "****") + ", maxTokenLifetime="
                + maxTokenLifetime + ", allowedFrameAncestors=" + allowedFrameAncestors + ", realm=" + realm + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestSettings other && Arrays.equals(tabSecret, other.tabSecret)
                && maxTokenLifetime.equals(other.maxTokenLifetime)
                && allowedFrameAncestors.equals(other.allowedFrameAncestors) && realm.equals(other.realm);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tabSecret) * 31 + maxTokenLifetime.hashCode();
    }
}
