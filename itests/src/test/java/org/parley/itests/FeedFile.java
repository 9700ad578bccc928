package org.parley.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/** An RSS 2.0 review feed written to a file, replaced atomically with the modification time a test chooses. */
final class FeedFile {

    private FeedFile() {
    }

    static String item(String guid, String authorEmail, String authorName, String text, String date) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>Review</title><author>" + authorEmail
                + " (" + authorName + ")</author><description>" + text + "</description><pubDate>" + date
                + "</pubDate></item>";
    }

    static void write(Path feed, List<String> items, Instant modified) throws IOException {
        Path tmp = feed.resolveSibling(feed.getFileName() + ".tmp");
        Files.writeString(tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Reviews</title>"
                + "<link>http://127.0.0.1/</link><description>Reviews</description>" + String.join("", items)
                + "</channel></rss>");
        Files.setLastModifiedTime(tmp, FileTime.from(modified));
        Files.move(tmp, feed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
