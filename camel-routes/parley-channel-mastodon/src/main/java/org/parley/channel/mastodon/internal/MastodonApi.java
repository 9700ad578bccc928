package org.parley.channel.mastodon.internal;

import org.parley.camel.BoundedBody;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two requests the channel makes to the instance, with the account's bearer token: reading mentions and posting a
 * status. Every answer goes through a {@link RateLimitGate}: one for reading and one for posting, because Mastodon
 * limits posting on its own (300 statuses in 3 hours) and a spent posting budget must not stop the reading; when one
 * spends the budget both share, the other's next request is answered 429 and waits as well.
 *
 * <p>Uses the JDK's {@link HttpClient}: bounded in time and size, no redirects followed (a redirect could carry the
 * {@code Authorization} header to another host; the admin fixes baseUrl instead), and nothing but the headers set here
 * is sent. Messages name the request by path, never with the token.
 */
final class MastodonApi {

    /** Largest answer read: 80 notifications with long statuses and many attachments stay far below it. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MastodonApi.class);
    private static final String USER_AGENT = "Parley-Mastodon/0.1";
    private static final String NOTIFICATIONS = "/api/v1/notifications";
    private static final String STATUSES = "/api/v1/statuses";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final MastodonSettings settings;
    private final RateLimitGate readGate;
    private final RateLimitGate postGate;
    private final HttpClient client;

    MastodonApi(MastodonSettings settings, Clock clock) {
        this.settings = settings;
        this.readGate = new RateLimitGate(clock);
        this.postGate = new RateLimitGate(clock);
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The rate limit as the answers to reading describe it. */
    RateLimitGate readGate() {
        return readGate;
    }

    /** The rate limit as the answers to posting describe it. */
    RateLimitGate postGate() {
        return postGate;
    }

    /**
     * {@code GET /api/v1/notifications?types[]=mention&limit=N}, with {@code min_id} (page forward from it) or
     * {@code max_id} (page back from it) when given.
     */
    NotificationPage mentions(String minId, String maxId, int limit) throws MastodonApiException {
        StringBuilder query = new StringBuilder("?types%5B%5D=mention&limit=").append(limit);
        if (minId != null) {
            query.append("&min_id=").append(URLEncoder.encode(minId, StandardCharsets.UTF_8));
        }
        if (maxId != null) {
            query.append("&max_id=").append(URLEncoder.encode(maxId, StandardCharsets.UTF_8));
        }
        HttpRequest request = request(NOTIFICATIONS + query).GET().build();
        String what = "GET " + settings.baseUrl() + NOTIFICATIONS;
        HttpResponse<byte[]> response = send(request, what, readGate);
        if (response.statusCode() != 200) {
            throw failure(what, response, readGate);
        }
        JsonNode body = json(what, response);
        if (!body.isArray()) {
            throw new MastodonApiException(what + " answered a JSON " + body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                    + " where the API documents an array of notifications", 200, null, null, null);
        }
        LinkHeader link = LinkHeader.parse(response.headers().firstValue("Link").orElse(null));
        return new NotificationPage((ArrayNode) body, link.has("prev"), link.has("next"));
    }

    /** {@code POST /api/v1/statuses} with an {@code Idempotency-Key}: the same key within an hour gives the same status. */
    PostedStatus postStatus(ObjectNode status, String idempotencyKey) throws MastodonApiException {
        String what = "POST " + settings.baseUrl() + STATUSES;
        HttpRequest.Builder request = request(STATUSES)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(status)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<byte[]> response = send(request.build(), what, postGate);
        if (response.statusCode() != 200) {
            throw failure(what, response, postGate);
        }
        JsonNode body = json(what, response);
        String id = MastodonMapper.text(body, "id");
        if (id == null) {
            throw new MastodonApiException(what + " answered 200 without the posted status's id", 200, null, null, null);
        }
        return new PostedStatus(id, MastodonMapper.text(body, "url"));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        URI uri = settings.resolve(pathAndQuery);
        return HttpRequest.newBuilder(uri)
                .timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + settings.accessToken())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what, RateLimitGate gate) throws MastodonApiException {
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> BoundedBody.of(MAX_BODY_BYTES, info));
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the headers only; this bounds the whole answer.
            response = future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw noAnswer(what + ": no complete answer within readTimeout " + settings.readTimeout(), null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw noAnswer(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BoundedBody.TooLargeException tooLarge) {
                throw noAnswer(what + ": the answer is larger than " + tooLarge.limit() + " bytes (" + tooLarge.getMessage() + ")", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw noAnswer(what + " timed out: " + cause.getMessage(), cause);
            }
            throw noAnswer(what + " failed: " + cause, cause);
        }
        gate.observe(response.statusCode(), response.headers());
        LOG.debug("{} answered HTTP {}", what, response.statusCode());
        return response;
    }

    private static MastodonApiException failure(String what, HttpResponse<byte[]> response, RateLimitGate gate) {
        int status = response.statusCode();
        String error = serverError(response.body());
        Instant retryAt = status == 429 ? gate.closedUntil() : null;
        String location = status / 100 == 3 ? response.headers().firstValue("Location").map(l -> " to " + l).orElse("") : "";
        String message = what + " answered HTTP " + status + (error == null ? "" : " (" + error + ")")
                + (status / 100 == 3 ? ": the instance redirects" + location + "; set baseUrl to the address it redirects to" : "");
        return new MastodonApiException(message, status, error, retryAt, null);
    }

    private static MastodonApiException noAnswer(String message, Throwable cause) {
        return new MastodonApiException(message, MastodonApiException.NO_ANSWER, null, null, cause);
    }

    private static JsonNode json(String what, HttpResponse<byte[]> response) throws MastodonApiException {
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new MastodonApiException(what + " answered HTTP " + response.statusCode() + " with an empty body",
                        response.statusCode(), null, null, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            // Where the JSON breaks, never what it says: the body may hold people's messages.
            throw new MastodonApiException(what + " answered HTTP " + response.statusCode() + " with a body that is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
                    response.statusCode(), null, null, e);
        } catch (java.io.IOException e) {
            throw new MastodonApiException(what + " answered a body that cannot be read: " + e.getMessage(),
                    response.statusCode(), null, null, e);
        }
    }

    /** Mastodon's {@code {"error": "..."}}, one line, bounded; null when the body is not that. */
    private static String serverError(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            String error = node == null ? null : MastodonMapper.text(node, "error");
            if (error == null) {
                return null;
            }
            String line = error.replaceAll("[\\r\\n\\t]+", " ");
            return line.length() <= 300 ? line : line.substring(0, 299) + "…";
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a status as JSON", e);
        }
    }
}
