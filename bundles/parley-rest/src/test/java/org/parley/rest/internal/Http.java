package org.parley.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the tests: requests with or without credentials, answers with their JSON. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Credentials: none, HTTP Basic or a Bearer token. */
    record Auth(String header) {
        static final Auth NONE = new Auth(null);

        static Auth basic(String user, String password) {
            return new Auth("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }

        static Auth user(String user) {
            return basic(user, TestRealm.USERS.get(user).password());
        }

        static Auth bearer(String token) {
            return new Auth("Bearer " + token);
        }

        @Override
        public String toString() {
            return header == null ? "no credentials" : header.substring(0, Math.min(header.length(), 12)) + "...";
        }
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String code() {
            return json().path("code").asText(null);
        }
    }

    static Answer get(URI uri, Auth auth) {
        return send("GET", uri, auth, null);
    }

    static Answer send(String method, URI uri, Auth auth, String json) {
        return send(method, uri, auth, json, json == null ? null : "application/json");
    }

    static Answer send(String method, URI uri, Auth auth, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (auth.header() != null) {
            request.header("Authorization", auth.header());
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
