package org.parley.channel.mail.internal;

/**
 * A poll that failed: recorded through {@code parley:poll} with this message, retried after a back-off. Its message
 * names the server and what went wrong, never a password.
 */
public class MailPollException extends Exception {

    private static final long serialVersionUID = 1L;

    public MailPollException(String message) {
        super(message);
    }

    public MailPollException(String message, Throwable cause) {
        super(message, cause);
    }
}
