package org.parley.rules.internal;

/**
 * The text a regular expression runs over, checking the clock as the matcher reads it: {@code java.util.regex}
 * reads every character it tries through {@link #charAt}, so a pattern that backtracks without end (such as
 * {@code (a+)+$} on "aaaa...!") reads without end too, and is stopped soon after its deadline. The clock is read
 * every 1024 characters, which keeps the check far below the cost of the matching itself.
 */
final class TimedText implements CharSequence {

    /** Thrown out of the matcher when the deadline passed; carries no stack trace, it is expected. */
    static final class Stopped extends RuntimeException {
        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    private final String text;
    private final long deadline;
    private final long limitNanos;
    private int reads;

    TimedText(String text, long limitNanos) {
        this.text = text;
        this.limitNanos = limitNanos;
        this.deadline = System.nanoTime() + limitNanos;
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 1023) == 0 && System.nanoTime() - deadline > 0) {
            long micros = limitNanos / 1_000;
            throw new Stopped("ran past its time limit of " + (micros % 1000 == 0 ? String.valueOf(micros / 1000)
                    : String.valueOf(micros / 1000.0)) + " ms");
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
