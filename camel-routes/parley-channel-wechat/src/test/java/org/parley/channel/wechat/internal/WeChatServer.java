package org.parley.channel.wechat.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A WeChat API test server on 127.0.0.1 (a port chosen at run time) that answers as WeChat documents it:
 * {@code GET /cgi-bin/token} issues a new access token ({@code {"access_token","expires_in":7200}}) for the right
 * AppID and AppSecret (else 40013 / 40125), counting the requests; {@code POST /cgi-bin/message/custom/send} takes a
 * text message for a token it issued and not yet expired (else 40001 / 42001 / 41001), records it and answers
 * {@code {"errcode":0,"errmsg":"ok"}}. WeChat answers errors with HTTP 200 and an errcode; a test can expire the tokens
 * ({@link #expireTokens}), or queue any errcode or HTTP status for the next send ({@link #failNextSend}).
 */
final class WeChatServer implements AutoCloseable {

    /** A customer-service message as the server received it. */
    record Sent(String accessToken, JsonNode json) {

        String touser() {
            return json.path("touser").asText();
        }

        String content() {
            return json.path("text").path("content").asText();
        }
    }

    private record Answer(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String appId;
    private final String appSecret;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger sendRequests = new AtomicInteger();
    private final ConcurrentLinkedDeque<Answer> scripted = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Answer> scriptedTokens = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<java.time.Duration> stalls = new ConcurrentLinkedDeque<>();

    private WeChatServer(String appId, String appSecret) throws IOException {
        this.appId = appId;
        this.appSecret = appSecret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server for the test accounts' AppID and AppSecret. */
    static WeChatServer start() throws IOException {
        return new WeChatServer(TestAccounts.APP_ID, TestAccounts.APP_SECRET);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    /** Every send request, accepted or not. */
    int sendRequests() {
        return sendRequests.get();
    }

    /** The messages WeChat accepted. */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Every token issued so far is expired from now on (42001), as after 7200 s or a refresh elsewhere. */
    void expireTokens() {
        expired.addAll(valid);
        valid.clear();
    }

    /** Every token issued so far is invalid from now on (40001), as when another system fetched a new one. */
    void invalidateTokens() {
        valid.clear();
    }

    /** The next send is answered with this errcode (HTTP 200, as WeChat answers errors). */
    void failNextSend(int errcode, String errmsg) {
        scripted.add(new Answer(200, error(errcode, errmsg)));
    }

    /** The next send is answered with this HTTP status and body. */
    void failNextSendHttp(int status, String body) {
        scripted.add(new Answer(status, body));
    }

    /** The next send is taken (recorded) but answered only after {@code wait}, as when WeChat is slow or the line drops. */
    void stallNextSend(java.time.Duration wait) {
        stalls.add(wait);
    }

    /** The next token request is answered with this errcode. */
    void failNextToken(int errcode, String errmsg) {
        scriptedTokens.add(new Answer(200, error(errcode, errmsg)));
    }

    static String error(int errcode, String errmsg) {
        return JSON.createObjectNode().put("errcode", errcode).put("errmsg", errmsg + " rid: 6756a0e1-0f1c2d3e-4b5a6978")
                .toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            if (path.equals("/cgi-bin/token") && exchange.getRequestMethod().equals("GET")) {
                answer = token(query);
            } else if (path.equals("/cgi-bin/message/custom/send") && exchange.getRequestMethod().equals("POST")) {
                answer = send(query, body);
            } else {
                answer = new Answer(404, "<html><body>404 Not Found</body></html>");
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.body().startsWith("{")
                    ? "application/json; encoding=utf-8" : "text/html");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private Answer token(Map<String, String> query) {
        tokenRequests.incrementAndGet();
        Answer scriptedAnswer = scriptedTokens.poll();
        if (scriptedAnswer != null) {
            return scriptedAnswer;
        }
        if (!"client_credential".equals(query.get("grant_type"))) {
            return new Answer(200, error(40002, "invalid grant_type"));
        }
        if (!appId.equals(query.get("appid"))) {
            return new Answer(200, error(40013, "invalid appid"));
        }
        if (!appSecret.equals(query.get("secret"))) {
            return new Answer(200, error(40125, "invalid appsecret"));
        }
        String token = "ACCESS_TOKEN_" + issued.incrementAndGet() + "_83kdA-_kd93kdlsKDl39dks";
        valid.add(token);
        ObjectNode answer = JSON.createObjectNode().put("access_token", token).put("expires_in", 7200);
        return new Answer(200, answer.toString());
    }

    private Answer send(Map<String, String> query, byte[] body) throws IOException {
        sendRequests.incrementAndGet();
        String token = query.get("access_token");
        if (token == null || token.isEmpty()) {
            return new Answer(200, error(41001, "access_token missing"));
        }
        if (expired.contains(token)) {
            return new Answer(200, error(42001, "access_token expired"));
        }
        if (!valid.contains(token)) {
            return new Answer(200, error(40001, "invalid credential, access_token is invalid or not latest"));
        }
        Answer scriptedAnswer = scripted.poll();
        if (scriptedAnswer != null) {
            return scriptedAnswer;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return new Answer(200, error(47001, "data format error"));
        }
        if (!json.path("touser").isTextual() || !"text".equals(json.path("msgtype").asText())
                || !json.path("text").path("content").isTextual()) {
            return new Answer(200, error(47001, "data format error"));
        }
        sent.add(new Sent(token, json));
        java.time.Duration stall = stalls.poll();
        if (stall != null) {
            // The server's own slowness, not test synchronisation, parked as the SuiteCRM test server parks its
            // service time: the handler thread is busy this long.
            long until = System.nanoTime() + stall.toNanos();
            for (long left = stall.toNanos(); left > 0; left = until - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
        }
        return new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }
}
