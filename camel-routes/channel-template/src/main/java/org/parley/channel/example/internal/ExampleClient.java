package org.parley.channel.example.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/**
 * The example messages API over HTTP. Every answer the API documents has a meaning here: 429 says how long to wait,
 * 401 means the token was refused, 404 and 422 on a reply mean it can never be posted. The token is sent, never
 * printed: messages name the URL path only.
 *
 * <pre>
 * GET  /api/messages?after=ID&amp;limit=N     (or ?since=ISO-INSTANT) → {"messages": [oldest first], "hasMore": bool}
 * POST /api/messages/ID/replies {"text"}   with Idempotency-Key      → 201 {"id", "url"}
 * </pre>
 */
final class ExampleClient {

    /** One page of messages, oldest first, each with its JSON kept as the raw payload. */
    record Page(List<JsonNode> messages, boolean hasMore) {
    }

    record Posted(String id, String url) {
    }

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final ExampleSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    ExampleClient(ExampleSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** Messages after the cursor, or (no cursor yet) since the start of the backfill window. */
    Page messages(String after, Instant since) throws IOException, InterruptedException {
        String query = after != null ? "after=" + encode(after) : "since=" + encode(since.toString());
        HttpResponse<String> response = send(request("/api/messages?" + query + "&limit=" + settings.pageSize()).GET().build());
        if (response.statusCode() != 200) {
            throw failure("GET /api/messages", response);
        }
        JsonNode body = parse("GET /api/messages", response.body());
        JsonNode messages = body.path("messages");
        if (!messages.isArray()) {
            throw new IOException("GET /api/messages answered without a messages array");
        }
        List<JsonNode> list = new ArrayList<>();
        messages.forEach(list::add);
        return new Page(list, body.path("hasMore").asBoolean(false));
    }

    Posted reply(String messageId, String text, String idempotencyKey) throws IOException, InterruptedException {
        String path = "/api/messages/" + encode(messageId) + "/replies";
        String body = json.createObjectNode().put("text", text).toString();
        HttpResponse<String> response = send(request(path).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        switch (response.statusCode()) {
            case 200, 201 -> {
                JsonNode posted = parse("POST " + path, response.body());
                return new Posted(posted.path("id").asText(null), posted.path("url").asText(null));
            }
            case 404 -> throw new ReplyRefusedException("The message was deleted on the example channel: there is nothing to reply to");
            case 422 -> throw new ReplyRefusedException("The example channel refused the reply: "
                    + parse("POST " + path, response.body()).path("error").asText("no reason given"));
            default -> throw failure("POST " + path, response);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.accessToken());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private RuntimeException failure(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 429) {
            return new RateLimitedException(what + ": rate limited (HTTP 429)", retryAfter(response));
        }
        if (status == 401 || status == 403) {
            return new IllegalStateException(what + ": the access token was refused (HTTP " + status
                    + "); set a valid accessToken in " + settings.pid());
        }
        return new IllegalStateException(what + ": HTTP " + status);
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.trim().matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(DEFAULT_RETRY_AFTER);
    }

    private JsonNode parse(String what, String body) throws IOException {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IOException(what + " answered with a body that is not JSON: " + e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
