package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration's checks: every wrong value is refused naming the PID and the key, never repeating the secret. */
class RestSettingsTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    @Test
    void theDefaultsAcceptNoTabTokenAndUseKarafsRealm() {
        RestSettings settings = RestSettings.validate(config("", "PT15M", "", "karaf"));
        assertThat(settings.tabSecret()).isNull();
        assertThat(settings.maxTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.allowedFrameAncestors()).isEmpty();
        assertThat(settings.realm()).isEqualTo("karaf");
        assertThat(new RestSettingsService(settings, java.time.Clock.systemUTC()).enabled()).isFalse();
    }

    @Test
    void aFullConfigurationIsRead() {
        RestSettings settings = RestSettings.validate(config(SECRET, "600", "https://CRM.example.com, http://127.0.0.1:8080/",
                "parley"));
        assertThat(settings.tabSecret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(settings.maxTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.allowedFrameAncestors()).containsExactly("https://crm.example.com", "http://127.0.0.1:8080");
        assertThat(settings.realm()).isEqualTo("parley");
    }

    @Test
    void aShortSecretIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RestSettings.validate(config("too-short-secret", "PT15M", "", "karaf")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("org.parley.rest: tabSecret is 16 bytes long; at least 32 are required")
                .message().doesNotContain("too-short-secret");
        assertThatThrownBy(() -> RestSettings.validate(config(" " + SECRET, "PT15M", "", "karaf")))
                .hasMessageContaining("tabSecret starts or ends with white space")
                .message().doesNotContain(SECRET);
    }

    @Test
    void lifetimesOutsideAMinuteToTwelveHoursAreRefused() {
        for (String value : new String[] {"PT30S", "P1D", "0", "-PT5M", "soon"}) {
            assertThatThrownBy(() -> RestSettings.validate(config(SECRET, value, "", "karaf"))).as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("org.parley.rest: maxTokenLifetime '" + value + "'");
        }
    }

    @Test
    void frameAncestorsMustBeOrigins() {
        for (String value : new String[] {"crm.example.com", "https://crm.example.com/index.php", "ftp://crm.example.com",
                "http://crm.example.com", "https://user@crm.example.com", "*", "https://crm.example.com?x=1"}) {
            assertThatThrownBy(() -> RestSettings.validate(config(SECRET, "PT15M", value, "karaf"))).as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("org.parley.rest: allowedFrameAncestors");
        }
    }

    @Test
    void theRealmMustBeARealmName() {
        assertThatThrownBy(() -> RestSettings.validate(config(SECRET, "PT15M", "", "karaf realm")))
                .hasMessageStartingWith("org.parley.rest: realm 'karaf realm'");
        assertThatThrownBy(() -> RestSettings.validate(config(SECRET, "PT15M", "", "")))
                .hasMessageStartingWith("org.parley.rest: realm ''");
    }

    @Test
    void toStringMasksTheSecret() {
        RestSettings settings = RestSettings.validate(config(SECRET, "PT15M", "", "karaf"));
        assertThat(settings.toString()).contains("tabSecret=****").doesNotContain(SECRET);
        assertThat(List.of(settings).toString()).doesNotContain(SECRET);
    }

    static RestConfig config(String secret, String lifetime, String ancestors, String realm) {
        return new RestConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RestConfig.class;
            }

            @Override
            public String tabSecret() {
                return secret;
            }

            @Override
            public String maxTokenLifetime() {
                return lifetime;
            }

            @Override
            public String allowedFrameAncestors() {
                return ancestors;
            }

            @Override
            public String realm() {
                return realm;
            }
        };
    }
}
