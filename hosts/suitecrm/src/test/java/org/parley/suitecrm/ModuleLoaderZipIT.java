package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip the build made (after {@code package}): manifest.php at its root, every file the manifest's installdefs name
 * in it and nothing else, every PHP file in it parses, and the manifest carries the project's version.
 */
class ModuleLoaderZipIT {

    @Test
    void theZipHoldsTheManifestAndEveryFileItNames(@TempDir Path unpacked) throws IOException {
        Path zip = Path.of(System.getProperty("parley.package.zip"));
        assertThat(zip).as("the Module Loader zip the build made").isRegularFile();
        Set<String> entries = unzip(zip, unpacked);
        assertThat(entries).contains("manifest.php");

        JsonNode both = Php.script("dump-manifest.php", null, unpacked.toString());
        assertThat(both.get("manifest").get("version").asText()).isEqualTo(System.getProperty("parley.version"));

        JsonNode installdefs = both.get("installdefs");
        List<String> named = new ArrayList<>();
        for (String section : List.of("copy", "vardefs", "language", "administration")) {
            assertThat(installdefs.get(section)).as(section).isNotEmpty();
            installdefs.get(section).forEach(item -> named.add(item.get("from").asText()));
        }
        for (String section : List.of("post_execute", "pre_uninstall")) {
            installdefs.get(section).forEach(item -> named.add(item.asText()));
        }
        Set<String> expected = new TreeSet<>();
        expected.add("manifest.php");
        for (String from : named) {
            assertThat(from).as("a package path").startsWith("<basepath>/");
            expected.add(from.substring("<basepath>/".length()));
        }
        assertThat(entries).containsExactlyInAnyOrderElementsOf(expected);

        // The copy targets the function field and the admin page rely on.
        List<String> targets = new ArrayList<>();
        installdefs.get("copy").forEach(item -> targets.add(item.get("to").asText()));
        assertThat(targets).contains("custom/parley/ParleySocialField.php", "custom/parley/ParleyTabToken.php",
                "custom/modules/Administration/ParleySettings.php");

        for (Path php : Php.phpFiles(unpacked)) {
            Php.Result lint = Php.run(null, "-l", php.toString());
            assertThat(lint.exitCode()).as("php -l %s: %s%s", php, lint.stdout(), lint.stderr()).isZero();
        }
    }

    private static Set<String> unzip(Path zip, Path into) throws IOException {
        Set<String> files = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                Path target = into.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(into)).as(entry.getName()).isTrue();
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                files.add(entry.getName());
            }
        }
        return files;
    }
}
