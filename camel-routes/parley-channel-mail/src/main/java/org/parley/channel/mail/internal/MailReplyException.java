package org.parley.channel.mail.internal;

/**
 * Sending a reply failed in a way that may pass (SMTP 4xx, connection lost, login refused until an admin fixes it):
 * Parley tries again with back-off. Its message names the server and the answer, never a password.
 */
public class MailReplyException extends Exception {

    private static final long serialVersionUID = 1L;

    public MailReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
