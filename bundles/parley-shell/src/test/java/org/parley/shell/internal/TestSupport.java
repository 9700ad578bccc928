package org.parley.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.karaf.shell.api.console.CommandLine;

/** Shared by the tests: a fixed clock, captured output, and a command line for completers. */
final class TestSupport {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Clears the screen and retitles the window: what hostile social text tries on an admin's terminal. */
    static final String HOSTILE = "\u001b[2J\u001b]0;pwned\u0007";

    private TestSupport() {
    }

    /** Output of one command run. */
    static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs a command against a fixed clock and returns what it printed. */
    static String run(ParleyAction command) {
        Output output = new Output();
        command.out = output.stream;
        command.clock = CLOCK;
        try {
            command.execute();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return output.text();
    }

    /** The command line as Karaf hands it to a completer, the cursor at the end of {@code typed}. */
    static CommandLine typing(String typed) {
        return new CommandLine() {
            @Override public int getCursorArgumentIndex() { return 0; }
            @Override public String getCursorArgument() { return typed; }
            @Override public int getArgumentPosition() { return typed.length(); }
            @Override public String[] getArguments() { return new String[] {typed}; }
            @Override public int getBufferPosition() { return typed.length(); }
            @Override public String getBuffer() { return typed; }
        };
    }
}
