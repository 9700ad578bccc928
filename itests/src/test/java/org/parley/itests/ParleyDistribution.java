package org.parley.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.remote.JMXServiceURL;

/**
 * The Parley distribution run as an admin runs it: unpacked, configured through etc/, started as a process, asked
 * through bin/client, stopped with bin/stop or killed outright. Its SSH and RMI listeners get free loopback ports.
 */
final class ParleyDistribution implements AutoCloseable {

    private static final Pattern STORED = Pattern.compile("Stored interactions \\(all channels\\): (\\d+)");

    final Path home;
    private final int sshPort;
    /** Karaf's JMX connector: the RMI registry (JNDI look-up) and the RMI server (the connection itself). */
    final int rmiRegistryPort;
    final int rmiServerPort;
    private static final int DIAGNOSTIC_LINES = 40;
    private Process karaf;
    private volatile String lastStatus = "(not asked yet)";

    private ParleyDistribution(Path home, int sshPort, int rmiRegistryPort, int rmiServerPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.rmiRegistryPort = rmiRegistryPort;
        this.rmiServerPort = rmiServerPort;
    }

    static ParleyDistribution install(Path work) throws Exception {
        Path archive = Path.of(System.getProperty("parley.distribution"));
        run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path home;
        try (var dirs = Files.list(work)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int sshPort = freePort();
        append(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = " + sshPort + "\nsshHost = 127.0.0.1\n");
        int rmiRegistryPort = freePort();
        int rmiServerPort = freePort();
        // The shipped serviceUrl is built from these four (${rmiServerHost}:${rmiServerPort}, ...), so it follows.
        append(home.resolve("etc/org.apache.karaf.management.cfg"),
                "rmiRegistryPort = " + rmiRegistryPort + "\nrmiServerPort = " + rmiServerPort
                        + "\nrmiRegistryHost = 127.0.0.1\nrmiServerHost = 127.0.0.1\n");
        append(home.resolve("etc/users.properties"), "\nitest = itest,admin,manager,viewer,ssh\n"
                + "itest2 = itest2,admin,manager,viewer,ssh\n"
                // Parley's own roles, as the shipped command ACL and the API know them.
                + "pviewer = pviewer,parley-viewer,ssh\npadmin = padmin,parley-admin,ssh\n"
                // A user who may log in but holds none of the roles any ACL grants.
                + "pssh = pssh,ssh\n");
        // The public webhook ingress that the parley feature brings: a free loopback port, not 8183.
        append(home.resolve("etc/org.parley.ingress.cfg"), "port = " + freePort() + "\n");
        // The API's whiteboard on a free port, written before the first start as an admin would: the feature's copy
        // (8182) is only written where there is none.
        Files.writeString(home.resolve("etc/JakartarsWhiteboardComponent.cfg"), "jersey.port = " + freePort()
                + "\njersey.context.path = /\njersey.host = localhost\njersey.jakartars.whiteboard.name = parley\n");
        return new ParleyDistribution(home, sshPort, rmiRegistryPort, rmiServerPort);
    }

    /** Writes etc/NAME.cfg. */
    void configure(String pid, String content) throws IOException {
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), content);
    }

    /** Environment variables of Karaf's process, from the next {@link #start()} on (secrets given as $[env:NAME]). */
    final Map<String, String> environment = new HashMap<>();

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        builder.environment().putAll(environment);
        karaf = builder
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()))
                .start();
    }

    /** A clean stop, as an admin does it. */
    void stop() throws Exception {
        run(List.of(home.resolve("bin/stop").toString()));
        if (!karaf.waitFor(2, TimeUnit.MINUTES)) {
            karaf.destroyForcibly().waitFor();
        }
    }

    /** The process dies at once (kill -9 of Karaf's JVM, not only of its launcher script): no shutdown hooks run. */
    void kill() throws Exception {
        for (ProcessHandle child : karaf.descendants().toList()) {
            child.destroyForcibly();
        }
        karaf.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }

    boolean running() {
        return karaf != null && karaf.isAlive();
    }

    /** The stored-interaction count from parley:status, or -1 while Karaf's shell is not up yet. */
    long stored() {
        try {
            lastStatus = client("parley:status");
            Matcher m = STORED.matcher(lastStatus);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception notUpYet) {
            lastStatus = notUpYet.toString();
            return -1;
        }
    }

    /**
     * What a failed wait needs to be understood on a CI machine nobody can log into: the last parley:status answer,
     * and the warnings and errors Karaf logged.
     */
    String diagnostics() {
        StringBuilder text = new StringBuilder("last parley:status: ").append(lastStatus).append('\n');
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            List<String> problems = lines.stream().filter(l -> l.contains("| WARN ") || l.contains("| ERROR")).toList();
            text.append(problems.size()).append(" warnings/errors in karaf.log, the last ones:\n");
            problems.subList(Math.max(0, problems.size() - DIAGNOSTIC_LINES), problems.size())
                    .forEach(l -> text.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            text.append("karaf.log unreadable: ").append(e);
        }
        return text.toString();
    }

    String client(String command) throws Exception {
        return client("itest", command);
    }

    /**
     * Runs a shell command as one of the users the test adds: the Karaf admins {@code itest} and {@code itest2}, or
     * {@code pviewer} (parley-viewer), {@code padmin} (parley-admin) and {@code pssh} (ssh only). Each one's password
     * is its name.
     */
    String client(String user, String command) throws Exception {
        return client(user, user, command);
    }

    String client(String user, String password, String command) throws Exception {
        return run(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a", String.valueOf(sshPort),
                "-u", user, "-p", password, "-r", "3", command));
    }

    /** Karaf's JMX connector, as etc/org.apache.karaf.management.cfg builds its serviceUrl (karaf.name is root). */
    JMXServiceURL jmxUrl() throws IOException {
        return new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + rmiServerPort + "/jndi/rmi://127.0.0.1:"
                + rmiRegistryPort + "/karaf-root");
    }

    /** Everything Karaf logged so far (data/log/karaf.log and its rolled-over files), to look for what must not be there. */
    String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(home.resolve("data/log"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("karaf.log")).sorted().toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    /** The failure, with {@link #diagnostics()} in its message. */
    AssertionError explained(Throwable failure) {
        return new AssertionError(failure.getMessage() + "\n" + diagnostics(), failure);
    }

    @Override
    public void close() throws Exception {
        if (running()) {
            stop();
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + out);
        }
        return out;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
