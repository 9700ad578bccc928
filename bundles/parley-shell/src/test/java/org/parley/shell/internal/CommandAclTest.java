package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Command;
import org.junit.jupiter.api.Test;

/**
 * The command ACL the feature ships names every {@code parley:*} command of this bundle: without an entry, Karaf lets
 * every console user run a command. (DistributionRestartIT then runs each ACL entry as every kind of user.)
 */
class CommandAclTest {

    /** Commands of other bundles that the same ACL guards. */
    private static final Set<String> ELSEWHERE = Set.of("ingress");

    private static final Path ACL = Path.of("../../features/parley-features/src/main/cfg/"
            + "org.apache.karaf.command.acl.parley.cfg");

    @Test
    void everyCommandHasAnEntryAndEveryEntryACommand() throws Exception {
        Set<String> commands = commandsOfThisBundle();
        Set<String> entries = Files.readAllLines(ACL).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("[\\[= ]")[0]).collect(Collectors.toSet());

        assertThat(commands).contains("status", "erase", "export");
        assertThat(entries).as("ACL entries for the commands of parley-shell").containsAll(commands);
        assertThat(Stream.concat(commands.stream(), ELSEWHERE.stream()).collect(Collectors.toSet()))
                .as("commands named in the ACL").containsAll(entries);
    }

    private static Set<String> commandsOfThisBundle() throws IOException, URISyntaxException {
        Path classes = Path.of(ExportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve(ExportCommand.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(pkg)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> load(ExportCommand.class.getPackageName() + "." + n.substring(0, n.length() - 6)))
                    .map(c -> c.getAnnotation(Command.class))
                    .filter(c -> c != null && c.scope().equals("parley"))
                    .map(Command::name).collect(Collectors.toSet());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CommandAclTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
