package org.parley.api.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading configuration values the way every Parley bundle does, with one wording for what is wrong. {@code where}
 * is the prefix naming the configuration, for example {@code "org.parley.channel.feeds-acme: "}.
 */
public final class ConfigValues {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private ConfigValues() {
    }

    /**
     * The name an admin gave a factory configuration, from the properties Felix FileInstall and ConfigAdmin set:
     * {@code felix.fileinstall.filename} ({@code .../org.parley.channel.feeds-acme.cfg} gives {@code acme}) or a named
     * factory PID ({@code org.parley.channel.feeds~acme}). Null when neither tells.
     */
    public static String factoryName(String factoryPid, Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
            String prefix = factoryPid + "-";
            if (base.startsWith(prefix)) {
                int dot = base.lastIndexOf('.');
                return base.substring(prefix.length(), dot > prefix.length() ? dot : base.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(factoryPid + "~")) {
            return pid.toString().substring(factoryPid.length() + 1);
        }
        return null;
    }

    /** How messages name a factory configuration: {@code <factoryPid>-<name>} as its file is named, else its PID. */
    public static String displayPid(String factoryPid, String name, Map<String, ?> properties) {
        if (name != null) {
            return factoryPid + "-" + name;
        }
        Object pid = properties.get("service.pid");
        return pid == null ? factoryPid : pid.toString();
    }

    /**
     * A channel account's label: the configured one, else the configuration's {@link #factoryName name}. 1 to 64
     * letters, digits, '.', '_' or '-', because it becomes part of route ids, endpoint URIs and log lines.
     */
    public static String account(String where, String factoryPid, String configured, String name) {
        String account = configured == null || configured.isBlank() ? name : configured.trim();
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException(where + "account is missing: set account, or name the file "
                    + factoryPid + "-<account>.cfg");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + "account '" + account
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return account;
    }

    /** An ISO-8601 duration ({@code PT5M}) or a plain number of seconds ({@code 300}); zero and negative allowed. */
    public static Duration duration(String where, String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + key + " '" + value
                    + "' is not an ISO-8601 duration such as PT5M, nor a number of seconds");
        }
    }

    /** {@link #duration} that must be longer than zero. */
    public static Duration positiveDuration(String where, String key, String value) {
        Duration d = duration(where, key, value);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be longer than zero");
        }
        return d;
    }

    /**
     * The root URL of a channel's web API ({@code https://graph.facebook.com}): http(s) with a host, without
     * credentials, path, query or fragment, normalised to lower case. Plain http only on 127.0.0.1 or localhost,
     * because {@code why} (the credentials that travel with the requests) would otherwise cross the network in clear.
     *
     * @param example  a correct value, for the message
     * @param pathNote what to say about a path, e.g. {@code "(the version is graphVersion)"}, or empty
     */
    public static URI apiRoot(String where, String key, String value, String example, String why, String pathNote) {
        String v = value == null ? "" : value.trim();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + key + " '" + value + "' is not a valid URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(where + key + " must not carry credentials (user:password@)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(where + key + " '" + value + "' is not an http(s) URL with a host, "
                    + "such as " + example);
        }
        if (scheme.equals("http") && !LOOPBACK.contains(host)) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be https (http is accepted for "
                    + "127.0.0.1 and localhost only): " + why);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be the API's root URL without a "
                    + "path" + (pathNote == null || pathNote.isEmpty() ? "" : " " + pathNote) + ", query or fragment");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT));
    }
}
