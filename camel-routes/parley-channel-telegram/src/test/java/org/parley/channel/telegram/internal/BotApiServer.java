package org.parley.channel.telegram.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Telegram Bot API on 127.0.0.1 and a port chosen at run time, as documented at core.telegram.org/bots/api:
 * {@code /bot<token>/<method>} with parameters as JSON body or query string; answers {@code {"ok":true,"result":...}}
 * or {@code {"ok":false,"error_code":N,"description":...,"parameters":{...}}}.
 *
 * <p>getUpdates keeps a queue of updates with increasing update_ids: an {@code offset} confirms (drops) every update
 * below it; without one, the earliest unconfirmed updates come back. With {@code timeout > 0} and nothing pending, it
 * holds the request until an update arrives or the timeout passes (a long poll). Switches: 429 with retry_after for
 * the next N calls, a malformed body for the next N calls, a revoked token (401), chats where sendMessage fails.
 * setWebhook keeps the webhook (url, secret_token, allowed_updates); while one is set, getUpdates answers 409 as
 * Telegram does, until deleteWebhook.
 */
final class BotApiServer implements AutoCloseable {

    static final String TOKEN = "7012345678:AAHx-Secret_Token_Value_4711abcdefgh";
    static final String SECRET_PART = "AAHx-Secret_Token_Value_4711abcdefgh";
    static final long BOT_ID = 7012345678L;
    static final String BOT_USERNAME = "acme_support_bot";

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the bot made it (the path's token is checked, not kept). */
    record Call(String method, JsonNode params, Instant at) {
    }

    /** One message the bot sent with sendMessage. */
    record Sent(long chatId, String text, JsonNode replyParameters, long messageId) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition news = lock.newCondition();
    private final List<ObjectNode> queue = new ArrayList<>();
    private final Map<Long, JsonNode> chats = new HashMap<>();
    private final Map<Long, Long> lastMessageId = new HashMap<>();
    private final Map<Long, String[]> sendFailures = new HashMap<>();
    private boolean closed;
    private long nextUpdateId = 873_100_000L;
    private int rateLimited;
    private String rateLimitedMethod;
    private int retryAfterSeconds;
    final List<Instant> rateLimitedAt = new CopyOnWriteArrayList<>();
    private int malformed;
    private volatile boolean revoked;
    /** The webhook setWebhook set (its parameters), or null. */
    private volatile JsonNode webhook;

    BotApiServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor); // a held long poll must not block sendMessage
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an update of this type ({@code message} or {@code edited_message}); returns its update_id. */
    long enqueue(String type, JsonNode message) {
        lock.lock();
        try {
            long id = nextUpdateId++;
            ObjectNode update = JSON.createObjectNode().put("update_id", id);
            update.set(type, message);
            queue.add(update);
            JsonNode chat = message.path("chat");
            chats.put(chat.path("id").asLong(), chat);
            lastMessageId.merge(chat.path("id").asLong(), message.path("message_id").asLong(), Math::max);
            news.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    long enqueue(JsonNode message) {
        return enqueue("message", message);
    }

    /** The next {@code times} calls get 429 with {@code retry_after}. */
    void rateLimitNext(int times, int retryAfter) {
        rateLimitNext(null, times, retryAfter);
    }

    /** The next {@code times} calls of this method (null: any) get 429 with {@code retry_after}. */
    void rateLimitNext(String method, int times, int retryAfter) {
        lock.lock();
        try {
            rateLimited = times;
            rateLimitedMethod = method;
            retryAfterSeconds = retryAfter;
        } finally {
            lock.unlock();
        }
    }

    /** The next {@code times} calls get a 200 whose body is not JSON. */
    void malformedNext(int times) {
        lock.lock();
        try {
            malformed = times;
        } finally {
            lock.unlock();
        }
    }

    /** The token was revoked in BotFather: every call gets 401 until restored. */
    void revokeToken(boolean value) {
        revoked = value;
    }

    /** sendMessage to this chat fails with Telegram's error. */
    void failSendTo(long chatId, int code, String description) {
        lock.lock();
        try {
            sendFailures.put(chatId, new String[] {Integer.toString(code), description});
        } finally {
            lock.unlock();
        }
    }

    /** Updates not yet confirmed by an offset. */
    int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            int slash = path.indexOf('/', 1);
            if (!path.startsWith("/bot") || slash < 0) {
                answer(exchange, 404, error(404, "Not Found"));
                return;
            }
            String token = path.substring(4, slash);
            String method = path.substring(slash + 1);
            JsonNode params = params(exchange.getRequestURI(), body);
            calls.add(new Call(method, params, Instant.now()));
            if (revoked || !token.equals(TOKEN)) {
                answer(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            if (takeRateLimit(exchange, method)) {
                return;
            }
            if (takeMalformed()) {
                answer(exchange, 200, "{\"ok\":true,\"result\":[{\"update_id\":");
                return;
            }
            switch (method) {
                case "getMe" -> answer(exchange, 200, ok(botUser()));
                case "getUpdates" -> {
                    if (webhook != null) {
                        answer(exchange, 409, error(409, "Conflict: can't use getUpdates method while webhook is active;"
                                + " use deleteWebhook to delete the webhook first"));
                    } else {
                        answer(exchange, 200, ok(getUpdates(params)));
                    }
                }
                case "setWebhook" -> setWebhook(exchange, params);
                case "deleteWebhook" -> {
                    webhook = null;
                    answer(exchange, 200, ok(JSON.getNodeFactory().booleanNode(true)).put("description", "Webhook was deleted"));
                }
                case "sendMessage" -> sendMessage(exchange, params);
                default -> answer(exchange, 404, error(404, "Not Found: method not found"));
            }
        }
    }

    /** The webhook as setWebhook left it, or null. */
    JsonNode webhook() {
        return webhook;
    }

    private void setWebhook(HttpExchange exchange, JsonNode params) throws IOException {
        String url = params.path("url").asText("");
        if (url.isEmpty()) {
            answer(exchange, 400, error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"));
            return;
        }
        if (params.has("secret_token") && !params.path("secret_token").asText().matches("[A-Za-z0-9_-]{1,256}")) {
            answer(exchange, 400, error(400, "Bad Request: secret token contains unallowed characters"));
            return;
        }
        webhook = params;
        answer(exchange, 200, ok(JSON.getNodeFactory().booleanNode(true)).put("description", "Webhook was set"));
    }

    private boolean takeRateLimit(HttpExchange exchange, String method) throws IOException {
        int retryAfter;
        lock.lock();
        try {
            if (rateLimited <= 0 || (rateLimitedMethod != null && !rateLimitedMethod.equals(method))) {
                return false;
            }
            rateLimited--;
            retryAfter = retryAfterSeconds;
        } finally {
            lock.unlock();
        }
        ObjectNode body = error(429, "Too Many Requests: retry after " + retryAfter);
        body.putObject("parameters").put("retry_after", retryAfter);
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
        rateLimitedAt.add(Instant.now());
        answer(exchange, 429, body);
        return true;
    }

    private boolean takeMalformed() {
        lock.lock();
        try {
            if (malformed <= 0) {
                return false;
            }
            malformed--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private ArrayNode getUpdates(JsonNode params) {
        Long offset = params.hasNonNull("offset") ? params.get("offset").asLong() : null;
        int limit = params.path("limit").asInt(100);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(params.path("timeout").asLong(0));
        lock.lock();
        try {
            if (offset != null) {
                queue.removeIf(update -> update.get("update_id").asLong() < offset);
            }
            while (queue.isEmpty() && timeoutNanos > 0 && !closed) {
                timeoutNanos = news.awaitNanos(timeoutNanos);
            }
            ArrayNode result = JSON.createArrayNode();
            queue.stream().limit(limit).forEach(result::add);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createArrayNode();
        } finally {
            lock.unlock();
        }
    }

    private void sendMessage(HttpExchange exchange, JsonNode params) throws IOException {
        long chatId = params.path("chat_id").asLong();
        String text = params.path("text").asText("");
        if (text.isEmpty()) {
            answer(exchange, 400, error(400, "Bad Request: message text is empty"));
            return;
        }
        if (text.length() > 4096) {
            answer(exchange, 400, error(400, "Bad Request: message is too long"));
            return;
        }
        String[] failure;
        JsonNode chat;
        long messageId;
        lock.lock();
        try {
            failure = sendFailures.get(chatId);
            chat = chats.getOrDefault(chatId, JSON.createObjectNode().put("id", chatId).put("type", "private"));
            messageId = lastMessageId.merge(chatId, 1L, Long::sum);
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            answer(exchange, Integer.parseInt(failure[0]), error(Integer.parseInt(failure[0]), failure[1]));
            return;
        }
        sent.add(new Sent(chatId, text, params.get("reply_parameters"), messageId));
        ObjectNode message = JSON.createObjectNode().put("message_id", messageId);
        message.set("from", botUser());
        message.set("chat", chat);
        message.put("date", Instant.now().getEpochSecond());
        message.put("text", text);
        answer(exchange, 200, ok(message));
    }

    static ObjectNode botUser() {
        return JSON.createObjectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Acme Support")
                .put("username", BOT_USERNAME);
    }

    private static JsonNode params(URI uri, byte[] body) throws IOException {
        if (body.length > 0) {
            return JSON.readTree(body);
        }
        ObjectNode params = JSON.createObjectNode();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return params;
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode body = JSON.createObjectNode().put("ok", true);
        body.set("result", result);
        return body;
    }

    private static ObjectNode error(int code, String description) {
        return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        answer(exchange, status, body.toString());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            news.signalAll();
        } finally {
            lock.unlock();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
