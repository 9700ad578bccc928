package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.Configs;

class MastodonSettingsTest {

    private static final String PID = "org.parley.channel.mastodon-brand";
    private static final String TOKEN = "Zq3_x-9AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    private static MastodonConfig config(String... keyValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("baseUrl", "https://Social.Example/");
        values.put("accessToken", TOKEN);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Configs.of(MastodonConfig.class, values);
    }

    private static MastodonSettings validate(String... keyValues) {
        return MastodonSettings.validate(PID, "brand", config(keyValues));
    }

    @Test
    void theDefaultsMakeAWorkingAccount() {
        MastodonSettings s = validate();

        assertThat(s.baseUrl()).isEqualTo(URI.create("https://social.example"));
        assertThat(s.accessToken()).isEqualTo(TOKEN);
        assertThat(s.account()).isEqualTo("brand");
        assertThat(s.instanceDomain()).isEqualTo("social.example");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pageSize()).isEqualTo(40);
        assertThat(s.backfillWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(s.requireApproval()).isFalse();
        assertThat(s.maxReplyLength()).isEqualTo(500);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.resolve("/api/v1/notifications?limit=1")).isEqualTo(URI.create("https://social.example/api/v1/notifications?limit=1"));
    }

    @Test
    void everySettingIsRead() {
        MastodonSettings s = validate("account", "shop-nl", "instanceDomain", "Example.com", "pollInterval", "120",
                "pageSize", "80", "backfillWindow", "PT0S", "requireApproval", "true", "maxReplyLength", "5000",
                "connectTimeout", "PT3S", "readTimeout", "PT1M");

        assertThat(s.account()).isEqualTo("shop-nl");
        assertThat(s.instanceDomain()).isEqualTo("example.com");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.pageSize()).isEqualTo(80);
        assertThat(s.backfillWindow()).isZero();
        assertThat(s.requireApproval()).isTrue();
        assertThat(s.maxReplyLength()).isEqualTo(5000);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theTokenIsMaskedInToString() {
        assertThat(validate().toString()).contains("accessToken=****").doesNotContain(TOKEN)
                .contains("baseUrl=https://social.example");
    }

    @Test
    void httpIsOnlyForLocalhost() {
        assertThat(validate("baseUrl", "http://127.0.0.1:8080").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(validate("baseUrl", "http://localhost").baseUrl()).isEqualTo(URI.create("http://localhost"));
        assertThatThrownBy(() -> validate("baseUrl", "http://social.example"))
                .hasMessage(PID + ": baseUrl 'http://social.example' must be an https URL (http is accepted for localhost "
                        + "only): the access token travels with every request");
    }

    @Test
    void wrongBaseUrlsAreRefusedWithWhatToSet() {
        assertThatThrownBy(() -> validate("baseUrl", "")).hasMessageStartingWith(PID + ": baseUrl is missing");
        assertThatThrownBy(() -> validate("baseUrl", "https://social.example/@brand"))
                .hasMessage(PID + ": baseUrl 'https://social.example/@brand' must be the instance's root URL, such as "
                        + "https://mastodon.social, without a path, query or fragment");
        assertThatThrownBy(() -> validate("baseUrl", "social.example"))
                .hasMessageContaining("is not an http(s) URL with a host name");
        assertThatThrownBy(() -> validate("baseUrl", "https://bob:hunter2@social.example"))
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> validate("baseUrl", "https://exa mple.org")).hasMessageContaining("is not a valid URL");
    }

    @Test
    void aMissingMalformedOrPlaceholderTokenIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> validate("accessToken", " "))
                .hasMessageStartingWith(PID + ": accessToken is missing: create an application");
        assertThatThrownBy(() -> validate("accessToken", MastodonSettings.TOKEN_PLACEHOLDER))
                .hasMessage(PID + ": accessToken is still the sample's placeholder: set the account's access token");
        assertThatThrownBy(() -> validate("accessToken", "Bearer s3cr3t-value"))
                .hasMessageContaining("accessToken contains spaces").hasMessageNotContaining("s3cr3t-value");
        assertThatThrownBy(() -> validate("accessToken", "s3cr3t\r\nX-Evil: 1"))
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> validate("pageSize", "81")).hasMessage(PID + ": pageSize '81' must be a whole number from 1 to 80");
        assertThatThrownBy(() -> validate("pageSize", "0")).hasMessageContaining("from 1 to 80");
        assertThatThrownBy(() -> validate("pageSize", "forty")).hasMessageContaining("pageSize 'forty'");
        assertThatThrownBy(() -> validate("maxReplyLength", "0")).hasMessageContaining("maxReplyLength '0' must be a whole number from 1 to 100000");
    }

    @Test
    void durationsAreChecked() {
        assertThatThrownBy(() -> validate("pollInterval", "PT2S"))
                .hasMessage(PID + ": pollInterval 'PT2S' is shorter than the minimum of 5 seconds");
        assertThatThrownBy(() -> validate("backfillWindow", "-P1D"))
                .hasMessage(PID + ": backfillWindow '-P1D' must not be negative; use PT0S to import no history");
        assertThatThrownBy(() -> validate("backfillWindow", "a week"))
                .hasMessage(PID + ": backfillWindow 'a week' is not an ISO-8601 duration such as PT5M, nor a number of seconds");
        assertThatThrownBy(() -> validate("readTimeout", "PT0S")).hasMessage(PID + ": readTimeout 'PT0S' must be longer than zero");
    }

    @Test
    void theAccountComesFromTheFileNameUnlessSet() {
        Map<String, Object> properties = Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.parley.channel.mastodon-shop_nl.cfg", "service.pid", "org.parley.channel.mastodon.8f2");
        String name = MastodonSettings.configName(properties);

        assertThat(name).isEqualTo("shop_nl");
        assertThat(MastodonSettings.displayPid(name, properties)).isEqualTo("org.parley.channel.mastodon-shop_nl");
        assertThat(MastodonSettings.configName(Map.of("service.pid", "org.parley.channel.mastodon~acme"))).isEqualTo("acme");
        assertThat(MastodonSettings.validate(PID, name, config()).account()).isEqualTo("shop_nl");
        assertThatThrownBy(() -> MastodonSettings.validate(PID, null, config()))
                .hasMessage(PID + ": account is missing: set account, or name the file org.parley.channel.mastodon-<account>.cfg");
        assertThatThrownBy(() -> validate("account", "bad account!"))
                .hasMessageContaining("account 'bad account!' must be 1 to 64 letters");
        assertThatThrownBy(() -> validate("instanceDomain", "not a domain"))
                .hasMessageContaining("instanceDomain 'not a domain' is not a domain name");
    }

    @Test
    void theComponentRefusesAWrongConfigurationAtActivation() {
        Map<String, Object> properties = Map.of("felix.fileinstall.filename", "/etc/org.parley.channel.mastodon-brand.cfg");

        assertThatThrownBy(() -> new MastodonRoutes(config("pageSize", "100"), properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.parley.channel.mastodon-brand: pageSize '100' must be a whole number from 1 to 80");
        MastodonRoutes routes = new MastodonRoutes(config(), properties);
        assertThat(routes.pollRouteId()).isEqualTo("parley-mastodon-brand-poll");
        assertThat(routes.mapUri()).isEqualTo("direct:parley-mastodon-brand");
    }
}
