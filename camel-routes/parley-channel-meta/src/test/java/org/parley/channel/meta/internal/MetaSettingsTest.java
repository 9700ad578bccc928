package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.Configs;
import org.parley.api.config.Secret;

/** A Meta account's configuration: wrong values refused naming the PID and the key, secrets never shown. */
class MetaSettingsTest {

    private static final URI GRAPH = URI.create("https://graph.facebook.com");
    private static final String PID = "org.parley.channel.meta-brand: ";

    private static MetaSettings with(String key, String value) {
        return TestSettings.settings(GRAPH, Map.of(key, value));
    }

    @Test
    void theDefaultsAreMetasAndTheAccountIsTheFileName() {
        Map<String, Object> values = new HashMap<>();
        values.put("appSecret", TestSettings.APP_SECRET);
        values.put("verifyToken", TestSettings.VERIFY_TOKEN);
        values.put("pageAccessToken", TestSettings.ACCESS_TOKEN);
        values.put("pageId", TestSettings.PAGE_ID);

        MetaSettings settings = MetaSettings.validate("org.parley.channel.meta-brand", "brand",
                Configs.of(MetaConfig.class, values));

        assertThat(settings.account()).isEqualTo("brand");
        assertThat(settings.graphBase()).isEqualTo(URI.create("https://graph.facebook.com/v21.0"));
        assertThat(settings.messageWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.requireApproval()).isFalse();
        assertThat(settings.assets()).isEqualTo(new MetaAssets(TestSettings.PAGE_ID, null, null));
    }

    @Test
    void secretsAreMaskedInToString() {
        MetaSettings settings = TestSettings.settings(GRAPH);

        assertThat(settings.toString())
                .doesNotContain(TestSettings.APP_SECRET, TestSettings.VERIFY_TOKEN, TestSettings.ACCESS_TOKEN)
                .contains("appSecret=****", "verifyToken=****", "accessToken=****", "account=brand");
        assertThat(settings.appSecret().toString()).isEqualTo("****");
    }

    @Test
    void wrongValuesAreRefusedNamingThePidAndTheKey() {
        assertThatThrownBy(() -> with("appSecret", "")).hasMessageStartingWith(PID + "appSecret is missing");
        assertThatThrownBy(() -> with("appSecret", "REPLACE_WITH_APP_SECRET")).hasMessageContaining(PID + "appSecret is still the sample's placeholder");
        assertThatThrownBy(() -> with("appSecret", "not-hex-secret-000000000000000000")).hasMessageStartingWith(PID + "appSecret is not a Meta app secret");
        assertThatThrownBy(() -> with("verifyToken", "short")).hasMessageStartingWith(PID + "verifyToken is shorter than 16");
        assertThatThrownBy(() -> with("pageAccessToken", "Bearer EAAG abc")).hasMessageStartingWith(PID + "pageAccessToken contains spaces");
        assertThatThrownBy(() -> with("pageAccessToken", "REPLACE_WITH_ACCESS_TOKEN")).hasMessageStartingWith(PID + "pageAccessToken is still the sample's placeholder");
        assertThatThrownBy(() -> with("graphUrl", "http://graph.facebook.com")).hasMessageStartingWith(PID + "graphUrl 'http://graph.facebook.com' must be https");
        assertThatThrownBy(() -> with("graphUrl", "https://graph.facebook.com/v21.0")).hasMessageContaining(PID + "graphUrl").hasMessageContaining("without a path");
        assertThatThrownBy(() -> with("graphUrl", "https://user:pw@graph.facebook.com")).hasMessageStartingWith(PID + "graphUrl must not carry credentials");
        assertThatThrownBy(() -> with("graphVersion", "21")).hasMessageStartingWith(PID + "graphVersion '21' is not a Graph API version");
        assertThatThrownBy(() -> with("pageId", "acme-page")).hasMessageStartingWith(PID + "pageId 'acme-page' is not a Meta id");
        assertThatThrownBy(() -> with("whatsappPhoneNumberId", "+1 555 0100")).hasMessageStartingWith(PID + "whatsappPhoneNumberId");
        assertThatThrownBy(() -> with("requireApproval", "yes")).hasMessageStartingWith(PID + "requireApproval 'yes' must be true or false");
        assertThatThrownBy(() -> with("messageWindow", "P2D")).hasMessageStartingWith(PID + "messageWindow 'P2D' is longer than Meta's 24 hours");
        assertThatThrownBy(() -> with("messageWindow", "soon")).hasMessageStartingWith(PID + "messageWindow 'soon' is not an ISO-8601 duration");
        assertThatThrownBy(() -> with("readTimeout", "PT0S")).hasMessageStartingWith(PID + "readTimeout 'PT0S' must be longer than zero");
        assertThatThrownBy(() -> with("account", "a b")).hasMessageStartingWith(PID + "account 'a b' must be");
        assertThatThrownBy(() -> TestSettings.settings(GRAPH, Map.of("pageId", "", "instagramAccountId", "", "whatsappPhoneNumberId", "")))
                .hasMessageStartingWith(PID + "no asset is set");
    }

    @Test
    void aMessageNeverRepeatsAMistypedSecret() {
        String typo = "EAAG secret with space";
        assertThatThrownBy(() -> with("pageAccessToken", typo)).hasMessageNotContaining(typo);
        assertThatThrownBy(() -> with("appSecret", "zz8e1f0a9b7d4e6f2a1c5b8d7e9f0a1b")).hasMessageNotContaining("zz8e1f0a");
    }

    @Test
    void httpIsAcceptedForTheLoopbackOnly() {
        assertThat(with("graphUrl", "http://127.0.0.1:8080").graphBase()).isEqualTo(URI.create("http://127.0.0.1:8080/v21.0"));
        assertThat(with("graphUrl", "http://localhost:8080/").graphUrl()).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    void theSecretComparesInConstantTimeAndMasksItself() {
        Secret secret = Secret.of("abc");
        assertThat(secret.matches("abc")).isTrue();
        assertThat(secret.matches("abd")).isFalse();
        assertThat(secret.matches("ab")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret.redact("token abc in text")).isEqualTo("token **** in text");
    }
}
