package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.InteractionKind;

class FeedPollerTest {

    private static final Instant NOW = Instant.parse("2025-06-04T10:00:00Z");
    private final FeedServer server = newServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateAndIsCapped() {
        assertThat(FeedPoller.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(FeedPoller.retryAfter("Wed, 04 Jun 2025 10:05:00 GMT", NOW)).contains(Duration.ofMinutes(5));
        assertThat(FeedPoller.retryAfter("Wed, 04 Jun 2025 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(FeedPoller.retryAfter("31536000", NOW)).contains(FeedPoller.MAX_RETRY_AFTER);
        assertThat(FeedPoller.retryAfter("later", NOW)).isEmpty();
        assertThat(FeedPoller.retryAfter(null, NOW)).isEmpty();
    }

    @Test
    void aDocumentOverMaxBytesFailsThePollWithAClearError() {
        String big = "<rss version=\"2.0\"><channel>" + "x".repeat(4096) + "</channel></rss>";
        server.publish(big, "\"big\"", null);
        FeedPoller poller = new FeedPoller(settings(1024), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> poller.poll(FeedCursor.NONE))
                .isInstanceOf(FeedPollException.class)
                .hasMessage("GET " + server.url("/big.xml") + ": feed document is too large: Content-Length "
                        + big.length() + ", over maxBytes 1024");
    }

    @Test
    void aDocumentWithoutContentLengthIsCutOffAtMaxBytes() {
        server.chunked(true);
        server.publish("<rss version=\"2.0\"><channel>" + "x".repeat(64 * 1024) + "</channel></rss>", null, null);
        FeedPoller poller = new FeedPoller(settings(1024), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> poller.poll(FeedCursor.NONE))
                .isInstanceOf(FeedPollException.class)
                .hasMessage("GET " + server.url("/big.xml") + ": feed document is too large: more than 1024 bytes, "
                        + "over maxBytes 1024");
    }

    @Test
    void decodesByTheDocumentsOwnEncodingWhenTheServerGivesNone() throws Exception {
        server.contentType("application/xml");
        server.publish("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Één café</title>"
                + "</channel></rss>", null, null);
        FeedPoller poller = new FeedPoller(settings(4096), Clock.fixed(NOW, ZoneOffset.UTC));

        FeedPoller.Result result = poller.poll(FeedCursor.NONE);

        assertThat(result.outcome()).isEqualTo(FeedPoller.Outcome.DOCUMENT);
        assertThat(result.document()).contains("Één café");
        assertThat(result.cursor()).isEqualTo(FeedCursor.NONE);
    }

    @Test
    void aServerErrorFailsThePollNamingStatusAndUrlWithoutQuery() {
        server.answerNext(500, Map.of());
        FeedSettings base = settings(4096);
        FeedSettings withKey = new FeedSettings(base.name(), server.url("/big.xml?apikey=s3cr3t"), base.pollInterval(),
                base.kind(), null, "acme", base.connectTimeout(), base.readTimeout(), 4096);
        FeedPoller poller = new FeedPoller(withKey, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> poller.poll(FeedCursor.NONE))
                .hasMessage("GET " + server.url("/big.xml") + " answered HTTP 500")
                .hasMessageNotContaining("s3cr3t");
        assertThat(server.requests).singleElement().extracting(FeedServer.Request::query).isEqualTo("apikey=s3cr3t");
    }

    private FeedSettings settings(long maxBytes) {
        return new FeedSettings("org.parley.channel.feeds-acme", server.url("/big.xml"), Duration.ofMinutes(5),
                InteractionKind.REVIEW, null, "acme", Duration.ofSeconds(5), Duration.ofSeconds(10), maxBytes);
    }

    private static FeedServer newServer() {
        try {
            return new FeedServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
