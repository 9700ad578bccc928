package org.parley.shell.internal;

import java.io.PrintStream;
import java.time.Clock;

import org.apache.karaf.shell.api.action.Action;

/**
 * What every Parley command shares: where it prints and which clock it reads.
 * <p>
 * Karaf runs each command with {@code System.out} bound to the calling session, so that is the default.
 * User mistakes are reported by throwing {@link IllegalArgumentException} with a message that says what to
 * type instead: Karaf's console shows the message (in red) without a stack trace and the command fails.
 */
abstract class ParleyAction implements Action {

    /** Where output goes; null means {@code System.out}, read when the command runs. Set by tests. */
    PrintStream out;

    /** The clock relative times are measured against. Set by tests. */
    Clock clock = Clock.systemUTC();

    PrintStream out() {
        return out != null ? out : System.out;
    }

    static int checkLimit(Integer limit, int defaultLimit, int max) {
        int value = limit == null ? defaultLimit : limit;
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("--limit must be between 1 and " + max + ", was " + value);
        }
        return value;
    }

    /** A filter option as given, or null when absent or blank. */
    static String filter(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
