package org.parley.rules.internal;

/** What is wrong in a rule's {@code when} or {@code then}, and where: the column, counted from 1, in the value. */
final class RuleSyntaxException extends Exception {

    private final int column;

    RuleSyntaxException(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    int column() {
        return column;
    }
}
