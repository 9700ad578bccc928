package org.parley.camel.internal;

/** Turns a failure into the one-line reason kept in the store: the exception's class and message, bounded. */
final class Reasons {

    static final int MAX_CHARS = 2_000;

    private Reasons() {
    }

    static String of(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank() ? failure.getClass().getName()
                : failure.getClass().getSimpleName() + ": " + message;
        text = text.replaceAll("[\\r\\n\\t]+", " ");
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1) + "…";
    }
}
