package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;
import org.junit.jupiter.api.Test;

/** Whose rate a request counts against: the peer, or the client a trusted proxy names. */
class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(proxies("127.0.0.1", "10.0.0.0/8"));

    @Test
    void withoutTrustedProxiesXForwardedForIsIgnored() {
        ClientAddress direct = new ClientAddress(new InetAddressSet());

        assertThat(direct.of("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerCannotNameAnotherClient() {
        assertThat(behindProxies.of("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void theClientIsTheRightmostHopThatIsNoTrustedProxy() {
        // The client wrote the first hop itself; the proxies appended the rest.
        assertThat(behindProxies.of("127.0.0.1", List.of("6.6.6.6, 198.51.100.7, 10.1.2.3"))).isEqualTo("198.51.100.7");
        assertThat(behindProxies.of("127.0.0.1", List.of("6.6.6.6", "198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(behindProxies.of("127.0.0.1", List.of("10.9.9.9, 10.1.2.3"))).isEqualTo("10.9.9.9");
    }

    @Test
    void hopsWithPortsOrBracketsAreReadAndGarbageStopsTheWalk() {
        assertThat(behindProxies.of("127.0.0.1", List.of("198.51.100.7:4711"))).isEqualTo("198.51.100.7");
        assertThat(behindProxies.of("127.0.0.1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(behindProxies.of("127.0.0.1", List.of("unknown, 10.1.2.3"))).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of("127.0.0.1", List.of("999.1.1.1"))).isEqualTo("127.0.0.1");
        assertThat(behindProxies.of("127.0.0.1", List.of("evil.example.com"))).isEqualTo("127.0.0.1");
    }

    private static InetAddressSet proxies(String... patterns) {
        InetAddressSet set = new InetAddressSet();
        for (String p : patterns) {
            set.add(p);
        }
        return set;
    }
}
