package org.parley.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void durationsAreIso8601OrSeconds() {
        assertThat(ConfigValues.duration("p: ", "k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.duration("p: ", "k", " 300 ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.duration("p: ", "k", "PT0S")).isZero();
        assertThatThrownBy(() -> ConfigValues.duration("org.parley.x: ", "pollInterval", "soon"))
                .hasMessage("org.parley.x: pollInterval 'soon' is not an ISO-8601 duration such as PT5M, nor a number of seconds");
    }

    @Test
    void positiveDurationsRefuseZeroAndNegative() {
        assertThatThrownBy(() -> ConfigValues.positiveDuration("org.parley.x: ", "readTimeout", "PT0S"))
                .hasMessage("org.parley.x: readTimeout 'PT0S' must be longer than zero");
        assertThatThrownBy(() -> ConfigValues.positiveDuration("org.parley.x: ", "readTimeout", "-PT1S"))
                .hasMessage("org.parley.x: readTimeout '-PT1S' must be longer than zero");
    }
}
