package org.parley.channel.telegram.internal;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ChannelState;
import org.parley.api.Interaction;
import org.parley.channel.testkit.ParleyHarness;

/** A test against the Bot API test server and Parley's real pipeline, store and reply desk. */
abstract class BotHarness {

    @TempDir
    Path work;

    BotApiServer server;
    ParleyHarness parley;

    @BeforeEach
    void startServer() throws Exception {
        server = new BotApiServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (parley != null) {
            parley.close();
        }
        server.close();
    }

    /** Starts the account "acme" against the server; {@code overrides} as key, value, ... (null value: unset). */
    void start(String... overrides) throws Exception {
        TelegramSettings settings = TestSettings.forServer(server, overrides);
        parley = ParleyHarness.start(work, () -> List.<RoutesBuilder>of(new TelegramRoutes(settings, Clock.systemUTC())));
    }

    ChannelState state() {
        return parley.state("telegram", "acme").orElse(null);
    }

    String cursor() {
        ChannelState state = state();
        return state == null ? null : state.cursor();
    }

    String lastError() {
        ChannelState state = state();
        return state == null ? null : state.lastError();
    }

    Map<String, Interaction> stored() {
        return parley.stored("telegram").stream().collect(Collectors.toMap(Interaction::externalId, i -> i));
    }

    void awaitCursor(long lastUpdateId) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> Long.toString(lastUpdateId + 1).equals(cursor()));
    }
}
