package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code php -l} on every PHP file of the package and of its tests. */
class PhpLintTest {

    @Test
    void phpIsThere() {
        Php.Result version = Php.run(null, "-v");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("PHP ");
    }

    @TestFactory
    Stream<DynamicTest> everyPhpFileParses() {
        List<Path> files = new ArrayList<>(Php.phpFiles(Php.packageSources()));
        files.addAll(Php.phpFiles(Php.testScripts()));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("manifest.php", "ParleyTabToken.php", "ParleySocialField.php", "ParleySettingsPage.php");
        return files.stream().map(file -> DynamicTest.dynamicTest(Php.packageSources().getParent().getParent().getParent().relativize(file)
                .toString(), () -> {
                    Php.Result lint = Php.run(null, "-l", file.toString());
                    assertThat(lint.exitCode()).as("php -l %s: %s%s", file, lint.stdout(), lint.stderr()).isZero();
                    assertThat(lint.stdout()).contains("No syntax errors detected");
                }));
    }

    @Test
    void lintFindsASyntaxError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.php");
        java.nio.file.Files.writeString(broken, "<?php\nfunction (\n");
        assertThat(Php.run(null, "-l", broken.toString()).exitCode()).isNotZero();
    }
}
