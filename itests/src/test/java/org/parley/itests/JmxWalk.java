package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;

/**
 * Karaf's JMX connector in a running distribution, asked as each kind of user an admin has: nobody, a wrong
 * password, a user with only {@code ssh}, a {@code parley-viewer}, a {@code parley-admin} and a Karaf {@code admin}.
 * Logging in needs only a valid user of the {@code karaf} realm ({@code jmxRealm}); Karaf's management has no role for
 * the login itself: what each user may do is decided per MBean operation by {@code etc/jmx.acl*.cfg}.
 */
final class JmxWalk {

    private static final String STRING = String.class.getName();
    /** Karaf refuses what the ACL does not grant with this message (KarafMBeanServerGuard). */
    private static final String REFUSED = "Insufficient roles/credentials for operation";
    /**
     * A jmx.acl PID, which Karaf's jmx.acl.org.apache.karaf.config.cfg lets only {@code admin} write (other PIDs need
     * {@code manager}), for an MBean domain that does not exist: the admin's real write guards nothing.
     */
    private static final String THROWAWAY_PID = "jmx.acl.org.parley.itest.jmxwalk";

    private final ParleyDistribution parley;
    private final ObjectName metrics;
    private final ObjectName config;

    JmxWalk(ParleyDistribution parley) throws Exception {
        this.parley = parley;
        this.metrics = new ObjectName("org.parley:type=Metrics");
        this.config = new ObjectName("org.apache.karaf:type=config,name=root");
    }

    /**
     * The walk; {@code storedFromSample} is what the sample feed account has stored by now, which the metrics must
     * report.
     */
    void walk(long storedFromSample) throws Exception {
        // Nobody and a wrong password: the connector refuses before any MBean is reached. Karaf's JaasAuthenticator
        // refuses missing credentials with an IllegalArgumentException (not a SecurityException) and a failed login
        // with a SecurityException.
        assertThatIllegalArgumentException().as("a JMX connection without credentials")
                .isThrownBy(() -> JMXConnectorFactory.connect(parley.jmxUrl()).close())
                .withMessage("Expected String[2], got null");
        assertThatExceptionOfType(SecurityException.class).as("a JMX connection with a wrong password")
                .isThrownBy(() -> connect("pviewer", "not-the-password").close())
                .withMessage("Authentication failed");

        // A user of the realm without any role an ACL grants logs in, and reads nothing of Parley's.
        try (JMXConnector ssh = connect("pssh", "pssh")) {
            MBeanServerConnection mbeans = ssh.getMBeanServerConnection();
            assertThatExceptionOfType(SecurityException.class).as("pssh (role ssh only) reading %s", metrics)
                    .isThrownBy(() -> mbeans.getAttribute(metrics, "DeadLettersPending")).withMessage(REFUSED);
        }

        // parley-viewer and parley-admin read Parley's metrics and change nothing in Karaf (parley-admin is no admin
        // of Karaf); Karaf's admin reads them and may change Karaf's ACLs.
        readsMetricsButCannotChangeKaraf("pviewer", storedFromSample);
        readsMetricsButCannotChangeKaraf("padmin", storedFromSample);
        try (JMXConnector admin = connect("itest", "itest")) {
            MBeanServerConnection mbeans = admin.getMBeanServerConnection();
            assertSaneMetrics(mbeans, storedFromSample);
            assertThat(exists(mbeans)).as("%s after the refused writes", THROWAWAY_PID).isFalse();
            setProperty(mbeans, "by-admin");
            // Karaf writes etc/PID.cfg, which getProperty reads and Felix FileInstall may be rewriting just then
            // (Karaf answers null about one time in ten right after setProperty): both hold it once that is done.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(mbeans.invoke(config, "getProperty", new Object[] {THROWAWAY_PID, "written"},
                        new String[] {STRING, STRING})).isEqualTo("by-admin");
                assertThat(parley.home.resolve("etc/" + THROWAWAY_PID + ".cfg")).content()
                        .contains("written = by-admin");
            });
            mbeans.invoke(config, "delete", new Object[] {THROWAWAY_PID}, new String[] {STRING});
            assertThat(exists(mbeans)).as("%s after the admin deleted it", THROWAWAY_PID).isFalse();
        }

        assertLoopbackOnly(parley.rmiRegistryPort);
        assertLoopbackOnly(parley.rmiServerPort);
    }

    private void readsMetricsButCannotChangeKaraf(String user, long storedFromSample) throws Exception {
        try (JMXConnector connector = connect(user, user)) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            assertSaneMetrics(mbeans, storedFromSample);
            assertThatExceptionOfType(SecurityException.class).as("%s invoking %s setProperty", user, config)
                    .isThrownBy(() -> setProperty(mbeans, "by-" + user)).withMessage(REFUSED);
        }
    }

    private JMXConnector connect(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(parley.jmxUrl(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private void setProperty(MBeanServerConnection mbeans, String value) throws Exception {
        mbeans.invoke(config, "setProperty", new Object[] {THROWAWAY_PID, "written", value},
                new String[] {STRING, STRING, STRING});
    }

    private boolean exists(MBeanServerConnection mbeans) throws Exception {
        return (Boolean) mbeans.invoke(config, "exists", new Object[] {THROWAWAY_PID}, new String[] {STRING});
    }

    /** Two scalar attributes and the per-account one, with what this distribution must report. */
    private void assertSaneMetrics(MBeanServerConnection mbeans, long storedFromSample) throws Exception {
        assertThat((Long) mbeans.getAttribute(metrics, "DeadLettersPending")).isZero();
        assertThat((Long) mbeans.getAttribute(metrics, "OutboxFailed")).isZero();
        CompositeData[] channels = (CompositeData[]) mbeans.getAttribute(metrics, "Channels");
        List<String> accounts = Arrays.stream(channels)
                .map(c -> c.get("channel") + "/" + c.get("account") + "=" + c.get("interactionsStored"))
                .toList();
        assertThat(accounts).as("Channels of %s", metrics).contains("feeds/sample=" + storedFromSample);
    }

    /**
     * The RMI listeners were told to bind 127.0.0.1: nothing answers on the machine's other addresses. Checked on
     * every non-loopback IPv4 address this machine has (none on a machine with loopback only: nothing to check).
     */
    private static void assertLoopbackOnly(int port) throws IOException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().filter(JmxWalk::up).toList()) {
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    assertThatExceptionOfType(IOException.class)
                            .as("a connection to port %d on %s", port, address.getHostAddress())
                            .isThrownBy(() -> {
                                try (Socket socket = new Socket()) {
                                    socket.connect(new InetSocketAddress(address, port), 2_000);
                                }
                            });
                }
            }
        }
    }

    private static boolean up(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException gone) {
            return false;
        }
    }
}
