package org.parley.crm.suitecrm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A SuiteCRM V8 JSON:API in memory, for tests, itests and benchmarks (no JUnit in it: it runs from {@link #main} too).
 * It behaves as {@code reference/suitecrm-v8.md} says SuiteCRM 7.14 does, warts included:
 * <ul>
 * <li>{@code POST <apiPath>/access_token} (JSON or form body): client_credentials and password grants, one grant per
 *     client; wrong secret → 401 {@code invalid_client}; unknown client id → 500; any {@code scope} → 400
 *     {@code invalid_scope}; tokens look like JWTs (two dots) and live {@code tokenLifetime}; {@link #expireTokens()}
 *     makes every call with an issued token answer 401 {@code access_denied}.</li>
 * <li>{@code GET V8/module/{Module}}: {@code filter[field][op]} (eq neq gt gte lt lte like; {@code filter[operator]}
 *     and|or), compared without regard to case as MySQL does; {@code email1} matches any address of the record,
 *     including stale ones ({@link #addStaleEmail}, issue #9606); an unknown field → 400 "Filter field X in Contact
 *     module is not found"; {@code page[size]}/{@code page[number]} with {@code meta.total-pages} and links only when
 *     paged; without {@code page[size]} every record; no result → 200 {@code data: []} with a meta message;
 *     {@code fields[Module]}.</li>
 * <li>{@code GET V8/module/{Module}/{id}}: missing → 400 "Contacts module with id … is not found".</li>
 * <li>{@code POST V8/module} → 201, {@code PATCH V8/module} → 201; responses name the type in the singular; unknown
 *     attributes → 400 "Property x in Contact module is invalid".</li>
 * <li>{@code GET|POST V8/module/{Module}/{id}/relationships/{link}}, {@code DELETE …/{link}/{relatedId}}; Notes show
 *     under a contact's {@code notes} by {@code contact_id} and under {@code notes_parent} by parent_type/parent_id.</li>
 * <li>Errors are 400 with {@code {"errors":{"status":400,"title":null,"detail":"…"}}} — an object, not an array.</li>
 * </ul>
 * Test controls: {@link #down(Outage)}/{@link #up()}, {@link #serviceTime(Duration)}, {@link #tooManyRequests(int, Duration)},
 * {@link #requests(String)} counts per kind, {@link #notes()}, seeding with {@link #put}.
 */
public final class SuiteCrmTestServer implements AutoCloseable {

    /** The client_credentials client made by default. */
    public static final String CLIENT_ID = "parley-client";
    public static final String CLIENT_SECRET = "s3cret-Cl13nt-Secr3t";
    /** The password-grant client, and its user, made by default. */
    public static final String PASSWORD_CLIENT_ID = "parley-password-client";
    public static final String USERNAME = "parley";
    public static final String PASSWORD = "Us3r-Passw0rd";

    /** Request kinds counted by {@link #requests(String)}. */
    public static final String TOKEN = "token", LIST = "list", GET = "get", CREATE = "create", UPDATE = "update",
            DELETE = "delete", RELATIONSHIP_GET = "relationship-get", RELATIONSHIP_ADD = "relationship-add",
            RELATIONSHIP_DELETE = "relationship-delete", REFUSED = "refused";

    public enum Outage { CONNECTION_REFUSED, UNAVAILABLE_503 }

    private static final String JSON_API = "application/vnd.api+json";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern FILTER = Pattern.compile("filter\\[([^\\]]+)\\]\\[([a-z]+)\\]");
    private static final Pattern FIELDS = Pattern.compile("fields\\[([^\\]]+)\\]");
    private static final Map<String, String> OBJECT_NAMES = Map.of("Contacts", "Contact", "Leads", "Lead",
            "Notes", "Note", "ProspectLists", "ProspectList", "Accounts", "Account", "Users", "User");
    private static final List<String> COMMON = List.of("id", "name", "date_entered", "date_modified", "modified_user_id",
            "created_by", "description", "deleted", "assigned_user_id");
    private static final List<String> PERSON = List.of("salutation", "first_name", "last_name", "full_name", "title",
            "department", "phone_home", "phone_mobile", "phone_work", "phone_other", "phone_fax", "email1", "email2",
            "primary_address_street", "primary_address_city", "primary_address_country", "lead_source", "account_id",
            "mastodon_handle_c", "bluesky_handle_c", "telegram_handle_c", "parley_engagement_c", "parley_sentiment_c");

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String apiPath;
    private final Map<String, Set<String>> vardefs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, String>>> records = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> staleEmails = new ConcurrentHashMap<>();
    /** ProspectLists id → link (contacts, leads) → related ids. */
    private final Map<String, Map<String, Set<String>>> listMembers = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final Object lock = new Object();
    private volatile Duration retryAfter = Duration.ofSeconds(30);
    private volatile Duration serviceTime = Duration.ZERO;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Outage outage;
    private final ExecutorService executor;
    private HttpServer server;
    private int port;

    private record Client(String secret, String grant) {
    }

    private SuiteCrmTestServer(String apiPath, int port) throws IOException {
        this.apiPath = apiPath;
        Set<String> person = new LinkedHashSet<>(COMMON);
        person.addAll(PERSON);
        vardefs.put("Contacts", new LinkedHashSet<>(person));
        Set<String> lead = new LinkedHashSet<>(person);
        lead.addAll(List.of("status", "status_description", "lead_source_description", "contact_id", "converted",
                "account_name", "opportunity_id"));
        vardefs.put("Leads", lead);
        Set<String> note = new LinkedHashSet<>(COMMON);
        note.addAll(List.of("file_mime_type", "filename", "parent_type", "parent_id", "contact_id", "portal_flag",
                "embed_flag", "parley_key_c"));
        vardefs.put("Notes", note);
        Set<String> list = new LinkedHashSet<>(COMMON);
        list.addAll(List.of("list_type", "domain_name", "entry_count"));
        vardefs.put("ProspectLists", list);
        vardefs.put("Accounts", new LinkedHashSet<>(COMMON));
        Set<String> user = new LinkedHashSet<>(COMMON);
        user.addAll(List.of("user_name", "first_name", "last_name", "status", "is_admin"));
        vardefs.put("Users", user);
        vardefs.keySet().forEach(m -> records.put(m, java.util.Collections.synchronizedMap(new LinkedHashMap<>())));
        clients.put(CLIENT_ID, new Client(CLIENT_SECRET, "client_credentials"));
        clients.put(PASSWORD_CLIENT_ID, new Client(CLIENT_SECRET, "password"));
        users.put(USERNAME, PASSWORD);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "suitecrm-test-server");
            t.setDaemon(true);
            return t;
        });
        bind(port);
    }

    /** A SuiteCRM 7 site on 127.0.0.1 and a free port: the API at {@code <siteUrl>/Api}. */
    public static SuiteCrmTestServer start() {
        return start("/Api", 0);
    }

    /**
     * @param apiPath {@code /Api} (SuiteCRM 7) or {@code /legacy/Api} (SuiteCRM 8)
     * @param port    0 for a free one
     */
    public static SuiteCrmTestServer start(String apiPath, int port) {
        try {
            return new SuiteCrmTestServer(apiPath, port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the SuiteCRM test server", e);
        }
    }

    private void bind(int wanted) throws IOException {
        // The JDK server writes headers and body apart without TCP_NODELAY: with the client's delayed ACK every
        // request would cost ~40 ms more than its service time, and a drain benchmark would measure Nagle, not Parley.
        // Read once, when the JDK's server classes first load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 200);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        server = s;
        port = s.getAddress().getPort();
    }

    /** The site's URL, for the connector's {@code url}. */
    public URI siteUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code /Api} or {@code /legacy/Api}. */
    public String apiPath() {
        return apiPath;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        executor.shutdownNow();
    }

    // ---- test controls ------------------------------------------------------------------------------------------

    /** Makes every token issued so far invalid: the next call with one gets 401 access_denied. */
    public void expireTokens() {
        tokens.clear();
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    public void addClient(String id, String secret, String grant) {
        clients.put(id, new Client(secret, grant));
    }

    public void addUser(String name, String password) {
        users.put(name, password);
    }

    /** Adds a (custom) field to a module's vardefs. */
    public void addField(String module, String field) {
        vardefs.get(module).add(field);
    }

    /** Removes a field, as a SuiteCRM without the Parley package would lack it. */
    public void removeField(String module, String field) {
        vardefs.get(module).remove(field);
    }

    /** The CRM goes down: connections are refused (the port is closed) or answered 503. */
    public void down(Outage how) {
        synchronized (lock) {
            outage = how;
            if (how == Outage.CONNECTION_REFUSED && server != null) {
                server.stop(0);
                server = null;
            } else if (how == Outage.UNAVAILABLE_503 && server == null) {
                rebind();
            }
        }
    }

    /** Back up, on the same port. */
    public void up() {
        synchronized (lock) {
            outage = null;
            if (server == null) {
                rebind();
            }
        }
    }

    private void rebind() {
        try {
            bind(port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot bind port " + port + " again", e);
        }
    }

    /** Every request takes at least this long (0: answer at once). */
    public void serviceTime(Duration time) {
        this.serviceTime = time;
    }

    /** The next {@code calls} API requests (not token requests) are answered 429 with {@code Retry-After}. */
    public void tooManyRequests(int calls, Duration retryAfter) {
        this.retryAfter = retryAfter;
        throttled.set(calls);
    }

    /** Requests of one kind ({@link #TOKEN}, {@link #LIST}, …) answered so far. */
    public long requests(String kind) {
        AtomicLong n = counts.get(kind);
        return n == null ? 0 : n.get();
    }

    /** Requests of one kind on one module, such as {@code requests(LIST, "Notes")}. */
    public long requests(String kind, String module) {
        return requests(kind + " " + module);
    }

    /** Every counter: kinds, and kinds per module. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public void resetCounts() {
        counts.clear();
    }

    // ---- data ---------------------------------------------------------------------------------------------------

    /** Seeds a record; returns its id (a new UUID unless attributes has "id"). */
    public String put(String module, Map<String, String> attributes) {
        Map<String, String> r = new LinkedHashMap<>();
        String id = attributes.getOrDefault("id", UUID.randomUUID().toString());
        r.put("id", id);
        String now = now();
        r.put("date_entered", now);
        r.put("date_modified", now);
        r.put("deleted", "0");
        r.putAll(attributes);
        if (module.equals("Leads")) {
            r.putIfAbsent("converted", "0");
        }
        r.put("id", id);
        records.get(module).put(id, r);
        return id;
    }

    /** A record's attributes, if it exists. */
    public Optional<Map<String, String>> record(String module, String id) {
        Map<String, String> r = records.get(module).get(id);
        return Optional.ofNullable(r == null ? null : new LinkedHashMap<>(r));
    }

    /** All records of a module, in creation order. */
    public List<Map<String, String>> records(String module) {
        synchronized (records.get(module)) {
            return records.get(module).values().stream().map(r -> (Map<String, String>) new LinkedHashMap<>(r)).toList();
        }
    }

    public List<Map<String, String>> notes() {
        return records("Notes");
    }

    public void delete(String module, String id) {
        records.get(module).remove(id);
    }

    /** The address still matches {@code filter[email1]} although it is no longer the record's (issue #9606). */
    public void addStaleEmail(String module, String id, String email) {
        staleEmails.computeIfAbsent(module + "/" + id, k -> ConcurrentHashMap.newKeySet()).add(email.toLowerCase(Locale.ROOT));
    }

    /** Ids related to a record through a link, as {@code GET …/relationships/{link}} lists them. */
    public List<String> related(String module, String id, String link) {
        return relatedIds(module, id, link).orElse(List.of());
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Duration wait = serviceTime;
            if (!wait.isZero()) {
                // A simulated service time, not test synchronisation: the handler thread is busy this long.
                long until = System.nanoTime() + wait.toNanos();
                for (long left = wait.toNanos(); left > 0; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            if (outage == Outage.UNAVAILABLE_503) {
                count(REFUSED);
                send(exchange, 503, "text/html", "<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(apiPath + "/")) {
                send(exchange, 404, "text/html", "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String route = path.substring(apiPath.length() + 1);
            if (route.equals("access_token")) {
                token(exchange);
                return;
            }
            if (throttled.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                count(REFUSED);
                exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
                send(exchange, 429, "text/plain", "Too Many Requests".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!authorised(exchange)) {
                return;
            }
            api(exchange, route);
        } catch (RuntimeException e) {
            error(exchange, 500, e.toString());
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        count(TOKEN);
        if (!exchange.getRequestMethod().equals("POST")) {
            oauthError(exchange, 405, "invalid_request", "The request method is not supported", null);
            return;
        }
        byte[] raw = read(exchange.getRequestBody());
        Map<String, String> form = new HashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.contains("json")) {
            JsonNode body = json.readTree(raw);
            body.fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().asText()));
        } else {
            form.putAll(query(new String(raw, StandardCharsets.UTF_8)));
        }
        if (form.containsKey("scope")) {
            oauthError(exchange, 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed",
                    "Check the `" + form.get("scope") + "` scope");
            return;
        }
        String grant = form.getOrDefault("grant_type", "");
        if (!grant.equals("client_credentials") && !grant.equals("password")) {
            oauthError(exchange, 400, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.", null);
            return;
        }
        Client client = clients.get(form.getOrDefault("client_id", ""));
        if (client == null) {
            // SuiteCRM 7.14 crashes on an unknown client id.
            error(exchange, 500, "Internal Server Error");
            return;
        }
        if (!client.secret().equals(form.get("client_secret"))) {
            oauthError(exchange, 401, "invalid_client", "Client authentication failed", null);
            return;
        }
        if (!client.grant().equals(grant)) {
            oauthError(exchange, 400, "unauthorized_client",
                    "The authenticated client is not authorized to use this authorization grant type.", null);
            return;
        }
        if (grant.equals("password")) {
            String pw = users.get(form.getOrDefault("username", ""));
            if (pw == null || !pw.equals(form.get("password"))) {
                oauthError(exchange, 400, "invalid_grant", "The user credentials were incorrect.", null);
                return;
            }
        }
        String jwt = b64("{\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "." + b64("{\"aud\":\"" + form.get("client_id")
                + "\",\"jti\":\"" + UUID.randomUUID() + "\"}") + "." + b64(UUID.randomUUID().toString() + UUID.randomUUID());
        tokens.put(jwt, Instant.now().plus(tokenLifetime));
        ObjectNode answer = json.createObjectNode();
        answer.put("token_type", "Bearer");
        answer.put("expires_in", tokenLifetime.toSeconds());
        answer.put("access_token", jwt);
        send(exchange, 200, "application/json", json.writeValueAsBytes(answer));
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (token.chars().filter(c -> c == '.').count() != 2) {
            count(REFUSED);
            oauthError(exchange, 401, "access_denied", "The resource owner or authorization server denied the request.",
                    "The JWT string must have two dots");
            return false;
        }
        Instant expires = tokens.get(token);
        if (expires == null || Instant.now().isAfter(expires)) {
            count(REFUSED);
            oauthError(exchange, 401, "access_denied", "The resource owner or authorization server denied the request.",
                    "Access token could not be verified");
            return false;
        }
        return true;
    }

    private void api(HttpExchange exchange, String route) throws IOException {
        String method = exchange.getRequestMethod();
        String[] p = route.split("/");
        for (int i = 0; i < p.length; i++) {
            p[i] = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
        }
        if (p.length < 2 || !p[0].equals("V8") || !p[1].equals("module")) {
            error(exchange, 404, "Route " + route + " not found");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (p.length == 2) {
            JsonNode body = json.readTree(read(exchange.getRequestBody()));
            switch (method) {
                case "POST" -> create(exchange, body);
                case "PATCH" -> update(exchange, body);
                default -> error(exchange, 405, "Method " + method + " not allowed");
            }
            return;
        }
        String module = p[2];
        if (!vardefs.containsKey(module)) {
            error(exchange, 400, "Module " + module + " does not exist");
            return;
        }
        if (p.length == 3 && method.equals("GET")) {
            list(exchange, module, query);
        } else if (p.length == 4 && method.equals("GET")) {
            count(GET, module);
            Map<String, String> r = records.get(module).get(p[3]);
            if (r == null) {
                notFound(exchange, module, p[3]);
            } else {
                ObjectNode answer = json.createObjectNode();
                answer.set("data", resource(module, r, fields(module, query)));
                send(exchange, 200, JSON_API, json.writeValueAsBytes(answer));
            }
        } else if (p.length == 4 && method.equals("DELETE")) {
            count(DELETE, module);
            if (records.get(module).remove(p[3]) == null) {
                notFound(exchange, module, p[3]);
            } else {
                meta(exchange, 200, "Record with id " + p[3] + " is deleted");
            }
        } else if (p.length >= 6 && p[4].equals("relationships")) {
            relationship(exchange, method, module, p[3], p[5], p.length > 6 ? p[6] : null);
        } else {
            error(exchange, 404, "Route " + route + " not found");
        }
    }

    private void list(HttpExchange exchange, String module, Map<String, String> query) throws IOException {
        count(LIST, module);
        String object = OBJECT_NAMES.get(module);
        List<String[]> filters = new ArrayList<>();
        for (Map.Entry<String, String> e : query.entrySet()) {
            Matcher m = FILTER.matcher(e.getKey());
            if (m.matches()) {
                if (!vardefs.get(module).contains(m.group(1))) {
                    error(exchange, 400, "Filter field " + m.group(1) + " in " + object + " module is not found");
                    return;
                }
                if (!List.of("eq", "neq", "gt", "gte", "lt", "lte", "like").contains(m.group(2))) {
                    error(exchange, 400, "Filter operator " + m.group(2) + " is invalid");
                    return;
                }
                filters.add(new String[] {m.group(1), m.group(2), e.getValue()});
            }
        }
        boolean or = "or".equalsIgnoreCase(query.get("filter[operator]"));
        List<Map<String, String>> matched = new ArrayList<>();
        synchronized (records.get(module)) {
            for (Map<String, String> r : records.get(module).values()) {
                if (filters.isEmpty() || matches(module, r, filters, or)) {
                    matched.add(new LinkedHashMap<>(r));
                }
            }
        }
        String sort = query.get("sort");
        if (sort != null && !sort.isBlank()) {
            boolean desc = sort.startsWith("-");
            String field = desc ? sort.substring(1) : sort;
            matched.sort((a, b) -> {
                int c = a.getOrDefault(field, "").compareToIgnoreCase(b.getOrDefault(field, ""));
                return desc ? -c : c;
            });
        }
        Set<String> fields = fields(module, query);
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = json.createArrayNode();
        String sizeParam = query.get("page[size]");
        if (sizeParam != null) {
            int size = Math.max(1, Integer.parseInt(sizeParam));
            int number = Math.max(1, Integer.parseInt(query.getOrDefault("page[number]", "1")));
            int pages = (matched.size() + size - 1) / size;
            List<Map<String, String>> page = matched.subList(Math.min(matched.size(), (number - 1) * size),
                    Math.min(matched.size(), number * size));
            page.forEach(r -> data.add(resource(module, r, fields)));
            if (matched.isEmpty()) {
                answer.putObject("meta").put("message", "Request was successful, but there is no result");
            } else {
                ObjectNode meta = answer.putObject("meta");
                meta.put("total-pages", pages);
                meta.put("records-on-this-page", page.size());
                ObjectNode links = answer.putObject("links");
                String base = "V8/module/" + module + "?page[size]=" + size + "&page[number]=";
                links.put("first", base + 1);
                links.set("prev", number > 1 ? json.getNodeFactory().textNode(base + (number - 1)) : NullNode.getInstance());
                links.set("next", number < pages ? json.getNodeFactory().textNode(base + (number + 1)) : NullNode.getInstance());
                links.put("last", base + pages);
            }
        } else {
            matched.forEach(r -> data.add(resource(module, r, fields)));
            if (matched.isEmpty()) {
                answer.putObject("meta").put("message", "Request was successful, but there is no result");
            }
        }
        answer.set("data", data);
        send(exchange, 200, JSON_API, json.writeValueAsBytes(answer));
    }

    private boolean matches(String module, Map<String, String> r, List<String[]> filters, boolean or) {
        for (String[] f : filters) {
            boolean ok = matches(module, r, f[0], f[1], f[2]);
            if (or && ok) {
                return true;
            }
            if (!or && !ok) {
                return false;
            }
        }
        return !or;
    }

    private boolean matches(String module, Map<String, String> r, String field, String op, String value) {
        if (field.equals("email1") && op.equals("eq")) {
            // Joins email_addresses: any address of the record, even one whose link was deleted (issue #9606).
            Set<String> addresses = new LinkedHashSet<>(staleEmails.getOrDefault(module + "/" + r.get("id"), Set.of()));
            for (String f : List.of("email1", "email2")) {
                if (r.get(f) != null) {
                    addresses.add(r.get(f).toLowerCase(Locale.ROOT));
                }
            }
            return addresses.contains(value.toLowerCase(Locale.ROOT));
        }
        String actual = r.get(field);
        if (actual == null) {
            return op.equals("neq");
        }
        int c = actual.compareToIgnoreCase(value);   // MySQL's default collation ignores case
        return switch (op) {
            case "eq" -> c == 0;
            case "neq" -> c != 0;
            case "gt" -> c > 0;
            case "gte" -> c >= 0;
            case "lt" -> c < 0;
            case "lte" -> c <= 0;
            case "like" -> actual.toLowerCase(Locale.ROOT).matches(
                    Pattern.quote(value.toLowerCase(Locale.ROOT)).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q"));
            default -> false;
        };
    }

    private void create(HttpExchange exchange, JsonNode body) throws IOException {
        Optional<String> module = module(exchange, body);
        if (module.isEmpty()) {
            return;
        }
        count(CREATE, module.get());
        Map<String, String> attributes = attributes(exchange, module.get(), body);
        if (attributes == null) {
            return;
        }
        String requestedId = body.path("data").path("id").asText("");
        if (!requestedId.isEmpty()) {
            attributes.put("id", requestedId);
        }
        String id = put(module.get(), attributes);
        ObjectNode answer = json.createObjectNode();
        answer.set("data", resource(module.get(), records.get(module.get()).get(id), null));
        send(exchange, 201, JSON_API, json.writeValueAsBytes(answer));
    }

    private void update(HttpExchange exchange, JsonNode body) throws IOException {
        Optional<String> module = module(exchange, body);
        if (module.isEmpty()) {
            return;
        }
        count(UPDATE, module.get());
        String id = body.path("data").path("id").asText("");
        Map<String, String> r = records.get(module.get()).get(id);
        if (r == null) {
            notFound(exchange, module.get(), id);
            return;
        }
        Map<String, String> attributes = attributes(exchange, module.get(), body);
        if (attributes == null) {
            return;
        }
        synchronized (r) {
            r.putAll(attributes);
            r.put("date_modified", now());
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("data", resource(module.get(), r, null));
        send(exchange, 201, JSON_API, json.writeValueAsBytes(answer));
    }

    private Optional<String> module(HttpExchange exchange, JsonNode body) throws IOException {
        String type = body.path("data").path("type").asText("");
        if (type.isEmpty()) {
            error(exchange, 400, "The required option \"type\" is missing.");
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : OBJECT_NAMES.entrySet()) {
            if (e.getKey().equals(type) || e.getValue().equals(type)) {
                return Optional.of(e.getKey());
            }
        }
        error(exchange, 400, "Module " + type + " does not exist");
        return Optional.empty();
    }

    private Map<String, String> attributes(HttpExchange exchange, String module, JsonNode body) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>();
        var it = body.path("data").path("attributes").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!vardefs.get(module).contains(e.getKey())) {
                error(exchange, 400, "Property " + e.getKey() + " in " + OBJECT_NAMES.get(module) + " module is invalid");
                return null;
            }
            attributes.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return attributes;
    }

    private void relationship(HttpExchange exchange, String method, String module, String id, String link,
                              String relatedId) throws IOException {
        if (!records.get(module).containsKey(id)) {
            notFound(exchange, module, id);
            return;
        }
        switch (method) {
            case "GET" -> {
                count(RELATIONSHIP_GET, module);
                Optional<List<String>> ids = relatedIds(module, id, link);
                if (ids.isEmpty()) {
                    error(exchange, 400, "Relationship field " + link + " in " + OBJECT_NAMES.get(module) + " module is not found");
                    return;
                }
                ObjectNode answer = json.createObjectNode();
                answer.putObject("meta").put("total-records", ids.get().size());
                ArrayNode data = answer.putArray("data");
                String relatedModule = relatedModule(module, link);
                for (String rid : ids.get()) {
                    ObjectNode item = data.addObject();
                    item.put("type", OBJECT_NAMES.get(relatedModule));
                    item.put("id", rid);
                    item.putObject("links").put("self", "V8/module/" + relatedModule + "/" + rid);
                }
                send(exchange, 200, JSON_API, json.writeValueAsBytes(answer));
            }
            case "POST" -> {
                count(RELATIONSHIP_ADD, module);
                JsonNode body = json.readTree(read(exchange.getRequestBody()));
                String otherType = body.path("data").path("type").asText("");
                String otherId = body.path("data").path("id").asText("");
                String relatedModule = relatedModule(module, link);
                if (!module.equals("ProspectLists") || relatedModule == null) {
                    error(exchange, 400, "Relationship field " + link + " in " + OBJECT_NAMES.get(module) + " module is not found");
                    return;
                }
                if (otherType.isEmpty()) {
                    error(exchange, 400, "The required option \"type\" is missing.");
                    return;
                }
                if (!records.get(relatedModule).containsKey(otherId)) {
                    notFound(exchange, relatedModule, otherId);
                    return;
                }
                listMembers.computeIfAbsent(id, k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(link, k -> java.util.Collections.synchronizedSet(new LinkedHashSet<>())).add(otherId);
                meta(exchange, 201, OBJECT_NAMES.get(relatedModule) + " with id " + otherId
                        + " has been added to " + OBJECT_NAMES.get(module) + " with id " + id);
            }
            case "DELETE" -> {
                count(RELATIONSHIP_DELETE, module);
                String relatedModule = relatedModule(module, link);
                if (relatedId == null || !module.equals("ProspectLists") || relatedModule == null) {
                    error(exchange, 400, "Relationship field " + link + " in " + OBJECT_NAMES.get(module) + " module is not found");
                    return;
                }
                Set<String> members = listMembers.getOrDefault(id, Map.of()).get(link);
                if (members != null) {
                    members.remove(relatedId);
                }
                meta(exchange, 200, OBJECT_NAMES.get(relatedModule) + " with id " + relatedId
                        + " has been deleted from " + OBJECT_NAMES.get(module) + " with id " + id);
            }
            default -> error(exchange, 405, "Method " + method + " not allowed");
        }
    }

    private static String relatedModule(String module, String link) {
        return switch (module + "/" + link) {
            case "ProspectLists/contacts" -> "Contacts";
            case "ProspectLists/leads" -> "Leads";
            case "Contacts/notes", "Contacts/notes_parent", "Leads/notes" -> "Notes";
            case "Contacts/prospect_lists", "Leads/prospect_lists" -> "ProspectLists";
            default -> null;
        };
    }

    private Optional<List<String>> relatedIds(String module, String id, String link) {
        String related = relatedModule(module, link);
        if (related == null) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        switch (module + "/" + link) {
            case "ProspectLists/contacts", "ProspectLists/leads" -> {
                Set<String> members = listMembers.getOrDefault(id, Map.of()).get(link);
                if (members != null) {
                    synchronized (members) {
                        ids.addAll(members);
                    }
                }
            }
            case "Contacts/notes" -> records("Notes").stream().filter(n -> id.equals(n.get("contact_id")))
                    .forEach(n -> ids.add(n.get("id")));
            case "Contacts/notes_parent", "Leads/notes" -> records("Notes").stream()
                    .filter(n -> module.equals(n.get("parent_type")) && id.equals(n.get("parent_id")))
                    .forEach(n -> ids.add(n.get("id")));
            default -> listMembers.forEach((listId, links) -> {
                Set<String> members = links.get(module.toLowerCase(Locale.ROOT));
                if (members != null && members.contains(id)) {
                    ids.add(listId);
                }
            });
        }
        return Optional.of(ids);
    }

    private ObjectNode resource(String module, Map<String, String> r, Set<String> fields) {
        ObjectNode item = json.createObjectNode();
        item.put("type", OBJECT_NAMES.get(module));
        item.put("id", r.get("id"));
        ObjectNode attributes = item.putObject("attributes");
        synchronized (r) {
            for (String field : vardefs.get(module)) {
                if (field.equals("id") || (fields != null && !fields.contains(field))) {
                    continue;
                }
                attributes.put(field, r.getOrDefault(field, ""));
            }
        }
        ObjectNode relationships = item.putObject("relationships");
        if (module.equals("Contacts")) {
            relationships.putObject("Notes").putObject("links").put("related", "V8/module/Contacts/" + r.get("id") + "/relationships/notes");
        }
        return item;
    }

    private Set<String> fields(String module, Map<String, String> query) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            Matcher m = FIELDS.matcher(e.getKey());
            if (m.matches() && (m.group(1).equals(module) || m.group(1).equals(OBJECT_NAMES.get(module)))) {
                Set<String> fields = new LinkedHashSet<>();
                for (String f : e.getValue().split(",")) {
                    if (!f.isBlank()) {
                        fields.add(f.trim());
                    }
                }
                return fields;
            }
        }
        return null;
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    private void notFound(HttpExchange exchange, String module, String id) throws IOException {
        error(exchange, 400, module + " module with id " + id + " is not found");
    }

    private void error(HttpExchange exchange, int status, String detail) throws IOException {
        ObjectNode answer = json.createObjectNode();
        ObjectNode errors = answer.putObject("errors");
        errors.put("status", status);
        errors.putNull("title");
        errors.put("detail", detail);
        send(exchange, status, JSON_API, json.writeValueAsBytes(answer));
    }

    private void meta(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode answer = json.createObjectNode();
        answer.putObject("meta").put("message", message);
        send(exchange, status, JSON_API, json.writeValueAsBytes(answer));
    }

    private void oauthError(HttpExchange exchange, int status, String error, String description, String hint)
            throws IOException {
        ObjectNode answer = json.createObjectNode();
        answer.put("error", error);
        answer.put("error_description", description);
        if (hint != null) {
            answer.put("hint", hint);
        }
        answer.put("message", description);
        send(exchange, status, "application/json", json.writeValueAsBytes(answer));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void count(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void count(String kind, String module) {
        count(kind);
        count(kind + " " + module);
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** SuiteCRM answers datetimes with the seconds set to zero. */
    private static String now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).format(DATETIME);
    }

    /**
     * Runs the server alone, for manual tests and benchmarks: {@code [--port N] [--api-path /Api] [--service-time-ms N]}.
     * Prints the site URL and the default credentials, then serves until the process ends.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        String apiPath = "/Api";
        long serviceMs = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--api-path" -> apiPath = args[i + 1];
                case "--service-time-ms" -> serviceMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        SuiteCrmTestServer server = start(apiPath, port);
        server.serviceTime(Duration.ofMillis(serviceMs));
        System.out.println("SuiteCRM V8 test server at " + server.siteUrl() + apiPath + " (client " + CLIENT_ID
                + ", secret " + CLIENT_SECRET + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
