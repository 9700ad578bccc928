package org.parley.itests;

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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Parley's API as a client sees it, from inside the probe: where the whiteboard serves (read from its
 * JakartarsServiceRuntime, so whatever port it was given) and requests with or without credentials.
 */
final class RestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    private RestClient(URI base) {
        this.base = base;
    }

    /** The API at 127.0.0.1 on the whiteboard's port, once the whiteboard runtime is registered; else null. */
    static RestClient find(BundleContext context) {
        ServiceReference<?> runtime = context.getServiceReference("org.osgi.service.jakartars.runtime.JakartarsServiceRuntime");
        if (runtime == null) {
            return null;
        }
        Object endpoint = runtime.getProperty("osgi.jakartars.endpoint");
        String first = endpoint instanceof String[] array ? array[0]
                : endpoint instanceof java.util.Collection<?> list ? String.valueOf(list.iterator().next())
                : String.valueOf(endpoint);
        int port = URI.create(first).getPort();
        return new RestClient(URI.create("http://127.0.0.1:" + port + "/parley/api/v1"));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String code() {
            return json().path("code").asText(null);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String path, String authorization) {
        return send("GET", path, authorization, null);
    }

    Answer send(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
