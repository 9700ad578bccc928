package org.parley.channel.example.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.Configs;

class ExampleSettingsTest {

    private static final Map<String, Object> FILE = Map.of("felix.fileinstall.filename",
            "file:/opt/karaf/etc/org.parley.channel.example-brand.cfg");

    private static ExampleSettings settings(Object... keyValues) {
        Map<String, Object> values = new HashMap<>(Map.of("baseUrl", "https://api.example.org", "accessToken", "s3cret-token"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ExampleSettings.of(Configs.of(ExampleConfig.class, values), FILE);
    }

    @Test
    void aValidConfigurationTakesItsAccountFromTheFileAndItsDefaultsFromTheAnnotation() {
        ExampleSettings s = settings();
        assertThat(s.account()).isEqualTo("brand");
        assertThat(s.pageSize()).isEqualTo(50);
        assertThat(s.backfillWindow()).hasDays(7);
        assertThat(s.baseUrl()).hasToString("https://api.example.org");
    }

    @Test
    void wrongValuesAreRefusedNamingTheFileTheKeyAndWhatIsWrong() {
        String pid = "org.parley.channel.example-brand: ";
        assertThatThrownBy(() -> settings("baseUrl", "http://api.example.org"))
                .hasMessage(pid + "baseUrl 'http://api.example.org' must be an https URL (http only for 127.0.0.1 or localhost)");
        assertThatThrownBy(() -> settings("accessToken", " ")).hasMessage(pid + "accessToken is missing: set the account's bearer token");
        assertThatThrownBy(() -> settings("pollInterval", "PT0.5S")).hasMessage(pid + "pollInterval 'PT0.5S' is shorter than 1 second");
        assertThatThrownBy(() -> settings("pageSize", 500)).hasMessage(pid + "pageSize 500 must be between 1 and 100");
        assertThatThrownBy(() -> settings("backfillWindow", "a week")).hasMessageStartingWith(pid + "backfillWindow 'a week' is not");
        assertThatThrownBy(() -> settings("account", "my brand")).hasMessageContaining("account 'my brand' must be");
        assertThat(settings("baseUrl", "http://127.0.0.1:8080/").baseUrl()).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void theTokenNeverShowsInTheSettingsText() {
        assertThat(settings().toString()).doesNotContain("s3cret-token").contains("****");
    }
}
