package org.parley.channel.bluesky.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Bluesky PDS on 127.0.0.1 and a port chosen at run time, answering the XRPC methods the channel uses with their
 * documented shapes and errors:
 * <ul>
 *   <li>{@code createSession} / {@code refreshSession}, with access tokens that can be made to expire
 *       ({@code 400 ExpiredToken}) and refresh tokens that rotate;</li>
 *   <li>{@code listNotifications}, newest first, with keyset {@code cursor} paging to older pages, every reason mixed
 *       in (it ignores {@code reasons}, as an older appview does);</li>
 *   <li>{@code createRecord}, which validates like a PDS (TID record key, text length, reply refs) and refuses a
 *       record key that is taken; {@code getRecord} ({@code 400 RecordNotFound});</li>
 *   <li>scripted trouble: 429 with {@code RateLimit-*} headers for the next N requests, malformed bodies, a create
 *       that is committed but answered with 502.</li>
 * </ul>
 */
final class BlueskyServer implements AutoCloseable {

    static final String IDENTIFIER = "bloemenhuis.bsky.social";
    static final String PASSWORD = "abcd-efgh-ijkl-mnop";
    static final String DID = "did:plc:bloemenhuis7q2xk4";

    private static final Pattern TID = Pattern.compile("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}");

    /** A request as received, for assertions: method name, query parameters and the Authorization header. */
    record Request(String nsid, String query, String authorization) {
    }

    private record Listed(long seq, Instant indexedAt, ObjectNode notification) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger createSessions = new AtomicInteger();
    final AtomicInteger refreshSessions = new AtomicInteger();
    final AtomicInteger createRecords = new AtomicInteger();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Listed> notifications = new ArrayList<>();
    private final Map<String, ObjectNode> repo = new LinkedHashMap<>();
    private long seq;
    private Instant lastIndexedAt = Instant.EPOCH;
    private int tokenCounter;
    private String accessToken;
    private String refreshToken;
    private boolean accessExpired;
    private boolean refreshExpired;
    private String password = PASSWORD;
    private int rateLimited;
    private int malformed;
    private int cutCreates;
    private int failedCreates;
    private int duplicateStatus = 400;
    private String refuseNextCreate;

    BlueskyServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/xrpc/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ---- the scenario -------------------------------------------------------------------------------------------

    static String authorDid(int n) {
        return "did:plc:author" + n;
    }

    static String uriOf(int n) {
        return "at://" + authorDid(n) + "/app.bsky.feed.post/3kpost" + n;
    }

    static String cidOf(int n) {
        return "bafyreipost" + n;
    }

    /** Notification {@code n}: someone's post of {@code reason} (mention, reply, quote, like ...) saying {@code text}. */
    ObjectNode notification(int n, String reason, String text) {
        ObjectNode node = json.createObjectNode();
        node.put("uri", uriOf(n));
        node.put("cid", cidOf(n));
        ObjectNode author = node.putObject("author");
        author.put("did", authorDid(n));
        author.put("handle", "user" + n + ".bsky.social");
        author.put("displayName", "User " + n);
        author.put("avatar", "https://cdn.bsky.app/img/avatar/plain/" + authorDid(n) + "/bafkreiavatar@jpeg");
        author.putObject("viewer").put("muted", false).put("blockedBy", false);
        author.putArray("labels");
        author.put("createdAt", "2023-04-01T10:00:00.000Z");
        node.put("reason", reason);
        if (reason.equals("like") || reason.equals("repost") || reason.equals("quote")) {
            node.put("reasonSubject", "at://" + DID + "/app.bsky.feed.post/3kbrandpost");
        }
        ObjectNode record = node.putObject("record");
        if (reason.equals("like") || reason.equals("repost")) {
            record.put("$type", "app.bsky.feed." + reason);
            record.putObject("subject").put("uri", "at://" + DID + "/app.bsky.feed.post/3kbrandpost").put("cid", "bafyreibrand");
            node.put("uri", "at://" + authorDid(n) + "/app.bsky.feed." + reason + "/3k" + reason + n);
        } else if (reason.equals("follow")) {
            record.put("$type", "app.bsky.graph.follow");
            record.put("subject", DID);
            node.put("uri", "at://" + authorDid(n) + "/app.bsky.graph.follow/3kfollow" + n);
        } else {
            record.put("$type", "app.bsky.feed.post");
            record.put("text", text);
            record.putArray("langs").add("en");
            if (reason.equals("quote")) {
                ObjectNode embed = record.putObject("embed");
                embed.put("$type", "app.bsky.embed.record");
                embed.putObject("record").put("uri", "at://" + DID + "/app.bsky.feed.post/3kbrandpost").put("cid", "bafyreibrand");
            }
        }
        node.put("isRead", false);
        node.putArray("labels");
        return node;
    }

    /** Makes {@code reply} a reply in a thread: to {@code parent}, in the thread that {@code root} started. */
    static ObjectNode inThread(ObjectNode reply, String rootUri, String rootCid, String parentUri, String parentCid) {
        ObjectNode thread = ((ObjectNode) reply.get("record")).putObject("reply");
        thread.putObject("root").put("uri", rootUri).put("cid", rootCid);
        thread.putObject("parent").put("uri", parentUri).put("cid", parentCid);
        return reply;
    }

    /** Lists a notification now (each one a little later than the one before). */
    synchronized void publish(ObjectNode notification) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(notification, now.isAfter(lastIndexedAt) ? now : lastIndexedAt.plusMillis(1));
    }

    /** Lists a notification at the given time; its post was written 2 seconds before. */
    synchronized void publish(ObjectNode notification, Instant indexedAt) {
        notification.put("indexedAt", indexedAt.toString());
        JsonNode record = notification.get("record");
        if (record instanceof ObjectNode r && !r.has("createdAt")) {
            r.put("createdAt", indexedAt.minusSeconds(2).toString());
        }
        notifications.add(new Listed(++seq, indexedAt, notification));
        if (indexedAt.isAfter(lastIndexedAt)) {
            lastIndexedAt = indexedAt;
        }
    }

    /** Lists again a notification published before, at a new time, as an appview re-indexing it does. */
    synchronized void relist(String uri) {
        Listed earlier = notifications.stream().filter(l -> l.notification().path("uri").asText().equals(uri))
                .findFirst().orElseThrow();
        publish(earlier.notification().deepCopy());
    }

    synchronized void expireAccessTokens() {
        accessExpired = true;
    }

    synchronized void expireRefreshTokens() {
        accessExpired = true;
        refreshExpired = true;
    }

    synchronized void changePassword(String newPassword) {
        password = newPassword;
    }

    synchronized void rateLimitNext(int times) {
        rateLimited = times;
    }

    synchronized void malformedNext(int times) {
        malformed = times;
    }

    /** The next createRecord is committed, but the connection is closed before any answer. */
    synchronized void cutNextCreate() {
        cutCreates++;
    }

    /** The next createRecord is committed, but answered 502 by a proxy in between. */
    synchronized void failNextCreateAfterCommit() {
        failedCreates++;
    }

    /** The next createRecord is refused with 400 InvalidRequest and this message, as a PDS refuses an invalid record. */
    synchronized void refuseNextCreate(String message) {
        refuseNextCreate = message;
    }

    /** How a taken record key is refused: 400 InvalidRequest (default) or 500, as the MST's error surfaces. */
    synchronized void refuseDuplicatesWith(int status) {
        duplicateStatus = status;
    }

    /** The posts made in the account's repo. */
    synchronized List<ObjectNode> posts() {
        return List.copyOf(repo.values());
    }

    synchronized int repliesTo(String parentUri) {
        return (int) repo.values().stream()
                .filter(p -> parentUri.equals(p.path("reply").path("parent").path("uri").asText(null)))
                .count();
    }

    synchronized List<Request> requests(String nsid) {
        return requests.stream().filter(r -> r.nsid().equals(nsid)).toList();
    }

    // ---- XRPC ---------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String nsid = exchange.getRequestURI().getPath().substring("/xrpc/".length());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(nsid, exchange.getRequestURI().getRawQuery(), authorization));
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                if (rateLimited > 0) {
                    rateLimited--;
                    long reset = Instant.now().getEpochSecond() + 1;
                    exchange.getResponseHeaders().add("RateLimit-Limit", "3000");
                    exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
                    exchange.getResponseHeaders().add("RateLimit-Reset", Long.toString(reset));
                    exchange.getResponseHeaders().add("RateLimit-Policy", "3000;w=300");
                    error(exchange, 429, "RateLimitExceeded", "Rate Limit Exceeded");
                    return;
                }
                switch (nsid) {
                    case "com.atproto.server.createSession" -> createSession(exchange, body);
                    case "com.atproto.server.refreshSession" -> refreshSession(exchange, authorization);
                    case "app.bsky.notification.listNotifications" -> {
                        if (authorized(exchange, authorization)) {
                            listNotifications(exchange, query(exchange));
                        }
                    }
                    case "com.atproto.repo.createRecord" -> {
                        if (authorized(exchange, authorization)) {
                            createRecord(exchange, body);
                        }
                    }
                    case "com.atproto.repo.getRecord" -> getRecord(exchange, query(exchange));
                    default -> error(exchange, 501, "MethodNotImplemented", "Method Not Implemented");
                }
            }
        }
    }

    private void createSession(HttpExchange exchange, byte[] body) throws IOException {
        createSessions.incrementAndGet();
        JsonNode in = json.readTree(body);
        String identifier = in.path("identifier").asText();
        if (!(identifier.equals(IDENTIFIER) || identifier.equals(DID)) || !in.path("password").asText().equals(password)) {
            error(exchange, 401, "AuthenticationRequired", "Invalid identifier or password");
            return;
        }
        session(exchange);
    }

    private void refreshSession(HttpExchange exchange, String authorization) throws IOException {
        refreshSessions.incrementAndGet();
        if (authorization == null || !authorization.equals("Bearer " + refreshToken)) {
            error(exchange, 400, "InvalidToken", "Token could not be verified");
            return;
        }
        if (refreshExpired) {
            error(exchange, 400, "ExpiredToken", "Token has expired");
            return;
        }
        session(exchange);
    }

    private void session(HttpExchange exchange) throws IOException {
        tokenCounter++;
        accessToken = "eyJ.access." + tokenCounter;
        refreshToken = "eyJ.refresh." + tokenCounter;
        accessExpired = false;
        refreshExpired = false;
        ObjectNode out = json.createObjectNode()
                .put("accessJwt", accessToken)
                .put("refreshJwt", refreshToken)
                .put("handle", IDENTIFIER)
                .put("did", DID)
                .put("email", "social@bloemenhuis.example")
                .put("emailConfirmed", true)
                .put("active", true);
        respond(exchange, 200, out);
    }

    private boolean authorized(HttpExchange exchange, String authorization) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            error(exchange, 401, "AuthenticationRequired", "Authentication Required");
            return false;
        }
        if (!authorization.equals("Bearer " + accessToken)) {
            error(exchange, 400, "InvalidToken", "Token could not be verified");
            return false;
        }
        if (accessExpired) {
            error(exchange, 400, "ExpiredToken", "Token has expired");
            return false;
        }
        return true;
    }

    private void listNotifications(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        int limit = Integer.parseInt(first(query, "limit", "50"));
        if (limit < 1 || limit > 100) {
            error(exchange, 400, "InvalidRequest", "Error: limit can not be greater than 100");
            return;
        }
        if (malformed > 0) {
            malformed--;
            byte[] broken = "{\"cursor\":\"x\",\"notifications\":[{\"uri\":\"at://did:plc:a/app.bs".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, broken.length);
            exchange.getResponseBody().write(broken);
            return;
        }
        List<Listed> ordered = new ArrayList<>(notifications);
        ordered.sort(Comparator.comparing(Listed::indexedAt).thenComparing(Listed::seq).reversed());
        String cursor = first(query, "cursor", null);
        if (cursor != null) {
            String[] key = cursor.split("::");
            Instant at = Instant.ofEpochMilli(Long.parseLong(key[0]));
            long s = Long.parseLong(key[1]);
            ordered.removeIf(l -> !(l.indexedAt().isBefore(at) || (l.indexedAt().equals(at) && l.seq() < s)));
        }
        List<Listed> page = ordered.subList(0, Math.min(limit, ordered.size()));
        ObjectNode out = json.createObjectNode();
        if (!page.isEmpty()) {
            Listed last = page.get(page.size() - 1);
            out.put("cursor", last.indexedAt().toEpochMilli() + "::" + last.seq());
        }
        var list = out.putArray("notifications");
        page.forEach(l -> list.add(l.notification()));
        out.put("priority", false);
        out.put("seenAt", "2026-11-01T00:00:00.000Z");
        respond(exchange, 200, out);
    }

    private void createRecord(HttpExchange exchange, byte[] body) throws IOException {
        createRecords.incrementAndGet();
        JsonNode in = json.readTree(body);
        String rkey = in.path("rkey").asText();
        String problem = null;
        JsonNode record = in.path("record");
        if (!in.path("repo").asText().equals(DID)) {
            problem = "Input/repo must be the authenticated account";
        } else if (!in.path("collection").asText().equals("app.bsky.feed.post")) {
            problem = "Input/collection must be app.bsky.feed.post here";
        } else if (!TID.matcher(rkey).matches()) {
            problem = "Invalid record key for app.bsky.feed.post: must be a valid TID";
        } else if (!record.path("$type").asText().equals("app.bsky.feed.post")) {
            problem = "Invalid $type: expected app.bsky.feed.post";
        } else if (record.path("text").asText().codePointCount(0, record.path("text").asText().length()) > 300) {
            problem = "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes";
        } else if (!record.path("createdAt").isTextual()) {
            problem = "Invalid app.bsky.feed.post record: Record must have the property \"createdAt\"";
        } else if (record.has("reply") && !(ref(record.path("reply").path("root")) && ref(record.path("reply").path("parent")))) {
            problem = "Invalid app.bsky.feed.post record: Record/reply must have root and parent with uri and cid";
        }
        if (problem == null && refuseNextCreate != null) {
            problem = refuseNextCreate;
            refuseNextCreate = null;
        }
        if (problem != null) {
            error(exchange, 400, "InvalidRequest", problem);
            return;
        }
        String uri = "at://" + DID + "/app.bsky.feed.post/" + rkey;
        if (repo.containsKey(rkey)) {
            if (duplicateStatus == 500) {
                error(exchange, 500, "InternalServerError", "Internal Server Error");
            } else {
                error(exchange, duplicateStatus, "InvalidRequest", "There is already a value at key: app.bsky.feed.post/" + rkey);
            }
            return;
        }
        repo.put(rkey, (ObjectNode) record.deepCopy());
        if (cutCreates > 0) {
            cutCreates--;
            return; // closed without an answer: the client sees the connection drop
        }
        if (failedCreates > 0) {
            failedCreates--;
            error(exchange, 502, "UpstreamFailure", "Bad Gateway");
            return;
        }
        respond(exchange, 200, json.createObjectNode().put("uri", uri).put("cid", "bafyreireply" + rkey)
                .put("validationStatus", "valid"));
    }

    private void getRecord(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        String rkey = first(query, "rkey", "");
        ObjectNode record = first(query, "repo", "").equals(DID) ? repo.get(rkey) : null;
        String uri = "at://" + first(query, "repo", "") + "/" + first(query, "collection", "") + "/" + rkey;
        if (record == null) {
            error(exchange, 400, "RecordNotFound", "Could not locate record: " + uri);
            return;
        }
        ObjectNode out = json.createObjectNode().put("uri", uri).put("cid", "bafyreireply" + rkey);
        out.set("value", record);
        respond(exchange, 200, out);
    }

    private static boolean ref(JsonNode ref) {
        return ref.path("uri").isTextual() && ref.path("cid").isTextual();
    }

    private static Map<String, List<String>> query(HttpExchange exchange) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return params;
    }

    private static String first(Map<String, List<String>> query, String name, String otherwise) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? otherwise : values.get(0);
    }

    private void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        respond(exchange, status, json.createObjectNode().put("error", error).put("message", message));
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        if (!exchange.getResponseHeaders().containsKey("RateLimit-Limit")) {
            exchange.getResponseHeaders().add("RateLimit-Limit", "3000");
            exchange.getResponseHeaders().add("RateLimit-Remaining", "2999");
            exchange.getResponseHeaders().add("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 300));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
