package org.parley.channel.mastodon.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Mastodon instance on 127.0.0.1 (a port chosen at run time) that answers the two requests the channel makes as the
 * API documents them: {@code GET /api/v1/notifications} with {@code types[]}, {@code min_id}, {@code max_id},
 * {@code limit} and the {@code Link} header; {@code POST /api/v1/statuses} with {@code Idempotency-Key}. Every answer
 * carries {@code X-RateLimit-Limit/Remaining/Reset}; the test can make it answer 429, refuse the token, or send a body
 * that is not JSON.
 */
public final class MastodonServer implements AutoCloseable {

    static final String DOMAIN = "social.example";
    static final String BRAND = "brand";
    /** Mastodon's default: 300 requests per 5 minutes per account. */
    static final int LIMIT = 300;
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** What the channel sent. */
    public record Request(Instant at, String method, String path, Map<String, String> query, String authorization,
                   String idempotencyKey, JsonNode body) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String token;
    private final List<ObjectNode> notifications = new ArrayList<>();
    private final Map<String, ObjectNode> postedByKey = new HashMap<>();
    private final Map<String, Integer> postsByInReplyTo = new HashMap<>();
    private final Set<String> deletedStatuses = new HashSet<>();
    private long nextNotificationId = 99_999_990L; // crosses from 8 to 9 digits: ids compare as numbers, not text
    private long nextPostedId = 114_000_000_000_000_000L;
    private boolean tokenExpired;
    private int rateLimitedRequests;
    private Duration rateLimitedFor = Duration.ofMillis(300);
    private int remaining = LIMIT;
    private Instant windowEnd = Instant.now().plus(WINDOW);
    private int malformedAnswers;
    private int tooManyRequests;

    public MastodonServer(String token) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ----- what the test arranges

    /** Status id of item {@code n}: snowflake-like, one per item. */
    public static String statusId(int n) {
        return String.valueOf(113_500_000_000_000_000L + n * 1_000L);
    }

    /** A public mention of the brand, item {@code n}, just now. */
    public synchronized ObjectNode mention(int n, String text) {
        return mention(n, text, "public", null, Instant.now());
    }

    /** A mention of the brand, item {@code n}, with the given visibility, answering a status or not, at a time. */
    synchronized ObjectNode mention(int n, String text, String visibility, String inReplyToId, Instant at) {
        return add(status(n, text, visibility, inReplyToId, at), "mention");
    }

    /** A notification of any type about the given status, appended with the next id. */
    synchronized ObjectNode add(ObjectNode status, String type) {
        ObjectNode notification = json.createObjectNode();
        notification.put("id", String.valueOf(nextNotificationId++));
        notification.put("type", type);
        notification.put("created_at", status.get("created_at").asText());
        notification.set("account", status.get("account").deepCopy());
        notification.set("status", status);
        notifications.add(notification);
        return notification;
    }

    /** Appends a raw notification as given (its id is replaced by the next one). */
    synchronized ObjectNode addRaw(ObjectNode notification) {
        notification.put("id", String.valueOf(nextNotificationId++));
        notifications.add(notification);
        return notification;
    }

    /** A status of item {@code n} as Mastodon renders it: content is HTML, with the brand's mention in front. */
    ObjectNode status(int n, String text, String visibility, String inReplyToId, Instant createdAt) {
        ObjectNode status = json.createObjectNode();
        String id = statusId(n);
        status.put("id", id);
        status.put("created_at", createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
        if (inReplyToId == null) {
            status.putNull("in_reply_to_id");
        } else {
            status.put("in_reply_to_id", inReplyToId);
        }
        status.put("sensitive", false);
        status.put("spoiler_text", "");
        status.put("visibility", visibility);
        status.put("language", "en");
        String user = "user" + n;
        boolean local = n % 2 == 0;
        String host = local ? DOMAIN : "remote.example";
        status.put("uri", "https://" + host + "/users/" + user + "/statuses/" + id);
        status.put("url", "https://" + host + "/@" + user + "/" + id);
        status.put("replies_count", n % 3);
        status.put("reblogs_count", n % 5);
        status.put("favourites_count", n % 7);
        status.put("content", "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://" + DOMAIN + "/@" + BRAND
                + "\" class=\"u-url mention\">@<span>" + BRAND + "</span></a></span> " + html(text) + "</p>");
        ObjectNode account = status.putObject("account");
        account.put("id", String.valueOf(1000 + n));
        account.put("username", user);
        account.put("acct", local ? user : user + "@remote.example");
        account.put("display_name", "User " + n);
        account.put("url", "https://" + host + "/@" + user);
        status.putArray("media_attachments");
        ArrayNode mentions = status.putArray("mentions");
        mentions.addObject().put("id", "1").put("username", BRAND).put("acct", BRAND)
                .put("url", "https://" + DOMAIN + "/@" + BRAND);
        return status;
    }

    /** The text as Mastodon's HTML: escaped as Rails does, line breaks as {@code <br />}. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;").replace("\n", "<br />");
    }

    /** From now on the token is refused (401), as after it was revoked; {@code false} accepts it again. */
    synchronized void expireToken(boolean expired) {
        this.tokenExpired = expired;
    }

    /** The next {@code times} requests are answered 429, with a reset {@code resetIn} from each of them. */
    synchronized void rateLimitNext(int times, Duration resetIn) {
        this.rateLimitedRequests = times;
        this.rateLimitedFor = resetIn;
    }

    /** The current window has {@code left} requests and ends {@code resetIn} from now; then a full one starts. */
    synchronized void window(int left, Duration resetIn) {
        this.remaining = left;
        this.windowEnd = Instant.now().plus(resetIn);
    }

    /** The next {@code times} notification requests get a 200 whose body is not JSON. */
    synchronized void malformedNext(int times) {
        this.malformedAnswers = times;
    }

    /** The status is gone: replies to it get 404. */
    synchronized void delete(String statusId) {
        deletedStatuses.add(statusId);
    }

    /** How many requests were answered 429. */
    synchronized int tooManyRequests() {
        return tooManyRequests;
    }

    public synchronized int postsInReplyTo(String statusId) {
        return postsByInReplyTo.getOrDefault(statusId, 0);
    }

    synchronized List<ObjectNode> posted() {
        return new ArrayList<>(postedByKey.values());
    }

    List<Request> notificationRequests() {
        return requests.stream().filter(r -> r.path().equals("/api/v1/notifications")).toList();
    }

    // ----- the API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            JsonNode body = requestBody.length == 0 ? null : json.readTree(requestBody);
            // Recorded before the answer leaves, so a test that saw the answer's effect sees the request too.
            requests.add(new Request(Instant.now(), exchange.getRequestMethod(), uri.getPath(), query,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            synchronized (this) {
                answer(exchange, uri, query, body);
            }
        }
    }

    private void answer(HttpExchange exchange, URI uri, Map<String, String> query, JsonNode body) throws IOException {
        Instant now = Instant.now();
        if (!now.isBefore(windowEnd)) {
            remaining = LIMIT;
            windowEnd = now.plus(WINDOW);
        }
        if (rateLimitedRequests > 0 || remaining == 0) {
            Instant reset = rateLimitedRequests > 0 ? now.plus(rateLimitedFor) : windowEnd;
            rateLimitedRequests = Math.max(0, rateLimitedRequests - 1);
            rateLimitHeaders(exchange, 0, reset);
            tooManyRequests++;
            send(exchange, 429, "{\"error\":\"Too many requests\"}");
            return;
        }
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization")) || tokenExpired) {
            send(exchange, 401, "{\"error\":\"The access token is invalid\"}");
            return;
        }
        remaining--;
        rateLimitHeaders(exchange, remaining, windowEnd);
        if (exchange.getRequestMethod().equals("GET") && uri.getPath().equals("/api/v1/notifications")) {
            notifications(exchange, query);
        } else if (exchange.getRequestMethod().equals("POST") && uri.getPath().equals("/api/v1/statuses")) {
            postStatus(exchange, body);
        } else {
            send(exchange, 404, "{\"error\":\"Record not found\"}");
        }
    }

    private void notifications(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (malformedAnswers > 0) {
            malformedAnswers--;
            send(exchange, 200, "[{\"id\":\"1\",\"type\":\"mention\",\"status\":{\"id\":");
            return;
        }
        String type = query.get("types[]");
        Long minId = number(query.get("min_id"));
        Long maxId = number(query.get("max_id"));
        int limit = Math.min(80, query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 40);
        List<ObjectNode> candidates = notifications.stream()
                .filter(n -> type == null || type.equals(n.get("type").asText()))
                .filter(n -> minId == null || id(n) > minId)
                .filter(n -> maxId == null || id(n) < maxId)
                .sorted(Comparator.comparingLong(MastodonServer::id))
                .toList();
        // min_id: the page just after the cursor (the oldest newer ones); otherwise the newest below max_id.
        List<ObjectNode> page = new ArrayList<>(minId != null
                ? candidates.subList(0, Math.min(limit, candidates.size()))
                : candidates.subList(Math.max(0, candidates.size() - limit), candidates.size()));
        page.sort(Comparator.comparingLong(MastodonServer::id).reversed());
        if (!page.isEmpty()) {
            String base = baseUrl() + "/api/v1/notifications?" + (type == null ? "" : "types%5B%5D=" + type + "&");
            exchange.getResponseHeaders().add("Link", "<" + base + "max_id=" + page.get(page.size() - 1).get("id").asText()
                    + ">; rel=\"next\", <" + base + "min_id=" + page.get(0).get("id").asText() + ">; rel=\"prev\"");
        }
        ArrayNode array = json.createArrayNode();
        page.forEach(array::add);
        send(exchange, 200, json.writeValueAsString(array));
    }

    private void postStatus(HttpExchange exchange, JsonNode body) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null && postedByKey.containsKey(key)) {
            send(exchange, 200, json.writeValueAsString(postedByKey.get(key)));
            return;
        }
        String text = body == null ? "" : body.path("status").asText("");
        String inReplyTo = body == null || body.path("in_reply_to_id").isNull() ? null : body.path("in_reply_to_id").asText(null);
        if (text.isBlank()) {
            send(exchange, 422, "{\"error\":\"Validation failed: Text can't be blank\"}");
            return;
        }
        if (text.codePointCount(0, text.length()) > 500) {
            send(exchange, 422, "{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}");
            return;
        }
        if (inReplyTo != null && (deletedStatuses.contains(inReplyTo) || notifications.stream()
                .noneMatch(n -> inReplyTo.equals(n.path("status").path("id").asText())))) {
            send(exchange, 404, "{\"error\":\"The post you are trying to reply to does not appear to exist.\"}");
            return;
        }
        ObjectNode status = json.createObjectNode();
        String id = String.valueOf(nextPostedId++);
        status.put("id", id);
        status.put("created_at", Instant.now().toString());
        status.put("in_reply_to_id", inReplyTo);
        status.put("visibility", body.path("visibility").asText("public"));
        status.put("content", "<p>" + html(text) + "</p>");
        status.put("url", "https://" + DOMAIN + "/@" + BRAND + "/" + id);
        if (key != null) {
            postedByKey.put(key, status);
        } else {
            postedByKey.put("no-key-" + id, status);
        }
        if (inReplyTo != null) {
            postsByInReplyTo.merge(inReplyTo, 1, Integer::sum);
        }
        send(exchange, 200, json.writeValueAsString(status));
    }

    private static void rateLimitHeaders(HttpExchange exchange, int left, Instant reset) {
        exchange.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(LIMIT));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", String.valueOf(left));
        // As Mastodon writes it: ISO 8601 with microseconds.
        exchange.getResponseHeaders().add("X-RateLimit-Reset", reset.truncatedTo(ChronoUnit.MICROS).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long id(JsonNode notification) {
        return Long.parseLong(notification.get("id").asText());
    }

    private static Long number(String value) {
        return value == null ? null : Long.valueOf(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
