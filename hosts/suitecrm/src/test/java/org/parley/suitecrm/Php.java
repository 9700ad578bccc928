package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs Debian's php-cli for the tests. A missing php fails the test with how to install it: the PHP side of the
 * package is never skipped silently.
 */
final class Php {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A generous bound for one php process: lint or one helper script. Not a timing assertion. */
    private static final long PROCESS_LIMIT_SECONDS = 60;

    /** What one php run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            assertThat(exitCode).as("php exit code; stderr: %s; stdout: %s", stderr, stdout).isZero();
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("php did not print JSON: " + stdout + " / " + stderr, e);
            }
        }
    }

    private Php() {
    }

    static Path executable() {
        Path php = Path.of(System.getProperty("parley.php", "/usr/bin/php"));
        if (!Files.isExecutable(php)) {
            fail("PHP is needed to test the SuiteCRM package, and " + php + " is missing: install Debian's php-cli "
                    + "(apt-get install php-cli), or run Maven with -Dparley.php=/path/to/php");
        }
        return php;
    }

    static Path packageSources() {
        return Path.of(System.getProperty("parley.package.sources", "src/main/suitecrm")).toAbsolutePath();
    }

    static Path testScripts() {
        return Path.of(System.getProperty("parley.test.php", "src/test/php")).toAbsolutePath();
    }

    static Result run(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        // The same settings everywhere: no php.ini of this machine, errors to stderr.
        command.add("-n");
        command.add("-d");
        command.add("display_errors=stderr");
        command.add("-d");
        command.add("error_reporting=-1");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = read(process.getInputStream());
            CompletableFuture<byte[]> err = read(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("php did not finish within " + PROCESS_LIMIT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while php ran", e);
        }
    }

    /** The JSON a test helper script in src/test/php printed. */
    static JsonNode script(String name, String stdin, String... args) {
        List<String> all = new ArrayList<>();
        all.add(testScripts().resolve(name).toString());
        all.addAll(List.of(args));
        return run(stdin, all.toArray(String[]::new)).json();
    }

    /** Every file below a directory whose name ends in .php, in a stable order. */
    static List<Path> phpFiles(Path root) {
        try (var files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".php") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<byte[]> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream; ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
                stream.transferTo(bytes);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
