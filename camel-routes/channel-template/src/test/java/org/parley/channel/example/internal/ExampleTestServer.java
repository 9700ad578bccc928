package org.parley.channel.example.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example messages API as documented in {@link ExampleClient}, on 127.0.0.1 and a free port: bearer token,
 * paging after the last message read, 429 with Retry-After, and replies that honour an Idempotency-Key.
 */
final class ExampleTestServer implements AutoCloseable {

    static final String TOKEN = "example-token-s3cret";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    /** Messages in the order the API hands them out; a message handed out again appears twice. */
    private final List<ObjectNode> messages = new ArrayList<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final Map<String, ObjectNode> repliesByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> repliesTo = new ConcurrentHashMap<>();

    ExampleTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/messages", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void publish(int n, String text, Instant at) {
        ObjectNode m = json.createObjectNode();
        m.put("id", String.valueOf(1000 + n));
        m.put("kind", n % 3 == 2 ? "direct" : "mention");
        m.putObject("author").put("id", "u" + (n % 4)).put("name", "Author " + (n % 4)).put("url", "https://example.org/u" + (n % 4));
        m.put("text", text);
        m.put("createdAt", at.toString());
        m.put("url", "https://example.org/m/" + (1000 + n));
        m.put("likes", n);
        messages.add(m);
    }

    synchronized void redeliver(int n) {
        messages.stream().filter(m -> m.path("id").asText().equals(String.valueOf(1000 + n))).findFirst()
                .ifPresent(m -> messages.add(m.deepCopy()));
    }

    void rateLimitNext(int times) {
        rateLimited.set(times);
    }

    int repliesTo(String messageId) {
        AtomicInteger n = repliesTo.get(messageId);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"invalid token\"}");
                return;
            }
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "{\"error\":\"too many requests\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/api/messages")) {
                list(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/replies")) {
                reply(exchange, path.substring("/api/messages/".length(), path.length() - "/replies".length()));
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private synchronized void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int from = 0;
        if (query.containsKey("after")) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).path("id").asText().equals(query.get("after"))) {
                    from = i + 1;
                    break;
                }
            }
        } else if (query.containsKey("since")) {
            Instant since = Instant.parse(query.get("since"));
            while (from < messages.size() && Instant.parse(messages.get(from).path("createdAt").asText()).isBefore(since)) {
                from++;
            }
        }
        int to = Math.min(messages.size(), from + limit);
        ObjectNode body = json.createObjectNode();
        ArrayNode page = body.putArray("messages");
        messages.subList(from, to).forEach(page::add);
        body.put("hasMore", to < messages.size());
        send(exchange, 200, body.toString());
    }

    private void reply(HttpExchange exchange, String messageId) throws IOException {
        boolean known;
        synchronized (this) {
            known = messages.stream().anyMatch(m -> m.path("id").asText().equals(messageId));
        }
        if (!known) {
            send(exchange, 404, "{\"error\":\"no such message\"}");
            return;
        }
        JsonNode request = json.readTree(exchange.getRequestBody());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        ObjectNode posted = repliesByKey.computeIfAbsent(key == null ? "none-" + System.nanoTime() : key, k -> {
            repliesTo.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
            String id = "r" + repliesByKey.size() + "-" + messageId;
            return json.createObjectNode().put("id", id).put("url", "https://example.org/m/" + id)
                    .put("text", request.path("text").asText());
        });
        send(exchange, 201, posted.toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
