package org.parley.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.parley.channel.mastodon.internal.MastodonServer;

/**
 * The Mastodon test server TabBrowserIT's Karaf polls and replies to. It runs in the test driver's JVM (Pax Exam's
 * configuration is computed there, before Karaf is started), for as long as that JVM runs; the probe inside Karaf
 * knows it only by its URL. Kept apart from the test class so that the probe never loads the server's classes.
 */
final class TabMastodon {

    static final String TOKEN = "itest-tab-mastodon-token";
    /** The mention Ana sent the brand: MastodonServer's item 2, whose status id is {@code statusId(2)}. */
    static final int MENTION = 2;
    static final String MENTION_TEXT = "Where is my order? Waar blijft mijn bestelling?";

    private static MastodonServer server;

    private TabMastodon() {
    }

    /** Starts the server once, with Ana's mention waiting in the brand's notifications; its base URL. */
    static synchronized String start() {
        if (server == null) {
            try {
                server = new MastodonServer(TOKEN);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Mastodon test server", e);
            }
            server.mention(MENTION, MENTION_TEXT);
            if (!MastodonServer.statusId(MENTION).equals(TabBrowserIT.MENTION_STATUS)) {
                throw new IllegalStateException("MastodonServer's status ids changed: update TabBrowserIT.MENTION_STATUS");
            }
        }
        return server.baseUrl().toString();
    }
}
