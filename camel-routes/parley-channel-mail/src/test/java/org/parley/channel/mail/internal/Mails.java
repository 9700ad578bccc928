package org.parley.channel.mail.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 822 messages as mail clients write them, byte for byte, for the tests. */
final class Mails {

    static final String CUSTOMERS = "customers.example.net";

    private Mails() {
    }

    /** The Message-ID (without brackets) of the n-th customer message. */
    static String itemId(int n) {
        return "item-" + n + "@" + CUSTOMERS;
    }

    static String customer(int n) {
        return "customer" + n + "@example.net";
    }

    /** The n-th customer message: plain UTF-8 text. */
    static byte[] item(int n, String text) {
        return item(n, text, Instant.now().minusSeconds(60));
    }

    /** The n-th customer message, written at {@code date}. */
    static byte[] item(int n, String text, Instant date) {
        return message()
                .header("Date", rfc822Date(date))
                .header("From", "Customer " + n + " <" + customer(n) + ">")
                .header("Subject", "Question " + n)
                .header("Message-ID", "<" + itemId(n) + ">")
                .text(text)
                .bytes();
    }

    static Builder message() {
        return new Builder();
    }

    static String rfc822Date(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        Builder() {
            headers.put("Return-Path", "<sender@example.net>");
            headers.put("From", "Jan de Vries <jan@example.net>");
            headers.put("To", "Acme Support <" + MailServers.BRAND + ">");
            headers.put("Subject", "Hello");
            headers.put("Date", rfc822Date(Instant.now().minusSeconds(60)));
            headers.put("Message-ID", "<" + System.nanoTime() + "@example.net>");
            headers.put("MIME-Version", "1.0");
            headers.put("Content-Type", "text/plain; charset=UTF-8");
            headers.put("Content-Transfer-Encoding", "8bit");
        }

        /** Sets a header (null removes it); values are written as given, already encoded and folded. */
        Builder header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        /** A text/plain UTF-8 body. */
        Builder text(String text) {
            headers.put("Content-Type", "text/plain; charset=UTF-8");
            headers.put("Content-Transfer-Encoding", "8bit");
            body = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** A body of any type, given as the bytes on the wire (already transfer-encoded). */
        Builder body(String contentType, String transferEncoding, byte[] bytes) {
            headers.put("Content-Type", contentType);
            header("Content-Transfer-Encoding", transferEncoding);
            body = bytes;
            return this;
        }

        Builder body(String contentType, String transferEncoding, String ascii) {
            return body(contentType, transferEncoding, ascii.replace("\r\n", "\n").replace("\n", "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            headers.forEach((name, value) -> out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }
}
