package org.parley.channel.telegram.internal;

import java.util.HashMap;
import java.util.Map;

import org.parley.channel.testkit.Configs;

/** Settings of the test bot "acme", pointed at a {@link BotApiServer}, polling quickly. */
final class TestSettings {

    static final String PID = "org.parley.channel.telegram-acme";

    private TestSettings() {
    }

    static TelegramConfig config(Map<String, String> values) {
        return Configs.of(TelegramConfig.class, values);
    }

    static TelegramSettings validate(Map<String, String> values) {
        return TelegramSettings.validate(PID, "acme", config(values));
    }

    /** Against the server: known username, short polls; {@code overrides} as key, value, key, value ... */
    static TelegramSettings forServer(BotApiServer server, String... overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "botToken", BotApiServer.TOKEN,
                "apiUrl", server.url(),
                "botUsername", BotApiServer.BOT_USERNAME,
                "pollTimeout", "0",
                "pollInterval", "PT0.1S",
                "readTimeout", "PT5S"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                values.remove(overrides[i]);
            } else {
                values.put(overrides[i], overrides[i + 1]);
            }
        }
        return validate(values);
    }
}
