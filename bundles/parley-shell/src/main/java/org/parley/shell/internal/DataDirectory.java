package org.parley.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Karaf's data directory, the only place a {@code --file} option may name: the console user must not be able to read
 * or write anywhere on the host with Karaf's rights. A path is checked as written and again after following links.
 */
final class DataDirectory {

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** The given directory (tests), or else the {@code karaf.data} system property. */
    static DataDirectory of(Path given) {
        if (given != null) {
            return new DataDirectory(given.toAbsolutePath().normalize());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalStateException("karaf.data is not set, so --file cannot be used: it names a file under"
                    + " Karaf's data directory only");
        }
        return new DataDirectory(Path.of(karafData).toAbsolutePath().normalize());
    }

    Path root() {
        return root;
    }

    /**
     * A new file to write, its missing directories made; nothing is made unless the path stays inside.
     *
     * @param rule    what the refusal says, such as "an export is written"
     * @param example a path inside, for the refusal
     */
    Path newFile(String given, String rule, String example) throws IOException {
        Path wanted = inside(given, rule, example);
        // Checked on the nearest directory that exists before any is made, so a link cannot get one made elsewhere.
        Path existing = wanted.getParent();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        requireInside(existing, given);
        Files.createDirectories(wanted.getParent());
        requireInside(wanted.getParent(), given);
        return wanted;
    }

    /** An existing regular file to read, as its real path (links followed), which must be inside too. */
    Path existingFile(String given, String rule, String example) throws IOException {
        Path wanted = inside(given, rule, example);
        if (!Files.isRegularFile(wanted)) {
            throw new IllegalArgumentException("--file " + ShellText.line(given) + ": " + wanted
                    + (Files.exists(wanted) ? " is not a regular file" : " does not exist"));
        }
        requireInside(wanted, given);
        return wanted.toRealPath();
    }

    private Path inside(String given, String rule, String example) {
        Path wanted = root.resolve(given.trim()).normalize();
        if (given.isBlank() || !wanted.startsWith(root) || wanted.equals(root)) {
            throw new IllegalArgumentException("--file " + ShellText.line(given) + ": " + rule
                    + " only under Karaf's data directory " + root + "; give a path inside it, such as " + example);
        }
        return wanted;
    }

    private void requireInside(Path path, String given) throws IOException {
        if (!path.toRealPath().startsWith(root.toRealPath())) {
            throw new IllegalArgumentException("--file " + ShellText.line(given) + ": " + path
                    + " leads out of Karaf's data directory " + root + " through a link; give a path inside it");
        }
    }
}
