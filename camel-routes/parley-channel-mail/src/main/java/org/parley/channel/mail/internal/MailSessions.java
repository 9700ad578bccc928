package org.parley.channel.mail.internal;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;

import jakarta.mail.Session;

/**
 * Jakarta Mail sessions for this bundle, and the class loader they need.
 *
 * <p>Jakarta Mail finds its providers (the IMAP store, the SMTP transport, the stream provider) and Jakarta Activation
 * its mailcap entries through the thread context class loader: {@code ServiceLoader}, {@code META-INF/javamail.providers}
 * and {@code META-INF/mailcap}. In Karaf that loader is whatever the calling thread happens to carry (Camel's timer
 * thread, the reply desk's thread), which cannot see the Jakarta Mail and Angus jars embedded in this bundle. So every
 * mail operation of this bundle runs through {@link #call}, which sets the context class loader to this bundle's own
 * class loader (the one that holds the embedded jars on its Bundle-ClassPath) and puts the previous one back after.
 * Outside OSGi (tests, benchmarks) that loader is the application's, and nothing changes.
 *
 * <p>{@code mail.debug} is never switched on: Jakarta Mail's protocol trace would print the login exchange, and with it
 * the password.
 */
final class MailSessions {

    private static final ClassLoader BUNDLE = MailSessions.class.getClassLoader();

    private MailSessions() {
    }

    /** Runs {@code work} with this bundle's class loader as the thread's context class loader. */
    static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BUNDLE);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A session with these properties, created with this bundle's class loader (providers are read at creation). */
    static Session session(Properties props) {
        props.setProperty("mail.debug", "false");
        try {
            return call(() -> Session.getInstance(props));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a Jakarta Mail session: " + e.getMessage(), e);
        }
    }

    /** The session that reads the configured IMAP folder. */
    static Session imap(MailSettings settings) {
        return session(properties(settings.imap(), settings, "mail.store.protocol"));
    }

    /** The session that sends replies through the configured SMTP server. */
    static Session smtp(MailSettings settings) {
        MailServer server = settings.smtp();
        Properties props = properties(server, settings, "mail.transport.protocol");
        String p = "mail." + server.protocol() + ".";
        props.setProperty(p + "auth", String.valueOf(!settings.smtpUsername().isEmpty()));
        props.setProperty(p + "from", settings.fromAddress()); // the envelope sender, MAIL FROM
        return session(props);
    }

    private static Properties properties(MailServer server, MailSettings settings, String protocolKey) {
        Properties props = new Properties();
        String p = "mail." + server.protocol() + ".";
        props.setProperty(protocolKey, server.protocol());
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", String.valueOf(server.port()));
        props.setProperty(p + "connectiontimeout", millis(settings.connectTimeout()));
        props.setProperty(p + "timeout", millis(settings.readTimeout()));
        props.setProperty(p + "writetimeout", millis(settings.readTimeout()));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        switch (server.security()) {
            case TLS -> props.setProperty(p + "ssl.enable", "true");
            case STARTTLS_REQUIRED -> {
                props.setProperty(p + "starttls.enable", "true");
                props.setProperty(p + "starttls.required", "true");
            }
            case STARTTLS_IF_OFFERED -> props.setProperty(p + "starttls.enable", "true");
            case PLAIN -> props.setProperty(p + "starttls.enable", "false");
        }
        if (server.protocol().startsWith("imap")) {
            // Read-only: fetching a body must not mark it \Seen for the people who read the same mailbox.
            props.setProperty(p + "peek", "true");
            props.setProperty(p + "fetchsize", "65536");
        }
        // mail.mime.allowutf8 stays off on the wire: replies get RFC 2047 headers that every server takes, and IMAP
        // header bytes pass through untouched (MailMapper reads 8-bit headers itself, see RawHeaders).
        return props;
    }

    private static String millis(Duration d) {
        return String.valueOf(Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
