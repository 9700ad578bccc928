package org.parley.channel.bluesky.internal;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.channel.testkit.Configs;

class BlueskySettingsTest {

    private static final String PID = "org.parley.channel.bluesky-acme";
    private static final String SECRET = "zq7t-m3xk-pp2v-9wfd";

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("identifier", "bloemenhuis.bsky.social");
        values.put("appPassword", SECRET);
        return values;
    }

    private static BlueskySettings validate(Map<String, Object> values) {
        return BlueskySettings.validate(PID, "acme", Configs.of(BlueskyConfig.class, values));
    }

    @Test
    void defaultsComeFromTheAnnotation() {
        BlueskySettings s = validate(valid());

        assertThat(s.serviceUrl()).isEqualTo(URI.create("https://bsky.social"));
        assertThat(s.identifier()).isEqualTo("bloemenhuis.bsky.social");
        assertThat(s.appPassword()).isEqualTo(SECRET);
        assertThat(s.account()).isEqualTo("acme");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pageSize()).isEqualTo(50);
        assertThat(s.backfillWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(s.requireApproval()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.looksLikeAppPassword()).isTrue();
    }

    @Test
    void acceptsAPdsADidAnAtHandleSecondsAndNoBackfill() {
        Map<String, Object> values = valid();
        values.put("serviceUrl", "https://morel.us-east.host.bsky.network/");
        values.put("identifier", "did:plc:bloemenhuis7q2xk4");
        values.put("pollInterval", "120");
        values.put("pageSize", "100");
        values.put("backfillWindow", "PT0S");
        values.put("requireApproval", "true");
        values.put("account", "bloemen.nl");
        BlueskySettings s = validate(values);

        assertThat(s.serviceUrl()).isEqualTo(URI.create("https://morel.us-east.host.bsky.network"));
        assertThat(s.identifier()).isEqualTo("did:plc:bloemenhuis7q2xk4");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.pageSize()).isEqualTo(100);
        assertThat(s.backfillWindow()).isZero();
        assertThat(s.requireApproval()).isTrue();
        assertThat(s.account()).isEqualTo("bloemen.nl");

        values.put("identifier", "@bloemenhuis.bsky.social");
        assertThat(validate(values).identifier()).isEqualTo("bloemenhuis.bsky.social");
    }

    @Test
    void httpIsAcceptedOnlyOnTheLoopbackHost() {
        Map<String, Object> values = valid();
        values.put("serviceUrl", "http://127.0.0.1:2583");
        assertThat(validate(values).serviceUrl()).isEqualTo(URI.create("http://127.0.0.1:2583"));
        values.put("serviceUrl", "http://localhost:2583");
        assertThat(validate(values).serviceUrl()).isEqualTo(URI.create("http://localhost:2583"));
        values.put("serviceUrl", "http://pds.example.com");
        assertThatThrownBy(() -> validate(values)).hasMessage(PID + ": serviceUrl 'http://pds.example.com' must use https; "
                + "http is allowed only for 127.0.0.1 or localhost");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "serviceUrl|ftp://bsky.social|serviceUrl 'ftp://bsky.social' must be an https URL such as https://bsky.social",
            "serviceUrl|https://bsky.social/xrpc|serviceUrl 'https://bsky.social/xrpc' must be the service's root, such as https://bsky.social (XRPC lives under /xrpc/ there)",
            "serviceUrl|https://bsky.social?x=1|serviceUrl 'https://bsky.social?x=1' must be the service's root",
            "serviceUrl|https:///|serviceUrl 'https:///' has no host name",
            "serviceUrl|https://bs ky.social|serviceUrl 'https://bs ky.social' is not a valid URL",
            "identifier|bloemenhuis|identifier 'bloemenhuis' is neither a handle such as brand.bsky.social, nor a DID such as did:plc:abc123, nor an e-mail address",
            "identifier|did:plc:|identifier 'did:plc:' is neither a handle",
            "account|acme corp|account 'acme corp' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "pollInterval|often|pollInterval 'often' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "pollInterval|PT5S|pollInterval 'PT5S' is shorter than the minimum of 10 seconds",
            "pageSize|0|pageSize 0 must be between 1 and 100 (Bluesky's limit per request)",
            "pageSize|101|pageSize 101 must be between 1 and 100 (Bluesky's limit per request)",
            "backfillWindow|a week|backfillWindow 'a week' is not an ISO-8601 duration",
            "backfillWindow|-P1D|backfillWindow '-P1D' must not be negative; PT0S imports no history",
            "connectTimeout|PT0S|connectTimeout 'PT0S' must be longer than zero",
            "readTimeout|soon|readTimeout 'soon' is not an ISO-8601 duration",
    })
    void refusesAWrongValueNamingPidKeyValueAndWhatIsAllowed(String key, String value, String message) {
        Map<String, Object> values = valid();
        values.put(key, value);

        assertThatThrownBy(() -> validate(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PID + ": " + message)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void identifierAndAppPasswordAreRequired() {
        Map<String, Object> values = valid();
        values.remove("appPassword");
        assertThatThrownBy(() -> validate(values)).hasMessage(PID + ": appPassword is missing: make an app password in "
                + "Bluesky (Settings > Privacy and security > App passwords) and set it here");
        values.put("appPassword", SECRET);
        values.remove("identifier");
        assertThatThrownBy(() -> validate(values)).hasMessage(PID + ": identifier is missing: set the account's handle "
                + "(brand.bsky.social) or DID (did:plc:...)");
    }

    @Test
    void credentialsInTheServiceUrlAreRefusedWithoutRepeatingThem() {
        Map<String, Object> values = valid();
        values.put("serviceUrl", "https://brand:hunter2@bsky.social");
        assertThatThrownBy(() -> validate(values))
                .hasMessage(PID + ": serviceUrl must not carry credentials (user:password@); set identifier and appPassword instead");
    }

    @Test
    void theAppPasswordIsMaskedInToString() {
        BlueskySettings s = validate(valid());

        assertThat(s.toString()).contains("appPassword=****").contains("bloemenhuis.bsky.social").doesNotContain(SECRET);
    }

    @Test
    void anAccountPasswordIsAcceptedButRecognisedAsNotAnAppPassword() {
        Map<String, Object> values = valid();
        values.put("appPassword", "MyRealPassword!");
        assertThat(validate(values).looksLikeAppPassword()).isFalse();
    }

    @Test
    void theAccountDefaultsToTheConfigurationNameAndIsRequiredWithoutOne() {
        assertThatThrownBy(() -> BlueskySettings.validate("org.parley.channel.bluesky.1234", null,
                Configs.of(BlueskyConfig.class, valid())))
                .hasMessage("org.parley.channel.bluesky.1234: account is missing: set account, or name the file "
                        + "org.parley.channel.bluesky-<account>.cfg");
        assertThat(BlueskySettings.configName(Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.parley.channel.bluesky-acme.cfg"))).isEqualTo("acme");
        assertThat(BlueskySettings.configName(Map.of("service.pid", "org.parley.channel.bluesky~bloemen"))).isEqualTo("bloemen");
        assertThat(BlueskySettings.configName(Map.of("service.pid", "org.parley.channel.bluesky.6f1c"))).isNull();
        assertThat(BlueskySettings.displayPid(null, Map.of("service.pid", "org.parley.channel.bluesky.6f1c")))
                .isEqualTo("org.parley.channel.bluesky.6f1c");
    }

    @Test
    void activationValidatesAndNamesTheRoutesAfterTheAccount() {
        Map<String, Object> props = Map.of("felix.fileinstall.filename", "file:/opt/karaf/etc/org.parley.channel.bluesky-acme.cfg");
        Map<String, Object> wrong = valid();
        wrong.put("pageSize", "500");

        assertThatThrownBy(() -> new BlueskyRoutes(Configs.of(BlueskyConfig.class, wrong), props))
                .hasMessage(PID + ": pageSize 500 must be between 1 and 100 (Bluesky's limit per request)");
        BlueskyRoutes routes = new BlueskyRoutes(Configs.of(BlueskyConfig.class, valid()), props);
        assertThat(routes.pollRouteId()).isEqualTo("parley-bluesky-acme-poll");
        assertThat(routes.replayRouteId()).isEqualTo("parley-bluesky-acme-replay");
        assertThat(routes.replyRouteId()).isEqualTo("parley-bluesky-acme-reply");
        assertThat(routes.replayUri()).isEqualTo("direct:parley-bluesky-acme-replay");
    }

    @Test
    void theShippedSampleConfigurationIsValidAndDocumentsEveryKey() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/cfg/org.parley.channel.bluesky-sample.cfg"))) {
            p.load(r);
        }
        Map<String, Object> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));

        BlueskySettings s = BlueskySettings.validate("org.parley.channel.bluesky-sample", "sample",
                Configs.of(BlueskyConfig.class, values));

        assertThat(s.account()).isEqualTo("sample");
        assertThat(s.serviceUrl()).isEqualTo(URI.create("https://bsky.social"));
        String text = Files.readString(Path.of("src/main/cfg/org.parley.channel.bluesky-sample.cfg"));
        for (var method : BlueskyConfig.class.getDeclaredMethods()) {
            assertThat(text).as("the sample documents " + method.getName()).contains(method.getName() + " =");
        }
    }
}
