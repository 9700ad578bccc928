package org.parley.channel.bluesky.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An at:// uri naming one record: {@code at://<did>/<collection>/<rkey>}, such as
 * {@code at://did:plc:abc/app.bsky.feed.post/3l2xyz}.
 */
record AtUri(String did, String collection, String rkey) {

    static final String POST = "app.bsky.feed.post";

    private static final Pattern URI = Pattern.compile(
            "at://(did:[a-z]+:[A-Za-z0-9._:%-]+)/([a-zA-Z][a-zA-Z0-9-]*(?:\\.[a-zA-Z0-9-]+)+)/([A-Za-z0-9._:~-]{1,512})");
    private static final Pattern HANDLE = Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DID = Pattern.compile("did:[a-z]+:[A-Za-z0-9._:%-]+");

    /** The uri of a record, or null when the text is not one (a handle as authority is not accepted: DIDs only). */
    static AtUri parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URI.matcher(text);
        if (!m.matches() || m.group(3).equals(".") || m.group(3).equals("..")) {
            return null;
        }
        return new AtUri(m.group(1), m.group(2), m.group(3));
    }

    boolean isPost() {
        return POST.equals(collection);
    }

    @Override
    public String toString() {
        return "at://" + did + "/" + collection + "/" + rkey;
    }

    /** The post's page on bsky.app, under the author's handle when it is a usable one, else under the DID. */
    String webUrl(String handle) {
        return "https://bsky.app/profile/" + profileName(handle, did) + "/post/" + rkey;
    }

    /** The handle when it is a domain name Bluesky vouches for ({@code handle.invalid} is not), else the DID. */
    static String profileName(String handle, String did) {
        return isHandle(handle) ? handle.toLowerCase(java.util.Locale.ROOT) : did;
    }

    static boolean isHandle(String handle) {
        return handle != null && !handle.equalsIgnoreCase("handle.invalid") && handle.length() <= 253
                && HANDLE.matcher(handle).matches();
    }

    static boolean isDid(String did) {
        return did != null && did.length() <= 2048 && DID.matcher(did).matches();
    }
}
