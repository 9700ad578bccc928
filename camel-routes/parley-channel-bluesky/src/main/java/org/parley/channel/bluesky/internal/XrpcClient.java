package org.parley.channel.bluesky.internal;

import org.parley.camel.BoundedBody;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.parley.camel.RateLimitedException;

/**
 * XRPC over the JDK's HTTP client: {@code GET /xrpc/<nsid>?params} for queries, {@code POST /xrpc/<nsid>} with a JSON
 * body for procedures. Every answer but a 429 is returned for the caller to read; a 429 closes the account's
 * {@link RateLimitGate} and throws {@link RateLimitedException}, and while the gate is closed no call is sent at all.
 * Tokens travel in the {@code Authorization} header only and never appear in a message.
 */
final class XrpcClient {

    /** The largest answer read: a page of 100 notifications is a few hundred KB. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    private static final String USER_AGENT = "Parley-Bluesky/0.1";

    private final URI serviceUrl;
    private final Duration readTimeout;
    private final RateLimitGate gate;
    private final ObjectMapper mapper;
    private final HttpClient http;

    XrpcClient(URI serviceUrl, Duration connectTimeout, Duration readTimeout, RateLimitGate gate, ObjectMapper mapper) {
        this.serviceUrl = serviceUrl;
        this.readTimeout = readTimeout;
        this.gate = gate;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the bearer token elsewhere
                .build();
    }

    /** A query: parameters in the URL (a repeated name is sent once per value). */
    XrpcResponse query(String nsid, List<Map.Entry<String, String>> params, String bearer) {
        String query = params.stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(nsid, query).GET();
        return send(nsid, request, bearer);
    }

    /** A procedure: a JSON body, or none (refreshSession). */
    XrpcResponse procedure(String nsid, JsonNode body, String bearer) {
        HttpRequest.Builder request = request(nsid, "");
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the body of " + nsid, e);
            }
        }
        return send(nsid, request, bearer);
    }

    private HttpRequest.Builder request(String nsid, String query) {
        URI uri = serviceUrl.resolve("/xrpc/" + nsid + (query.isEmpty() ? "" : "?" + query));
        return HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private XrpcResponse send(String nsid, HttpRequest.Builder request, String bearer) {
        Instant closed = gate.closedUntil();
        if (closed != null) {
            throw new RateLimitedException("Bluesky asked to wait: " + nsid + " not called before " + closed, gate.remaining());
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request.build(), info -> BoundedBody.of(MAX_BODY_BYTES, info));
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the headers only; this bounds the whole answer.
            response = future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new BlueskyException(nsid + ": no complete answer from " + serviceUrl.getHost() + " within readTimeout " + readTimeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new BlueskyException(nsid + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new BlueskyException(nsid + ": " + serviceUrl.getHost() + " timed out", cause);
            }
            throw new BlueskyException(nsid + ": " + serviceUrl.getHost() + " could not be reached: " + cause, cause);
        }
        XrpcResponse answer = new XrpcResponse(nsid, response.statusCode(), response.headers(), response.body());
        if (answer.status() == 429) {
            Instant until = gate.refused(response.headers());
            throw new RateLimitedException("Bluesky rate limit: " + answer.describe() + "; calls wait until " + until,
                    gate.remaining());
        }
        if (answer.ok()) {
            gate.answered(response.headers());
        }
        return answer;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
