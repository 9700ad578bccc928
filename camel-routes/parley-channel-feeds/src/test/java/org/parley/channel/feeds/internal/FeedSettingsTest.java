package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.api.InteractionKind;

class FeedSettingsTest {

    private static final String PID = "org.parley.channel.feeds-acme";

    private static FeedSettings validate(String... keyValues) {
        return FeedSettings.validate(PID, "acme", Configs.feedConfig(keyValues));
    }

    @Test
    void defaultsComeFromTheAnnotation() {
        FeedSettings s = validate("url", "https://reviews.example.com/feed.xml?key=secret&page=1");

        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.kind()).isEqualTo(InteractionKind.REVIEW);
        assertThat(s.language()).isNull();
        assertThat(s.account()).isEqualTo("acme");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(s.url().getRawQuery()).isEqualTo("key=secret&page=1");
        assertThat(s.safeUrl()).isEqualTo("https://reviews.example.com/feed.xml");
    }

    @Test
    void acceptsSecondsSizesWithUnitsAndNormalisesLanguageAndKind() {
        FeedSettings s = validate("url", "http://127.0.0.1:8080/rss", "pollInterval", "600", "kind", "post",
                "language", "nl-be", "account", "acme.nl", "maxBytes", "512KB", "readTimeout", "45");

        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.kind()).isEqualTo(InteractionKind.POST);
        assertThat(s.language()).isEqualTo("nl-BE");
        assertThat(s.account()).isEqualTo("acme.nl");
        assertThat(s.maxBytes()).isEqualTo(512 * 1024);
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "url|ftp://example.com/feed.xml|org.parley.channel.feeds-acme: url 'ftp://example.com/feed.xml' must be an http, https or file URL",
            "url|file:reviews.xml|org.parley.channel.feeds-acme: url 'file:reviews.xml' must be a file URL with an absolute path, such as file:/opt/exports/reviews.xml",
            "url|file://host/reviews.xml|org.parley.channel.feeds-acme: url 'file://host/reviews.xml' must be a file URL with an absolute path, such as file:/opt/exports/reviews.xml",
            "url|https://exa mple.com/|org.parley.channel.feeds-acme: url 'https://exa mple.com/' is not a valid URL",
            "url|https:///feed.xml|org.parley.channel.feeds-acme: url 'https:///feed.xml' has no host name",
            "pollInterval|soon|org.parley.channel.feeds-acme: pollInterval 'soon' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "pollInterval|PT5S|org.parley.channel.feeds-acme: pollInterval 'PT5S' is shorter than the minimum of 10 seconds",
            "pollInterval|9|org.parley.channel.feeds-acme: pollInterval '9' is shorter than the minimum of 10 seconds",
            "kind|TWEET|org.parley.channel.feeds-acme: kind 'TWEET' is not one of [POST, MENTION, COMMENT, REPLY, DIRECT_MESSAGE, REVIEW]",
            "language|english language|org.parley.channel.feeds-acme: language 'english language' is not a BCP 47 language tag such as en, nl-BE or zh-Hans",
            "account|acme corp|org.parley.channel.feeds-acme: account 'acme corp' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "connectTimeout|PT0S|org.parley.channel.feeds-acme: connectTimeout 'PT0S' must be longer than zero",
            "readTimeout|a while|org.parley.channel.feeds-acme: readTimeout 'a while' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "maxBytes|lots|org.parley.channel.feeds-acme: maxBytes 'lots' is not a size such as 5242880, 512KB or 5MB",
            "maxBytes|10|org.parley.channel.feeds-acme: maxBytes '10' must be between 1KB and 1024MB",
            "maxBytes|2048MB|org.parley.channel.feeds-acme: maxBytes '2048MB' must be between 1KB and 1024MB",
    })
    void refusesAWrongValueNamingPidKeyValueAndWhatIsAllowed(String key, String value, String message) {
        Map<String, String> values = new HashMap<>(Map.of("url", "https://reviews.example.com/feed.xml"));
        values.put(key, value);

        assertThatThrownBy(() -> FeedSettings.validate(PID, "acme", Configs.feedConfig(values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aMissingUrlIsRefused() {
        assertThatThrownBy(() -> validate())
                .hasMessage("org.parley.channel.feeds-acme: url is missing: set the http or https URL of the feed, or a file: URL");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> validate("url", "https://bob:hunter2@example.com/feed"))
                .hasMessageContaining("url must not carry credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theAccountDefaultsToTheConfigurationNameAndIsRequiredWithoutOne() {
        assertThatThrownBy(() -> FeedSettings.validate("org.parley.channel.feeds.1234", null,
                Configs.feedConfig("url", "https://example.com/feed")))
                .hasMessage("org.parley.channel.feeds.1234: account is missing: set account, or name the file "
                        + "org.parley.channel.feeds-<account>.cfg");
        assertThat(FeedSettings.validate(PID, null, Configs.feedConfig("url", "https://example.com/feed",
                "account", "shop")).account()).isEqualTo("shop");
    }

    @Test
    void theConfigurationNameComesFromTheFileOrTheNamedFactoryPid() {
        assertThat(FeedSettings.configName(Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.parley.channel.feeds-acme.cfg"))).isEqualTo("acme");
        assertThat(FeedSettings.configName(Map.of("service.pid", "org.parley.channel.feeds~bloemen"))).isEqualTo("bloemen");
        assertThat(FeedSettings.configName(Map.of("service.pid", "org.parley.channel.feeds.6f1c"))).isNull();
        assertThat(FeedSettings.displayPid(null, Map.of("service.pid", "org.parley.channel.feeds.6f1c")))
                .isEqualTo("org.parley.channel.feeds.6f1c");
        assertThat(FeedSettings.displayPid("acme", Map.of())).isEqualTo("org.parley.channel.feeds-acme");
    }

    @Test
    void activationValidatesAndNamesTheRoutesAfterTheAccount() {
        Map<String, Object> props = Map.of("felix.fileinstall.filename", "file:/opt/karaf/etc/org.parley.channel.feeds-acme.cfg");

        assertThatThrownBy(() -> new FeedRoutes(Configs.feedConfig("url", "https://example.com/f", "pollInterval", "soon"), props))
                .hasMessage("org.parley.channel.feeds-acme: pollInterval 'soon' is not an ISO-8601 duration such as PT5M, "
                        + "nor a number of seconds");
        FeedRoutes routes = new FeedRoutes(Configs.feedConfig("url", "https://example.com/f"), props);
        assertThat(routes.pollRouteId()).isEqualTo("parley-feeds-acme-poll");
        assertThat(routes.mapRouteId()).isEqualTo("parley-feeds-acme-map");
        assertThat(routes.mapUri()).isEqualTo("direct:parley-feeds-acme");
    }

    @Test
    void theShippedSampleConfigurationIsValid() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/cfg/org.parley.channel.feeds-sample.cfg"))) {
            p.load(r);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));

        FeedSettings s = FeedSettings.validate("org.parley.channel.feeds-sample", "sample", Configs.feedConfig(values));

        assertThat(s.account()).isEqualTo("sample");
        assertThat(s.url().getScheme()).isEqualTo("https");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(5));
    }
}
