package org.parley.api;

/** Sends a dead letter's payload through its channel again, after the cause was fixed. */
public interface DeadLetterReplayer {

    /** @return the outcome; never throws for a payload that is refused again, that is an outcome too */
    Outcome replay(long deadLetterId);

    record Outcome(long id, boolean succeeded, String message) {
    }
}
