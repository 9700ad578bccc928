package org.parley.api;

/**
 * What people do with replies (the Social tab's API and {@code parley:reply}). Each method checks what it is asked
 * and throws {@link IllegalArgumentException} or {@link IllegalStateException} with a message fit to show.
 * Implemented by parley-camel, which knows the channel routes that post.
 */
public interface Replies {

    /** Stores a reply to an interaction; it is posted at once, or after approval where the channel account asks for it. */
    Reply request(InteractionKey inReplyTo, String text, String user);

    /** A second person approves a reply; its author cannot. */
    Reply approve(long id, String user);

    /** Puts a FAILED reply back in the queue. */
    Reply retry(long id, String user);
}
