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

    @Test
    void aFactoryConfigurationIsNamedByItsFileOrItsNamedPid() {
        String pid = "org.parley.channel.mastodon";
        assertThat(ConfigValues.factoryName(pid, java.util.Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.parley.channel.mastodon-acme.cfg"))).isEqualTo("acme");
        assertThat(ConfigValues.factoryName(pid, java.util.Map.of("service.pid", pid + "~brand"))).isEqualTo("brand");
        assertThat(ConfigValues.factoryName(pid, java.util.Map.of("service.pid", pid + ".6f1c"))).isNull();
        assertThat(ConfigValues.displayPid(pid, "acme", java.util.Map.of())).isEqualTo(pid + "-acme");
        assertThat(ConfigValues.displayPid(pid, null, java.util.Map.of("service.pid", pid + ".6f1c"))).isEqualTo(pid + ".6f1c");
    }

    @Test
    void anAccountIsConfiguredOrNamedByTheFileAndMustBeAPlainLabel() {
        String pid = "org.parley.channel.mastodon";
        assertThat(ConfigValues.account("p: ", pid, " shop ", "acme")).isEqualTo("shop");
        assertThat(ConfigValues.account("p: ", pid, "", "acme")).isEqualTo("acme");
        assertThatThrownBy(() -> ConfigValues.account("p: ", pid, null, null))
                .hasMessage("p: account is missing: set account, or name the file org.parley.channel.mastodon-<account>.cfg");
        assertThatThrownBy(() -> ConfigValues.account("p: ", pid, "a/b", null))
                .hasMessage("p: account 'a/b' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
}
