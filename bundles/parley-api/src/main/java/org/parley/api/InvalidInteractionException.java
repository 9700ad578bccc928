package org.parley.api;

import java.util.List;

/**
 * A payload that can never become a stored interaction as it is: it goes to the dead letters with
 * {@link #getMessage()} as its reason. Never retried on its own; replayed by a person after a fix.
 */
public class InvalidInteractionException extends RuntimeException {

    private final List<String> problems;

    public InvalidInteractionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInteractionException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public InvalidInteractionException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
