package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.Configs;

/** What etc/org.parley.ingress.cfg may say, and how a wrong value is refused. */
class IngressSettingsTest {

    @Test
    void theDefaultsListenOnLoopbackOnly() {
        IngressSettings settings = IngressSettings.validate(IngressConfig.PID, Configs.defaults(IngressConfig.class));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8183);
        assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.requestsPerSecondPerSource()).isEqualTo(20);
        assertThat(settings.trustedProxies()).isEmpty();
        assertThat(settings.keepFinished()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void trustedProxiesTakeAddressesAndRanges() throws Exception {
        IngressSettings settings = validate("trustedProxies", " 127.0.0.1, 10.0.0.0/8 ,::1");

        assertThat(settings.trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "::1");
        assertThat(settings.proxySet().test(InetAddress.getByName("10.20.30.40"))).isTrue();
        assertThat(settings.proxySet().test(InetAddress.getByName("192.168.1.1"))).isFalse();
    }

    @Test
    void aWrongValueIsRefusedNamingThePidTheKeyAndWhatIsAllowed() {
        assertRefused("port", "99999", "org.parley.ingress: port '99999' must be a whole number from 0 to 65535");
        assertRefused("maxBodyBytes", "1MB", "org.parley.ingress: maxBodyBytes '1MB' must be a whole number from 1024 to 67108864");
        assertRefused("requestsPerSecondPerSource", "-1",
                "org.parley.ingress: requestsPerSecondPerSource '-1' must be a whole number from 0 to 1000000");
        assertRefused("trustedProxies", "127.0.0.1, proxy.example.com", "org.parley.ingress: trustedProxies: "
                + "'proxy.example.com' is not an IP address or CIDR range such as 127.0.0.1, 10.0.0.0/8 or ::1");
        assertRefused("host", "local host", "org.parley.ingress: host 'local host' is not an address to listen on, "
                + "such as 127.0.0.1 or 0.0.0.0");
        assertRefused("idleTimeout", "soon", "org.parley.ingress: idleTimeout 'soon' is not an ISO-8601 duration "
                + "such as PT5M, nor a number of seconds");
        assertRefused("retryMax", "PT1S", "org.parley.ingress: retryMax 'PT1S' is shorter than retryInitial 'PT5S'");
        assertRefused("keepFinished", "PT10M", "org.parley.ingress: keepFinished 'PT10M' is shorter than PT1H: "
                + "channels retry a delivery for hours, and a retry must be recognised");
        assertRefused("maxThreads", "2", "org.parley.ingress: maxThreads '2' must be a whole number from 4 to 1000");
    }

    @Test
    void aListenerThatCannotBindSaysWhereAndWhatToChange() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IngressSettings settings = validate("port", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> new IngressListener(null, new EndpointRegistry(), settings, java.time.Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("org.parley.ingress: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageEndingWith("; set host and port in etc/org.parley.ingress.cfg");
        }
    }

    @Test
    void theShippedSampleConfigurationIsValidAndDocumentsEveryKey() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/cfg/org.parley.ingress.cfg"))) {
            p.load(r);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));

        IngressSettings sample = IngressSettings.validate(IngressConfig.PID, Configs.of(IngressConfig.class, values));

        assertThat(sample).isEqualTo(IngressSettings.validate(IngressConfig.PID, Configs.defaults(IngressConfig.class)));
        for (Method key : IngressConfig.class.getDeclaredMethods()) {
            assertThat(values).as(key.getName()).containsKey(key.getName());
        }
    }

    private static IngressSettings validate(String key, String value) {
        return IngressSettings.validate(IngressConfig.PID, Configs.of(IngressConfig.class, Map.of(key, value)));
    }

    private static void assertRefused(String key, String value, String message) {
        assertThatThrownBy(() -> validate(key, value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
