package org.parley.crm.suitecrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteCrmSettingsTest {

    private static final String PID = "org.parley.crm.suitecrm";
    private static final String SECRET = "Top-Secret-42";

    private static SuiteCrmSettings validate(String... keyValues) {
        List<String> all = new ArrayList<>(List.of("url", "https://crm.example.com/", "clientId", "parley",
                "clientSecret", SECRET));
        all.addAll(List.of(keyValues));
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i += 2) {
            values.put(all.get(i), all.get(i + 1));
        }
        return SuiteCrmSettings.validate(PID, Configs.config(values));
    }

    @Test
    void defaultsComeFromTheAnnotation() {
        SuiteCrmSettings s = validate();

        assertThat(s.siteUrl()).hasToString("https://crm.example.com");
        assertThat(s.apiRoot()).hasToString("https://crm.example.com/Api");
        assertThat(s.grantType()).isEqualTo("client_credentials");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.handleFields()).containsExactly(Map.entry("mastodon", "mastodon_handle_c"),
                Map.entry("bluesky", "bluesky_handle_c"), Map.entry("telegram", "telegram_handle_c"));
        assertThat(s.handleField("feeds")).isEmpty();
        assertThat(s.handleField("Mastodon")).contains("mastodon_handle_c");
        assertThat(s.phoneFields()).containsExactly("phone_mobile", "phone_work");
        assertThat(s.noteKeyField()).isEqualTo("parley_key_c");
        assertThat(s.engagementField()).isEqualTo("parley_engagement_c");
        assertThat(s.sentimentField()).isEqualTo("parley_sentiment_c");
        assertThat(s.targetListPrefix()).isEqualTo("Social: ");
    }

    @Test
    void version8AndApiPathChooseTheApiRoot() {
        assertThat(validate("version", "8").apiRoot()).hasToString("https://crm.example.com/legacy/Api");
        assertThat(validate("url", "http://10.0.0.5:8080/crm", "apiPath", "/custom/Api/").apiRoot())
                .hasToString("http://10.0.0.5:8080/crm/custom/Api");
        assertThat(validate("connectTimeout", "5", "requestTimeout", "PT1M").requestTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void passwordGrantTakesUserAndPassword() {
        SuiteCrmSettings s = validate("grantType", "password", "username", "parley", "password", "Pw-" + SECRET);
        assertThat(s.username()).isEqualTo("parley");
        assertThat(s.password().reveal()).isEqualTo("Pw-" + SECRET);
    }

    @Test
    void toStringNeverShowsSecrets() {
        SuiteCrmSettings s = validate("grantType", "password", "username", "parley", "password", "Pw-" + SECRET);
        assertThat(s.toString()).doesNotContain(SECRET).contains("clientSecret=********");
        assertThat(s.clientSecret().toString()).doesNotContain(SECRET);
        assertThat(new SuiteCrmConnector(s, java.time.Clock.systemUTC()).toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "url||org.parley.crm.suitecrm: url is missing: set the http or https URL of the SuiteCRM site, such as https://crm.example.com",
            "url|ftp://crm.example.com|org.parley.crm.suitecrm: url 'ftp://crm.example.com' must be an http or https URL",
            "url|https://crm.example.com/?x=1|org.parley.crm.suitecrm: url 'https://crm.example.com/?x=1' must not have a query or fragment: set the site's base URL, such as https://crm.example.com",
            "url|https://admin:pw@crm.example.com|org.parley.crm.suitecrm: url must not carry credentials (user:password@); set clientId and clientSecret instead",
            "url|https:// bad|org.parley.crm.suitecrm: url 'https:// bad' is not a valid URL: Illegal character in authority",
            "version|9|org.parley.crm.suitecrm: version '9' is not 7 or 8 (or set apiPath to the API root's path)",
            "apiPath|Api|org.parley.crm.suitecrm: apiPath 'Api' must be a path such as /Api or /legacy/Api",
            "grantType|refresh_token|org.parley.crm.suitecrm: grantType 'refresh_token' is not one of [client_credentials, password]",
            "clientId||org.parley.crm.suitecrm: clientId is missing: set the id of the OAuth2 client made in SuiteCRM",
            "clientSecret||org.parley.crm.suitecrm: clientSecret is missing: set the secret of OAuth2 client 'parley'",
            "connectTimeout|soon|org.parley.crm.suitecrm: connectTimeout 'soon' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "requestTimeout|0|org.parley.crm.suitecrm: requestTimeout '0' must be longer than zero",
            "handleFields|mastodon|org.parley.crm.suitecrm: handleFields 'mastodon': 'mastodon' is not channel=field (such as mastodon=mastodon_handle_c; feeds= for none)",
            "handleFields|mastodon=bad field|org.parley.crm.suitecrm: handleFields 'mastodon=bad field': 'bad field' (channel mastodon) is not a SuiteCRM field name (letters, digits and '_', such as mastodon_handle_c)",
            "handleFields|a=x_c,a=y_c|org.parley.crm.suitecrm: handleFields 'a=x_c,a=y_c' names channel a twice",
            "handleFields|Bad Channel=x_c|org.parley.crm.suitecrm: handleFields 'Bad Channel=x_c': 'Bad Channel' is not a channel name (lower-case letters, digits, '.', '_', '-')",
            "phoneFields|phone_mobile,phone-work|org.parley.crm.suitecrm: phoneFields 'phone_mobile,phone-work': 'phone-work' is not a SuiteCRM field name (letters, digits and '_', such as phone_mobile)",
            "noteKeyField||org.parley.crm.suitecrm: noteKeyField is missing: set the name of the SuiteCRM field",
            "noteKeyField|key;drop|org.parley.crm.suitecrm: noteKeyField 'key;drop' is not a SuiteCRM field name (letters, digits and '_', such as parley_key_c)",
            "engagementField|1x|org.parley.crm.suitecrm: engagementField '1x' is not a SuiteCRM field name (letters, digits and '_', such as parley_key_c)",
            "sentimentField|a b|org.parley.crm.suitecrm: sentimentField 'a b' is not a SuiteCRM field name (letters, digits and '_', such as parley_key_c)",
    })
    void refusesWrongValuesNamingKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> validate(key, value == null ? "" : value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void passwordGrantNeedsUserAndPasswordAndNeverEchoesIt() {
        assertThatThrownBy(() -> validate("grantType", "password", "password", SECRET))
                .hasMessage(PID + ": username is missing: grantType 'password' needs the SuiteCRM user name and password");
        assertThatThrownBy(() -> validate("grantType", "password", "username", "parley"))
                .hasMessage(PID + ": password is missing: grantType 'password' needs the password of user 'parley'");
    }

    @Test
    void emptyScoreFieldsAndPhoneFieldsSwitchFeaturesOff() {
        SuiteCrmSettings s = validate("engagementField", "", "sentimentField", " ", "phoneFields", "", "handleFields", "");
        SuiteCrmConnector connector = new SuiteCrmConnector(s, java.time.Clock.systemUTC());
        assertThat(connector.capabilities()).doesNotContain(org.parley.api.CrmConnector.Capability.SCORES,
                org.parley.api.CrmConnector.Capability.FIND_BY_PHONE, org.parley.api.CrmConnector.Capability.FIND_BY_HANDLE);
        assertThat(new SuiteCrmConnector(validate(), java.time.Clock.systemUTC()).capabilities())
                .containsExactlyInAnyOrder(org.parley.api.CrmConnector.Capability.values());
    }
}
