package org.parley.rest.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.parley.rest.TabToken;

/**
 * The API as Parley registers it with the whiteboard (the same resources, filters, providers and mapper), in an
 * embedded Jersey on the JDK's HTTP server at 127.0.0.1 and a port the OS picks, over {@link Fakes} and
 * {@link TestRealm}. The clock is fixed at {@link #NOW}, so that tokens expire when the tests say.
 */
final class ApiServer implements AutoCloseable {

    static final String SECRET = "parley-test-secret-0123456789-abcdefghij";
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Duration LIFETIME = Duration.ofMinutes(15);

    final Fakes fakes;
    private final HttpServer server;
    private final URI base;

    ApiServer(Fakes fakes) {
        this(fakes, new RestSettings(SECRET.getBytes(StandardCharsets.UTF_8), LIFETIME,
                List.of("https://crm.example.com"), TestRealm.NAME));
    }

    ApiServer(Fakes fakes, RestSettings settings) {
        this.fakes = fakes;
        RestSettingsService service = new RestSettingsService(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        ResourceConfig config = new ResourceConfig()
                .register(new AuthenticationFilter(service, new JaasAuthenticator(settings.realm(), new TestRealm())))
                .register(new AccessControl(fakes.interactionStore, fakes.identityLinks, fakes.replyStore))
                .register(new ErrorMapper())
                .register(new JsonProvider())
                .register(new SecurityHeaders())
                .register(new ContactsResource(fakes.identityLinks, fakes.personTagStore, fakes.personScores,
                        fakes.timeline))
                .register(new TimelineResource(fakes.timeline, fakes.interactionTagStore, fakes.replyStore))
                .register(new ExportResource(fakes.personExport))
                .register(new ErasuresResource(fakes.personErasure))
                .register(new InteractionsResource(fakes.interactionStore, fakes.interactionTagStore, fakes.replyDesk))
                .register(new RepliesResource(fakes.replyStore, fakes.replyDesk))
                .register(new ChannelsResource(fakes.channelStateStore))
                .register(new DeadLettersResource(fakes.deadLetterStore, fakes.replayer))
                .register(new RulesResource(fakes.ruleCatalog, fakes.ruleSetFiles))
                .register(new OpenApiResource())
                .register(new MetricsResource(fakes.metrics))
                .register(new LivenessResource())
                .register(new ReadinessResource(fakes.health));
        JdkHttpHandlerContainer container = ContainerFactory.createContainer(JdkHttpHandlerContainer.class, config);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(Whiteboard.APP_BASE, container);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + Whiteboard.APP_BASE);
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** A tab token for the contact, signed with the server's secret, valid for ten minutes from {@link #NOW}. */
    static String tabToken(String type, String id, String user) {
        return new TabToken(type, id, user, NOW.plus(Duration.ofMinutes(10))).sign(SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
