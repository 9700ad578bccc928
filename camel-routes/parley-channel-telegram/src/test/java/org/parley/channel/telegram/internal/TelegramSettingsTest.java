package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TelegramSettingsTest {

    private static final String TOKEN = BotApiServer.TOKEN;

    private static TelegramSettings validate(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("botToken", TOKEN));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return TestSettings.validate(values);
    }

    @Test
    void defaultsComeFromTheAnnotation() {
        TelegramSettings s = validate();

        assertThat(s.apiUrl()).isEqualTo(URI.create("https://api.telegram.org"));
        assertThat(s.account()).isEqualTo("acme");
        assertThat(s.botUsername()).isNull();
        assertThat(s.pollTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.updatesPerPoll()).isEqualTo(100);
        assertThat(s.backfillWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(s.requireApproval()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.token().botId()).isEqualTo(BotApiServer.BOT_ID);
    }

    @Test
    void acceptsItsSyntaxesAndNormalises() {
        TelegramSettings s = validate("apiUrl", "http://localhost:8081/telegram/", "botUsername", "@Acme_Support_Bot",
                "pollTimeout", "PT50S", "pollInterval", "PT0.5S", "updatesPerPoll", "20", "backfillWindow", "PT0S",
                "requireApproval", "TRUE", "account", "acme.nl");

        assertThat(s.apiUrl()).isEqualTo(URI.create("http://localhost:8081/telegram"));
        assertThat(s.botUsername()).isEqualTo("Acme_Support_Bot");
        assertThat(s.pollTimeout()).isEqualTo(Duration.ofSeconds(50));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.updatesPerPoll()).isEqualTo(20);
        assertThat(s.backfillWindow()).isZero();
        assertThat(s.requireApproval()).isTrue();
        assertThat(s.account()).isEqualTo("acme.nl");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "botToken|not-a-token|org.parley.channel.telegram-acme: botToken is not a Telegram bot token: BotFather gives one of the form <bot id>:<secret>",
            "botToken|123456:short|org.parley.channel.telegram-acme: botToken is not a Telegram bot token",
            "apiUrl|ftp://api.telegram.org|org.parley.channel.telegram-acme: apiUrl 'ftp://api.telegram.org' must be an https URL such as https://api.telegram.org",
            "apiUrl|http://api.telegram.org|org.parley.channel.telegram-acme: apiUrl 'http://api.telegram.org' must use https: the bot token travels in every request (http is allowed for 127.0.0.1 and localhost only)",
            "apiUrl|https://api telegram|org.parley.channel.telegram-acme: apiUrl is not a valid URL",
            "apiUrl|https://api.telegram.org?x=1|org.parley.channel.telegram-acme: apiUrl must be a plain base URL such as https://api.telegram.org",
            "botUsername|acme bot|org.parley.channel.telegram-acme: botUsername 'acme bot' is not a Telegram username: 5 to 32 letters, digits or '_', such as acme_support_bot",
            "pollTimeout|60|org.parley.channel.telegram-acme: pollTimeout '60' must be whole seconds from 0 to 50",
            "pollTimeout|PT0.5S|org.parley.channel.telegram-acme: pollTimeout 'PT0.5S' must be whole seconds from 0 to 50",
            "pollTimeout|long|org.parley.channel.telegram-acme: pollTimeout 'long' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "pollInterval|PT0.05S|org.parley.channel.telegram-acme: pollInterval 'PT0.05S' is shorter than the minimum of PT0.1S",
            "updatesPerPoll|0|org.parley.channel.telegram-acme: updatesPerPoll '0' must be a number from 1 to 100",
            "updatesPerPoll|101|org.parley.channel.telegram-acme: updatesPerPoll '101' must be a number from 1 to 100",
            "backfillWindow|-P1D|org.parley.channel.telegram-acme: backfillWindow '-P1D' must not be negative; PT0S imports nothing from before the first poll",
            "backfillWindow|a week|org.parley.channel.telegram-acme: backfillWindow 'a week' is not an ISO-8601 duration",
            "requireApproval|yes|org.parley.channel.telegram-acme: requireApproval 'yes' must be true or false",
            "account|acme corp|org.parley.channel.telegram-acme: account 'acme corp' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "connectTimeout|PT0S|org.parley.channel.telegram-acme: connectTimeout 'PT0S' must be longer than zero",
            "readTimeout|soon|org.parley.channel.telegram-acme: readTimeout 'soon' is not an ISO-8601 duration",
            "mode|push|org.parley.channel.telegram-acme: mode 'push' must be polling or webhook",
    })
    void refusesAWrongValueNamingPidKeyAndWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> validate(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void webhookModeNeedsAnHttpsUrlAndASecretOfTelegramsShape() {
        TelegramSettings s = validate("mode", "Webhook", "webhookUrl", "https://hooks.example.com/parley/hooks/telegram/acme",
                "webhookSecret", "abc_DEF-123");
        assertThat(s.mode()).isEqualTo(TelegramSettings.Mode.WEBHOOK);
        assertThat(s.webhookUrl()).isEqualTo(URI.create("https://hooks.example.com/parley/hooks/telegram/acme"));
        assertThat(s.webhookSecret().matches("abc_DEF-123")).isTrue();
        assertThat(s.webhookSecret().matches("abc_DEF-124")).isFalse();
        assertThat(s.toString()).contains("mode=WEBHOOK").contains("webhookSecret=****").doesNotContain("abc_DEF-123");
        assertThat(validate().mode()).isEqualTo(TelegramSettings.Mode.POLLING);
        assertThat(validate().webhookSecret()).isNull();

        assertThatThrownBy(() -> validate("mode", "webhook", "webhookSecret", "abc"))
                .hasMessageStartingWith("org.parley.channel.telegram-acme: webhookUrl is missing: webhook mode needs the "
                        + "public https URL");
        assertThatThrownBy(() -> validate("mode", "webhook", "webhookUrl", "http://hooks.example.com/x", "webhookSecret", "abc"))
                .hasMessage("org.parley.channel.telegram-acme: webhookUrl 'http://hooks.example.com/x' must use https: "
                        + "Telegram sends webhooks over https only (http is allowed for 127.0.0.1 and localhost only)");
        assertThatThrownBy(() -> validate("mode", "webhook", "webhookUrl", "https://hooks.example.com/x"))
                .hasMessageStartingWith("org.parley.channel.telegram-acme: webhookSecret is missing");
        assertThatThrownBy(() -> validate("mode", "webhook", "webhookUrl", "https://hooks.example.com/x",
                "webhookSecret", "not allowed!"))
                .hasMessage("org.parley.channel.telegram-acme: webhookSecret is not a Telegram webhook secret: "
                        + "1 to 256 letters, digits, '_' or '-'")
                .hasMessageNotContaining("not allowed!");
        assertThatThrownBy(() -> validate("mode", "webhook", "webhookUrl", "https://admin:hunter2@hooks.example.com/x",
                "webhookSecret", "abc"))
                .hasMessageContaining("must not hold user:password@").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> validate("mode", "webhook", "webhookUrl", "https://hooks.example.com/bot" + TOKEN,
                "webhookSecret", "abc", "botToken", TOKEN, "apiUrl", "ftp://x"))
                .hasMessageNotContaining(BotApiServer.SECRET_PART);
    }

    @Test
    void aMissingTokenIsRefused() {
        assertThatThrownBy(() -> TestSettings.validate(Map.of()))
                .hasMessage("org.parley.channel.telegram-acme: botToken is missing: set the token BotFather gave the bot");
    }

    @Test
    void theTokenIsNeverRepeatedInAMessageNorInToString() {
        String almost = "123456789:" + BotApiServer.SECRET_PART.substring(0, 15) + "!";
        assertThatThrownBy(() -> validate("botToken", almost)).hasMessageNotContaining(BotApiServer.SECRET_PART.substring(0, 15));
        assertThatThrownBy(() -> validate("apiUrl", "https://api.telegram.org/bot" + TOKEN))
                .hasMessageContaining("without user:password@, query, fragment or /bot<token>")
                .hasMessageNotContaining(BotApiServer.SECRET_PART);
        assertThatThrownBy(() -> validate("apiUrl", "http://example.com/" + TOKEN))
                .hasMessageContaining("must use https").hasMessageNotContaining(BotApiServer.SECRET_PART);

        TelegramSettings s = validate();
        assertThat(s.toString()).contains("token=7012345678:****").doesNotContain(BotApiServer.SECRET_PART);
        assertThat(s.token().toString()).isEqualTo("7012345678:****");
        assertThat(s.token().redact("GET /bot" + TOKEN + "/getUpdates and " + BotApiServer.SECRET_PART))
                .isEqualTo("GET /bot7012345678:****/getUpdates and ****");
    }

    @Test
    void theAccountDefaultsToTheConfigurationNameAndIsRequiredWithoutOne() {
        assertThatThrownBy(() -> TelegramSettings.validate("org.parley.channel.telegram.77ab", null,
                TestSettings.config(Map.of("botToken", TOKEN))))
                .hasMessage("org.parley.channel.telegram.77ab: account is missing: set account, or name the file "
                        + "org.parley.channel.telegram-<account>.cfg");
        assertThat(TelegramSettings.configName(Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.parley.channel.telegram-acme.cfg"))).isEqualTo("acme");
        assertThat(TelegramSettings.configName(Map.of("service.pid", "org.parley.channel.telegram~shop"))).isEqualTo("shop");
        assertThat(TelegramSettings.displayPid(null, Map.of("service.pid", "org.parley.channel.telegram.77ab")))
                .isEqualTo("org.parley.channel.telegram.77ab");
    }

    @Test
    void activationValidatesAndNamesTheRoutesAfterTheAccount() {
        Map<String, Object> props = Map.of("felix.fileinstall.filename", "file:/opt/karaf/etc/org.parley.channel.telegram-acme.cfg");

        assertThatThrownBy(() -> new TelegramRoutes(TestSettings.config(Map.of("botToken", TOKEN, "pollTimeout", "90")), props))
                .hasMessage("org.parley.channel.telegram-acme: pollTimeout '90' must be whole seconds from 0 to 50");
        TelegramRoutes routes = new TelegramRoutes(TestSettings.config(Map.of("botToken", TOKEN)), props);
        assertThat(routes.pollRouteId()).isEqualTo("parley-telegram-acme-poll");
        assertThat(routes.replyRouteId()).isEqualTo("parley-telegram-acme-reply");
        assertThat(routes.replayRouteId()).isEqualTo("parley-telegram-acme-replay");
        assertThat(routes.replayUri()).isEqualTo("direct:parley-telegram-acme");
    }

    @Test
    void theShippedSampleConfigurationIsValid() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/cfg/org.parley.channel.telegram-sample.cfg"))) {
            p.load(r);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));

        TelegramSettings s = TelegramSettings.validate("org.parley.channel.telegram-sample", "sample", TestSettings.config(values));

        assertThat(s.account()).isEqualTo("sample");
        assertThat(s.apiUrl()).isEqualTo(URI.create("https://api.telegram.org"));
        assertThat(s.backfillWindow()).isEqualTo(Duration.ofDays(7));
        // Every key of the configuration is documented in the sample (set, or commented out).
        String sample = Files.readString(Path.of("src/main/cfg/org.parley.channel.telegram-sample.cfg"));
        for (var method : TelegramConfig.class.getDeclaredMethods()) {
            assertThat(sample).contains(method.getName() + " = ");
        }
    }
}
