package org.parley.ingress.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.RoutesBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.parley.api.Interaction;
import org.parley.api.WebhookInbox;
import org.parley.channel.testkit.Configs;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.store.internal.JdbcDeadLetterStore;
import org.parley.store.internal.JdbcWebhookInbox;
import org.parley.store.internal.ParleyDatabase;

/**
 * Parley with its public ingress, outside Karaf: the real Jetty listener on 127.0.0.1 and a port chosen at run time,
 * the real inbox and dead letters in an H2 file, and the real parley: component, pipeline and store (the channel
 * test kit's {@link ParleyHarness}) behind the real worker. The inbox's database can be taken down and brought back
 * ({@link #storeDown}); endpoints register and go as a channel bundle's would.
 */
final class IngressHarness implements AutoCloseable {

    final EndpointRegistry endpoints = new EndpointRegistry();
    final AtomicBoolean storeDown = new AtomicBoolean();
    final JdbcWebhookInbox inbox;
    final JdbcDeadLetterStore deadLetters;
    final ParleyHarness parley;
    final IngressSettings settings;
    final IngressListener listener;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Connection keepOpen;
    private final List<InboxWorker> workers = new ArrayList<>();
    private long nextServiceId = 1;

    /** @param overrides ingress settings as key, value, ... (see {@link IngressConfig}) */
    IngressHarness(Path directory, String... overrides) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("parley").toAbsolutePath()); // the test kit's database
        h2.setUser("sa");
        h2.setPassword("");
        // One connection held open keeps the embedded database open between the stores' short-lived connections.
        keepOpen = h2.getConnection();
        ParleyDatabase database = new ParleyDatabase(switchable(h2, storeDown));
        inbox = new JdbcWebhookInbox(database);
        deadLetters = new JdbcDeadLetterStore(database);
        parley = ParleyHarness.start(directory, () -> List.<RoutesBuilder>of(new IngressReplayRoutes(endpoints, deadLetters)));
        settings = settings(overrides);
        listener = new IngressListener(inbox, endpoints, settings, Clock.systemUTC());
    }

    static IngressSettings settings(String... overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "port", "0",
                "requestsPerSecondPerSource", "0",
                "pollInterval", "PT0.2S",
                "lease", "PT3S",
                "retryInitial", "PT0.2S",
                "retryMax", "PT1S"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return IngressSettings.validate(IngressConfig.PID, Configs.of(IngressConfig.class, values));
    }

    /** Registers an endpoint as the whiteboard would (its service properties name its channel account). */
    HookTestEndpoint register(String account) {
        HookTestEndpoint endpoint = new HookTestEndpoint(account, Clock.systemUTC());
        register(endpoint);
        return endpoint;
    }

    void register(HookTestEndpoint endpoint) {
        endpoints.add(endpoint, Map.of("parley.channel", endpoint.channel(), "parley.account", endpoint.account(),
                "service.id", nextServiceId++));
    }

    void unregister(HookTestEndpoint endpoint) {
        endpoints.remove(endpoint, Map.of());
    }

    /** Starts a worker (several may run, as on several nodes); the listener wakes the newest. */
    InboxWorker startWorker() {
        InboxWorker worker = new InboxWorker(inbox, endpoints, parley.camel().createProducerTemplate(), settings,
                Clock.systemUTC());
        workers.add(worker);
        listener.wakes(worker);
        return worker;
    }

    void stopWorker(InboxWorker worker) {
        worker.stop();
        workers.remove(worker);
        listener.wakes(workers.isEmpty() ? null : workers.get(workers.size() - 1));
    }

    String url(String path) {
        return listener.listening() + path;
    }

    String hookPath(String account) {
        return "/parley/hooks/" + HookTestEndpoint.CHANNEL + "/" + account;
    }

    /** An event's JSON body. */
    static byte[] event(String id, String text) {
        return ("{\"id\":\"" + id + "\",\"from\":\"u-" + id + "\",\"name\":\"Anna\",\"text\":\"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A POST signed as the test channel signs, now, with a fresh nonce; {@code extra} headers as name, value, ... */
    HttpResponse<String> postSigned(String account, byte[] body, String... extra) throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        List<String> headers = new ArrayList<>(List.of("X-Hook-Timestamp", timestamp, "X-Hook-Nonce", nonce,
                "X-Hook-Signature", HookTestEndpoint.sign(timestamp, nonce, body), "Content-Type", "application/json"));
        headers.addAll(List.of(extra));
        return post(hookPath(account), body, headers.toArray(String[]::new));
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<Interaction> stored() {
        return parley.stored(HookTestEndpoint.CHANNEL);
    }

    WebhookInbox.Counts inboxCounts(String account) {
        return inbox.stats(java.time.Instant.now()).stream()
                .filter(c -> c.source().equals(new WebhookInbox.Source(HookTestEndpoint.CHANNEL, account)))
                .findFirst()
                .orElse(new WebhookInbox.Counts(new WebhookInbox.Source(HookTestEndpoint.CHANNEL, account), 0, 0,
                        Duration.ZERO, null));
    }

    /** Every inbox row of the test channel, processed or not. */
    long inboxRows() throws SQLException {
        try (var statement = keepOpen.createStatement();
             var rs = statement.executeQuery("SELECT COUNT(*) FROM webhook_inbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        for (InboxWorker worker : List.copyOf(workers)) {
            worker.stop();
        }
        listener.stop();
        parley.close();
        keepOpen.close();
    }

    /** The DataSource, failing every new connection while {@code down} is set, as a database that went away does. */
    private static DataSource switchable(DataSource dataSource, AtomicBoolean down) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLTransientConnectionException("Connection refused: the test took the database down", "08001");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
