package org.parley.channel.feeds.internal;

/**
 * Where a feed was last read: the validators of the last document ingested, sent back as {@code If-None-Match} and
 * {@code If-Modified-Since}. Stored by Parley as a string of {@code key=value} lines
 * ({@code etag=W/"abc"} and {@code last-modified=Tue, 03 Jun 2025 09:39:21 GMT}); HTTP header values cannot hold line
 * breaks, so no escaping is needed. Unknown lines are ignored, so the format can grow.
 *
 * @param etag         the ETag header exactly as the server sent it, or null
 * @param lastModified the Last-Modified header exactly as the server sent it, or null
 */
public record FeedCursor(String etag, String lastModified) {

    public static final FeedCursor NONE = new FeedCursor(null, null);

    private static final String ETAG = "etag=";
    private static final String LAST_MODIFIED = "last-modified=";

    public static FeedCursor parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        String etag = null;
        String lastModified = null;
        for (String line : stored.split("\n")) {
            String l = line.strip();
            if (l.startsWith(ETAG)) {
                etag = blankToNull(l.substring(ETAG.length()));
            } else if (l.startsWith(LAST_MODIFIED)) {
                lastModified = blankToNull(l.substring(LAST_MODIFIED.length()));
            }
        }
        return new FeedCursor(etag, lastModified);
    }

    /** The stored form, or null when there is nothing to remember (then Parley keeps the cursor it has). */
    public String format() {
        if (etag == null && lastModified == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (etag != null) {
            sb.append(ETAG).append(oneLine(etag));
        }
        if (lastModified != null) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(LAST_MODIFIED).append(oneLine(lastModified));
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
