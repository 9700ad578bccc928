package org.parley.rules.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link RuleBookConfig} checked: every value out of range is reported at once, naming the PID, key and value. */
public record RuleBookSettings(Duration regexTimeLimit, int regexMaxChars) {

    static final Duration MIN_TIME = Duration.ofMillis(1);
    static final Duration MAX_TIME = Duration.ofSeconds(1);
    static final int MIN_CHARS = 100;
    static final int MAX_CHARS = 65_536;

    public static RuleBookSettings from(RuleBookConfig c) {
        String where = RuleBookConfig.PID + ": ";
        List<String> problems = new ArrayList<>();
        Duration time = null;
        try {
            time = Duration.parse(c.regexTimeLimit().trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NullPointerException e) {
            // reported below
        }
        if (time == null || time.compareTo(MIN_TIME) < 0 || time.compareTo(MAX_TIME) > 0) {
            problems.add(where + "regexTimeLimit = '" + c.regexTimeLimit() + "' is not allowed; use an ISO-8601 "
                    + "duration from PT0.001S to PT1S (for example PT0.05S)");
        }
        if (c.regexMaxChars() < MIN_CHARS || c.regexMaxChars() > MAX_CHARS) {
            problems.add(where + "regexMaxChars = " + c.regexMaxChars() + " is not allowed; use a whole number from "
                    + MIN_CHARS + " to " + MAX_CHARS);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + RuleBookConfig.PID + " is invalid: "
                    + String.join("; ", problems));
        }
        return new RuleBookSettings(time, c.regexMaxChars());
    }

    Evaluation.Limits limits() {
        return new Evaluation.Limits(regexTimeLimit.toNanos(), regexMaxChars);
    }
}
