package org.parley.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.parley.api.InteractionKey;

/**
 * How an interaction is named in a path: {@code /interactions/{channel}/{externalId}}. External ids that would not
 * survive as one path segment (feed ids are often URLs with '/', '%' or '?') travel as {@code b64.} + base64url of
 * their UTF-8; every timeline entry carries its {@code ref} ({@code channel/segment}) ready to use.
 */
final class InteractionRef {

    static final String ENCODED = "b64.";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._@:+-]{1,255}");
    private static final Pattern DOTS = Pattern.compile("\\.+");

    private InteractionRef() {
    }

    static String ref(InteractionKey key) {
        return key.channel() + "/" + segment(key.externalId());
    }

    static String segment(String externalId) {
        if (PLAIN.matcher(externalId).matches() && !DOTS.matcher(externalId).matches()
                && !externalId.startsWith(ENCODED)) {
            return externalId;
        }
        return ENCODED + Base64.getUrlEncoder().withoutPadding().encodeToString(externalId.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a path names. */
    static InteractionKey key(String channel, String segment) {
        Params.channel(channel);
        if (segment == null || segment.isEmpty() || segment.length() > 2048) {
            throw ApiException.invalid("an interaction's external id is 1 to 2048 characters in the path");
        }
        String externalId = segment;
        if (segment.startsWith(ENCODED)) {
            try {
                externalId = new String(Base64.getUrlDecoder().decode(segment.substring(ENCODED.length())),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("external id '" + Params.shown(segment) + "' starts with " + ENCODED
                        + " but the rest is not base64url");
            }
            if (externalId.isEmpty()) {
                throw ApiException.invalid("external id '" + Params.shown(segment) + "' is empty once decoded");
            }
        }
        return new InteractionKey(channel, externalId);
    }
}
