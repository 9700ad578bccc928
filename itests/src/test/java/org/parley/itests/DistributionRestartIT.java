package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parley distribution as an admin runs it: started, stopped and started again as a process. Entries added to
 * the feed while Karaf is down arrive after the restart, and nothing read before is stored twice.
 */
class DistributionRestartIT {

    private static final Pattern STORED = Pattern.compile("Stored interactions \\(all channels\\): (\\d+)");

    @TempDir
    Path work;

    private Path home;
    private int sshPort;
    private Process karaf;

    @Test
    void aRestartedDistributionNeitherReReadsNorSkips() throws Exception {
        home = install();
        Path feed = home.resolve("sample/reviews.xml");
        List<String> items = new ArrayList<>(List.of(
                item("d-1", "Great service, thank you!", "Fri, 20 Nov 2026 10:00:00 GMT"),
                item("d-2", "服务很好，下次还来", "Fri, 20 Nov 2026 11:00:00 GMT"),
                item("d-3", "Pelayanan ramah dan cepat", "Fri, 20 Nov 2026 12:00:00 GMT")));
        writeFeed(feed, items, Instant.parse("2026-11-20T12:00:00Z"));

        start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> stored() == 3);
        stop();

        items.add(item("d-4", "Prima geholpen, één klacht opgelost", "Sat, 21 Nov 2026 09:00:00 GMT"));
        items.add(item("d-5", "Atención rápida y amable", "Sat, 21 Nov 2026 10:00:00 GMT"));
        writeFeed(feed, items, Instant.parse("2026-11-21T10:00:00Z"));

        start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> stored() == 5);
        String status = client("parley:status");
        assertThat(status).contains("feeds").contains("sample");
        String listed = client("parley:interactions -n 100");
        for (String id : List.of("d-1", "d-2", "d-3", "d-4", "d-5")) {
            assertThat(listed).contains("feeds:" + id);
        }
    }

    @AfterEach
    void stopKaraf() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            stop();
        }
    }

    /** Unpacks the distribution and gives Karaf's listeners free loopback ports, as a second instance on a host would. */
    private Path install() throws Exception {
        Path archive = Path.of(System.getProperty("parley.distribution"));
        run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path karafHome;
        try (var dirs = Files.list(work)) {
            karafHome = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        sshPort = freePort();
        append(karafHome.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = " + sshPort + "\nsshHost = 127.0.0.1\n");
        append(karafHome.resolve("etc/org.apache.karaf.management.cfg"),
                "rmiRegistryPort = " + freePort() + "\nrmiServerPort = " + freePort()
                        + "\nrmiRegistryHost = 127.0.0.1\nrmiServerHost = 127.0.0.1\n");
        append(karafHome.resolve("etc/users.properties"), "\nitest = itest,admin,manager,viewer,ssh\n");
        Files.writeString(karafHome.resolve("etc/org.parley.channel.feeds-sample.cfg"),
                "url = file:${karaf.home}/sample/reviews.xml\npollInterval = PT10S\nkind = REVIEW\n");
        return karafHome;
    }

    private void start() throws IOException {
        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile())
                .start();
    }

    private void stop() throws Exception {
        run(List.of(home.resolve("bin/stop").toString()));
        if (!karaf.waitFor(2, TimeUnit.MINUTES)) {
            karaf.destroyForcibly();
        }
    }

    /** The stored-interaction count from parley:status, or -1 while Karaf's shell is not up yet. */
    private long stored() {
        try {
            Matcher m = STORED.matcher(client("parley:status"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception notUpYet) {
            return -1;
        }
    }

    private String client(String command) throws Exception {
        return run(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a", String.valueOf(sshPort),
                "-u", "itest", "-p", "itest", "-r", "3", command));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + out);
        }
        return out;
    }

    private static String item(String guid, String text, String date) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>Review</title><author>" + guid
                + "@example.org (" + guid + ")</author><description>" + text + "</description><pubDate>" + date
                + "</pubDate></item>";
    }

    private static void writeFeed(Path feed, List<String> items, Instant modified) throws IOException {
        Path tmp = feed.resolveSibling("reviews.xml.tmp");
        Files.writeString(tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Reviews</title>"
                + "<link>http://127.0.0.1/</link><description>Reviews</description>" + String.join("", items)
                + "</channel></rss>");
        Files.setLastModifiedTime(tmp, FileTime.from(modified));
        Files.move(tmp, feed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
