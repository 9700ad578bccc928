package org.parley.channel.example.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.channel.testkit.ChannelContract;
import org.parley.channel.testkit.ParleyHarness;

/** The example channel passes Parley's channel contract against its test server; and a few things of its own. */
class ExampleContractTest extends ChannelContract {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private ExampleTestServer server;
    private Duration backfillWindow = Duration.ofDays(7);

    @Override
    protected void startServer() throws Exception {
        server = new ExampleTestServer();
    }

    @Override
    protected void stopServer() {
        server.close();
    }

    @Override
    protected String channel() {
        return ExampleMapper.CHANNEL;
    }

    @Override
    protected List<RoutesBuilder> routes() {
        // Built as the record, not through ExampleSettings.of: production refuses polls under a second.
        ExampleSettings settings = new ExampleSettings("org.parley.channel.example-brand", URI.create(server.baseUrl()),
                ExampleTestServer.TOKEN, "brand", Duration.ofMillis(100), 2, backfillWindow, false, Duration.ofSeconds(5));
        return List.of(new ExampleRoutes(settings, Clock.systemUTC()));
    }

    @Override
    protected void publish(int from, int to) {
        for (int n = from; to > n; n++) {
            publish(n, "Message " + n + ": waar blijft mijn bestelling?");
        }
    }

    @Override
    protected void publish(int n, String text) {
        server.publish(n, text, Instant.now().minusSeconds(60));
    }

    @Override
    protected void redeliver(int n) {
        server.redeliver(n);
    }

    @Override
    protected void rateLimitNext(int times) {
        server.rateLimitNext(times);
    }

    @Override
    protected String externalId(int n) {
        return String.valueOf(1000 + n);
    }

    @Override
    protected int repliesPostedTo(int n) {
        return server.repliesTo(externalId(n));
    }

    @Test
    void messagesAreMappedWithKindAuthorThreadAndRaw() {
        publish(0, 3);
        awaitStored(0, 3);

        Interaction direct = parley.find(key(2)).orElseThrow();
        assertThat(direct.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(direct.account()).isEqualTo("brand");
        assertThat(direct.author().handle()).isEqualTo("u2");
        assertThat(direct.author().displayName()).isEqualTo("Author 2");
        assertThat(direct.threadId()).isEqualTo("1002");
        assertThat(direct.metrics().likes()).isEqualTo(2);
        assertThat(direct.raw()).contains("\"id\":\"1002\"");
        assertThat(parley.find(key(0)).orElseThrow().kind()).isEqualTo(InteractionKind.MENTION);
    }

    @Test
    void theFirstPollImportsTheBackfillWindowAndShowsItsProgress() throws Exception {
        server.publish(90, "too old", Instant.now().minus(Duration.ofDays(9)));
        publish(0, 5);

        awaitStored(0, 5);
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.state(channel(), "brand")
                .map(s -> s.backfill() != null && s.backfill().startsWith("done: 5 imported since")).orElse(false));
        assertThat(storedIds()).doesNotContain(externalId(90));
    }
}
