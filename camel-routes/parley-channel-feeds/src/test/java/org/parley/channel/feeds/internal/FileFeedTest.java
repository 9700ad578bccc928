package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A feed read from a local file: read when its modification time changes, skipped otherwise, size-limited. */
class FileFeedTest {

    @TempDir
    Path dir;

    @Test
    void aFileIsReadAgainOnlyWhenItChanges() throws Exception {
        Path file = dir.resolve("reviews.xml");
        Files.writeString(file, "<rss version=\"2.0\"><channel><title>Bloemen</title></channel></rss>");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T10:00:00Z")));
        FeedPoller poller = new FeedPoller(settings(file, "5MB"), Clock.systemUTC());

        FeedPoller.Result first = poller.poll(FeedCursor.NONE);
        assertThat(first.outcome()).isEqualTo(FeedPoller.Outcome.DOCUMENT);
        assertThat(first.document()).contains("Bloemen");
        assertThat(first.cursor().lastModified()).isEqualTo("Fri, 20 Nov 2026 10:00:00 GMT");

        assertThat(poller.poll(first.cursor()).outcome()).isEqualTo(FeedPoller.Outcome.NOT_MODIFIED);

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-21T10:00:00Z")));
        assertThat(poller.poll(first.cursor()).outcome()).isEqualTo(FeedPoller.Outcome.DOCUMENT);
    }

    @Test
    void aFileOverMaxBytesOrMissingFailsThePoll() throws Exception {
        Path file = dir.resolve("big.xml");
        Files.writeString(file, "x".repeat(2048));
        assertThatThrownBy(() -> new FeedPoller(settings(file, "1KB"), Clock.systemUTC()).poll(FeedCursor.NONE))
                .isInstanceOf(FeedPollException.class)
                .hasMessage(file.toUri() + " has 2048 bytes, over maxBytes 1024");
        Path missing = dir.resolve("missing.xml");
        assertThatThrownBy(() -> new FeedPoller(settings(missing, "1KB"), Clock.systemUTC()).poll(FeedCursor.NONE))
                .hasMessageStartingWith("cannot read " + missing.toUri());
    }

    private static FeedSettings settings(Path file, String maxBytes) {
        return FeedSettings.validate(FeedConfig.PID + "-local", "local",
                Configs.feedConfig("url", file.toUri().toString(), "maxBytes", maxBytes));
    }
}
