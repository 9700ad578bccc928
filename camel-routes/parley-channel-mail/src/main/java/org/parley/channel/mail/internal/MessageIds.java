package org.parley.channel.mail.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.parley.api.InteractionValidator;

/**
 * Message-IDs as Parley keys them: without the angle brackets, blanks removed. The same rule applies to Message-ID,
 * In-Reply-To and References, so that a reply's {@code inReplyTo} names its original's {@code externalId}. An id longer
 * than Parley's key allows ({@value InteractionValidator#MAX_ID_CHARS} characters) is replaced by
 * {@code sha256:<hex of the id>}, everywhere alike.
 */
final class MessageIds {

    static final String HASH_PREFIX = "sha256:";

    private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");

    private MessageIds() {
    }

    /** The ids in a Message-ID, In-Reply-To or References value, in order (as written, without brackets). */
    static List<String> parse(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return ids;
        }
        Matcher m = BRACKETED.matcher(header);
        while (m.find()) {
            String id = m.group(1).replaceAll("\\s+", "");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            // Some mailers leave the brackets out: take the first word that looks like an id.
            for (String word : header.trim().split("\\s+")) {
                if (word.indexOf('@') > 0) {
                    ids.add(word);
                    break;
                }
            }
        }
        return ids;
    }

    /** The first id of a header value as a Parley key, or null. */
    static String firstKey(String header) {
        List<String> ids = parse(header);
        return ids.isEmpty() ? null : key(ids.get(0));
    }

    /** An id as a Parley key. */
    static String key(String id) {
        return id.length() <= InteractionValidator.MAX_ID_CHARS ? id : HASH_PREFIX + sha256(id.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
                digest.update((byte) 0); // separator: ("ab","c") and ("a","bc") differ
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JRE has no SHA-256", e);
        }
    }
}
