package org.parley.ingress.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.api.WebhookInbox;
import org.parley.ingress.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests without flooding the log when someone hammers the door: at INFO once a minute per channel
 * account and outcome, at DEBUG otherwise (the counts in {@code parley:ingress} have them all). Never the body, a
 * header or a signature: the channel's reason (which says what was wrong, never a secret) and the client address.
 */
final class RefusalLog {

    static final Duration QUIET = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final Clock clock;
    /** Keys are existing accounts times outcomes, so this stays small. */
    private final Map<String, Instant> lastInfo = new ConcurrentHashMap<>();

    RefusalLog(Clock clock) {
        this.clock = clock;
    }

    void refused(WebhookInbox.Source source, Verdict verdict, String client) {
        boolean info = infoDue(source.channel() + "/" + source.account() + "/" + verdict.outcome());
        String reason = Text.line(verdict.reason(), 200);
        if (info) {
            LOG.info("Ingress {}/{}: refused {} request from {}: {} (further ones this minute are logged at DEBUG)",
                    source.channel(), source.account(), verdict.outcome(), client, reason);
        } else {
            LOG.debug("Ingress {}/{}: refused {} request from {}: {}", source.channel(), source.account(),
                    verdict.outcome(), client, reason);
        }
    }

    void handshakeRefused(WebhookInbox.Source source, String client) {
        if (infoDue(source.channel() + "/" + source.account() + "/HANDSHAKE")) {
            LOG.info("Ingress {}/{}: refused a verification handshake from {} (wrong token or parameters)",
                    source.channel(), source.account(), client);
        } else {
            LOG.debug("Ingress {}/{}: refused a verification handshake from {}", source.channel(), source.account(), client);
        }
    }

    /** True at most once per {@link #QUIET} per key. */
    private boolean infoDue(String key) {
        Instant now = clock.instant();
        boolean[] due = new boolean[1];
        lastInfo.compute(key, (k, last) -> {
            due[0] = last == null || !now.isBefore(last.plus(QUIET));
            return due[0] ? now : last;
        });
        return due[0];
    }
}
