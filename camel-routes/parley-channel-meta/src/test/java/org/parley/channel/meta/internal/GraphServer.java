package org.parley.channel.meta.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.parley.api.config.Secret;

/**
 * A Graph API test server on 127.0.0.1 (a port chosen at run time) that answers as Meta documents it: the comment,
 * reply, mention and message edges with their answer shapes, {@code mentioned_comment} / {@code mentioned_media}
 * reads, a refused token as {@code OAuthException} code 190 (HTTP 400), a wrong {@code appsecret_proof} as code 100,
 * missing parameters as code 100, and whatever error a test queues with {@link #failNext}.
 */
final class GraphServer implements AutoCloseable {

    /** A request as the server received it. */
    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EDGE = Pattern.compile("/(v\\d+\\.\\d+)/([A-Za-z0-9_]+)(?:/([a-z_]+))?");
    private static final Pattern MENTIONED = Pattern.compile("mentioned_(comment\\.comment|media\\.media)_id\\((\\d+)\\)\\{.*}");

    private final HttpServer server;
    private final String version;
    private final String token;
    private final String proof;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> scripted = new ConcurrentLinkedDeque<>();
    private final Map<String, String> mentionedComments = new ConcurrentHashMap<>();
    private final Map<String, String> mentionedMedia = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);

    private GraphServer(String version, String token, String appSecret) throws IOException {
        this.version = version;
        this.token = token;
        this.proof = HexFormat.of().formatHex(new HubSignature(Secret.of(appSecret))
                .sign(token.getBytes(StandardCharsets.UTF_8)));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server for the test account's token and app secret. */
    static GraphServer start() throws IOException {
        return new GraphServer("v21.0", TestSettings.ACCESS_TOKEN, TestSettings.APP_SECRET);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** The next request is answered with this instead of the documented success. */
    void failNext(int status, String body, Map<String, String> headers) {
        scripted.add(new Answer(status, body, headers));
    }

    /** What {@code mentioned_comment.comment_id(id)} answers. */
    void mentionedComment(String commentId, String json) {
        mentionedComments.put(commentId, json);
    }

    /** What {@code mentioned_media.media_id(id)} answers. */
    void mentionedMedia(String mediaId, String json) {
        mentionedMedia.put(mediaId, json);
    }

    static String error(int code, int subcode, String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("code", code)
                .put("error_subcode", subcode).put("fbtrace_id", "AbCdEfGhIjK");
        return error.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Answer answer = answer(request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer answer(Request request) {
        Map<String, String> usage = Map.of("X-App-Usage", "{\"call_count\":3,\"total_cputime\":1,\"total_time\":2}");
        if (!("Bearer " + token).equals(request.header("Authorization"))) {
            return new Answer(400, error(190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token"),
                    Map.of("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\""));
        }
        if (!proof.equals(request.query().get("appsecret_proof"))) {
            return new Answer(400, error(100, 0, "GraphMethodException",
                    "Invalid appsecret_proof provided in the API argument"), usage);
        }
        Answer scriptedAnswer = scripted.poll();
        if (scriptedAnswer != null) {
            return scriptedAnswer;
        }
        Matcher m = EDGE.matcher(request.path());
        if (!m.matches() || !m.group(1).equals(version)) {
            return new Answer(400, error(2500, 0, "OAuthException", "Unknown path components: " + request.path()), usage);
        }
        String node = m.group(2);
        String edge = m.group(3);
        if (request.method().equals("GET") && edge == null) {
            return read(request, usage);
        }
        if (!request.method().equals("POST") || edge == null) {
            return new Answer(400, error(100, 33, "GraphMethodException", "Unsupported request"), usage);
        }
        JsonNode body = request.json();
        return switch (edge) {
            case "comments", "replies" -> requireMessage(body, usage,
                    "{\"id\":\"" + (edge.equals("comments") ? node.substring(node.indexOf('_') + 1) + "_" : "")
                            + (18_000_000_000_000_000L + ids.getAndIncrement()) + "\"}");
            case "mentions" -> body.path("media_id").isMissingNode()
                    ? new Answer(400, error(100, 0, "OAuthException", "(#100) The parameter media_id is required"), usage)
                    : requireMessage(body, usage, "{\"id\":\"" + (17_846_000_000_000_000L + ids.getAndIncrement()) + "\"}");
            case "messages" -> "whatsapp".equals(body.path("messaging_product").asText())
                    ? whatsapp(body, usage) : messenger(body, usage);
            default -> new Answer(400, error(2500, 0, "OAuthException", "Unknown path components: /" + edge), usage);
        };
    }

    private Answer read(Request request, Map<String, String> usage) {
        Matcher m = MENTIONED.matcher(request.query().getOrDefault("fields", ""));
        if (!m.matches()) {
            return new Answer(400, error(100, 0, "OAuthException", "(#100) Tried accessing nonexisting field"), usage);
        }
        boolean comment = m.group(1).startsWith("comment");
        String found = (comment ? mentionedComments : mentionedMedia).get(m.group(2));
        if (found == null) {
            return new Answer(400, error(100, 33, "GraphMethodException", "Unsupported get request. Object with ID '"
                    + m.group(2) + "' does not exist"), usage);
        }
        return new Answer(200, "{\"" + (comment ? "mentioned_comment" : "mentioned_media") + "\":" + found
                + ",\"id\":\"" + TestSettings.IG_ACCOUNT_ID + "\"}", usage);
    }

    private static Answer requireMessage(JsonNode body, Map<String, String> usage, String success) {
        if (!body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return new Answer(400, error(100, 0, "OAuthException", "(#100) The parameter message is required"), usage);
        }
        return new Answer(200, success, usage);
    }

    private Answer messenger(JsonNode body, Map<String, String> usage) {
        String recipient = body.path("recipient").path("id").asText("");
        if (recipient.isEmpty() || !body.path("message").path("text").isTextual()) {
            return new Answer(400, error(100, 2018001, "OAuthException", "(#100) No matching user found"), usage);
        }
        if (!"RESPONSE".equals(body.path("messaging_type").asText())) {
            return new Answer(400, error(100, 0, "OAuthException", "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}"), usage);
        }
        return new Answer(200, "{\"recipient_id\":\"" + recipient + "\",\"message_id\":\"m_Reply" + ids.getAndIncrement()
                + "\"}", usage);
    }

    private Answer whatsapp(JsonNode body, Map<String, String> usage) {
        String to = body.path("to").asText("");
        if (to.isEmpty() || !body.path("text").path("body").isTextual()) {
            return new Answer(400, error(131008, 0, "OAuthException", "(#131008) Required parameter is missing"), usage);
        }
        return new Answer(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\""
                + to + "\"}],\"messages\":[{\"id\":\"wamid.Reply" + ids.getAndIncrement() + "\"}]}", usage);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private volatile boolean closed;

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }

    /** For tests that build an error answer's headers. */
    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }
}
