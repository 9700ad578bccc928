package org.parley.channel.bluesky.internal;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One XRPC answer: status, headers and body. An error answer's body is {@code {"error": NAME, "message": TEXT}};
 * {@link #error()} and {@link #message()} read it leniently, since a proxy in between may answer with anything.
 *
 * @param nsid    the method called, for messages
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the body as received (bounded by {@link XrpcClient#MAX_BODY_BYTES})
 */
record XrpcResponse(String nsid, int status, HttpHeaders headers, byte[] body) {

    private static final ObjectMapper ERRORS = new ObjectMapper();
    private static final int MAX_MESSAGE_CHARS = 200;

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The XRPC error name ({@code ExpiredToken}, {@code RecordNotFound} ...), or null. */
    String error() {
        return field("error");
    }

    /** Bluesky's own words about the error, one line, bounded; or null. */
    String message() {
        String m = field("message");
        if (m == null) {
            return null;
        }
        m = m.replaceAll("[\\r\\n\\t]+", " ").strip();
        return m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }

    /** {@code nsid answered HTTP 400 InvalidRequest: message}: what a poll error or a retried reply says. */
    String describe() {
        String error = error();
        String message = message();
        return nsid + " answered HTTP " + status + (error == null ? "" : " " + error)
                + (message == null || message.equals(error) ? "" : ": " + message);
    }

    /** The body as JSON; a body that is not JSON is a failed call, with a message saying so. */
    JsonNode json(ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BlueskyException(nsid + " answered HTTP " + status + " with an empty body");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new BlueskyException(nsid + " answered HTTP " + status + " with a malformed body (not JSON: "
                    + firstLine(e.getMessage()) + ")", e);
        }
    }

    private String field(String name) {
        if (body.length == 0 || body.length > 64 * 1024) {
            return null;
        }
        try {
            JsonNode node = ERRORS.readTree(new String(body, StandardCharsets.UTF_8));
            JsonNode value = node == null ? null : node.get(name);
            return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    @Override
    public String toString() {
        return "XrpcResponse[" + nsid + " " + status + ", " + body.length + " bytes]";
    }
}
