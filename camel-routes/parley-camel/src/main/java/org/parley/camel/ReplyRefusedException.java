package org.parley.camel;

/**
 * Thrown by a {@code parley:outbound} route when the channel will never take this reply as it is (the conversation
 * was deleted, the reply window closed, the text was refused). The reply becomes FAILED with this message, which a
 * CRM user reads: say what happened and what to do.
 */
public class ReplyRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplyRefusedException(String reason) {
        super(reason);
    }

    public ReplyRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
