package org.parley.channel.mail.internal;

import java.nio.charset.StandardCharsets;

/**
 * A message's RFC 822 source as the text Parley keeps ({@code Interaction.raw}, dead-letter payloads) and back, with
 * no byte lost. Mail is 7-bit or UTF-8 almost always: such a source is kept as UTF-8 text, readable in an audit. Any
 * other 8-bit source (a raw GBK or Latin-1 body) is kept byte for byte as ISO-8859-1. Going back, a text whose
 * characters all fit in one byte and whose bytes are not valid UTF-8 came from the second case; anything else from the
 * first.
 */
final class RawSource {

    private RawSource() {
    }

    static String text(byte[] raw) {
        if (MailCharsets.isUtf8(raw, 0, raw.length)) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        boolean oneByte = text.chars().allMatch(c -> c <= 0xFF);
        if (oneByte) {
            byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
            if (!MailCharsets.isUtf8(latin1, 0, latin1.length)) {
                return latin1;
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
