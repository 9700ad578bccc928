package org.parley.channel.mail.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An IMAP or SMTP server as configured by {@code imapUrl} / {@code smtpUrl}, and how its connection is protected.
 *
 * @param protocol the Jakarta Mail protocol: {@code imap}, {@code imaps}, {@code smtp} or {@code smtps}
 * @param host     host name or address
 * @param port     TCP port
 * @param security how the connection is protected
 */
public record MailServer(String protocol, String host, int port, Security security) {

    /** How a connection is protected. */
    public enum Security {
        /** TLS from the first byte ({@code imaps://}, {@code smtps://}). */
        TLS,
        /** Plain connection upgraded with STARTTLS; refused when the server does not offer it. */
        STARTTLS_REQUIRED,
        /** STARTTLS when the server offers it, else plain: only with {@code allowPlaintext=true}. */
        STARTTLS_IF_OFFERED,
        /** Plain: only to this machine (localhost, 127.0.0.0/8, ::1), where nothing travels over a network. */
        PLAIN
    }

    /** Which of the two servers a URL names. */
    enum Kind {
        IMAP("imap", "imaps", 143, 993, "imaps://imap.example.org:993"),
        SMTP("smtp", "smtps", 587, 465, "smtps://smtp.example.org:465");

        final String plainScheme;
        final String tlsScheme;
        final int plainPort;
        final int tlsPort;
        final String example;

        Kind(String plainScheme, String tlsScheme, int plainPort, int tlsPort, String example) {
            this.plainScheme = plainScheme;
            this.tlsScheme = tlsScheme;
            this.plainPort = plainPort;
            this.tlsPort = tlsPort;
            this.example = example;
        }
    }

    /** {@code scheme://host:port}: what logs and messages show. */
    @Override
    public String toString() {
        return protocol + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean isTls() {
        return security == Security.TLS;
    }

    /**
     * Reads one server URL.
     *
     * @param where          the prefix naming the configuration in messages
     * @param key            the setting's key, for messages
     * @param value          the URL as configured (never blank here)
     * @param kind           IMAP or SMTP
     * @param allowPlaintext whether a plain connection to another host than this machine is allowed
     */
    static MailServer parse(String where, String key, String value, Kind kind, boolean allowPlaintext) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            // The value may hold a password someone put in it by mistake: never echo it.
            throw new IllegalArgumentException(where + key + " is not a valid URL (" + e.getReason()
                    + "); expected for example " + kind.example);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(where + key + " must not carry a user name or password (user:password@); "
                    + "set them with " + (kind == Kind.IMAP ? "username and password" : "smtpUsername and smtpPassword"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(kind.plainScheme) && !scheme.equals(kind.tlsScheme)) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must start with " + kind.tlsScheme
                    + ":// (TLS) or " + kind.plainScheme + ":// (STARTTLS), for example " + kind.example);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(where + key + " '" + value + "' has no host name; expected for example "
                    + kind.example);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must name only the server (scheme, host, port)"
                    + (kind == Kind.IMAP ? "; the folder is set with folder" : ""));
        }
        boolean tls = scheme.equals(kind.tlsScheme);
        int port = uri.getPort() == -1 ? (tls ? kind.tlsPort : kind.plainPort) : uri.getPort();
        Security security;
        if (tls) {
            security = Security.TLS;
        } else if (isThisMachine(host)) {
            security = Security.PLAIN;
        } else if (allowPlaintext) {
            security = Security.STARTTLS_IF_OFFERED;
        } else {
            security = Security.STARTTLS_REQUIRED;
        }
        return new MailServer(scheme, host.toLowerCase(Locale.ROOT), port, security);
    }

    /** Loopback by name or literal address: traffic that never leaves the machine. No DNS lookup. */
    static boolean isThisMachine(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
