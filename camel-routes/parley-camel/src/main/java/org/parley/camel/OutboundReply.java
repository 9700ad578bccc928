package org.parley.camel;

import org.parley.api.Interaction;
import org.parley.api.Reply;

/**
 * The body a {@code parley:outbound} route receives: a reply to post, and the interaction it answers (for its thread
 * ids, author and raw payload). The route posts it and sets {@link ParleyHeaders#REPLY_EXTERNAL_ID}; it throws
 * {@link ReplyRefusedException} when the channel will never take it and {@link RateLimitedException} when the channel
 * asks to wait. Any other exception is retried with backoff.
 *
 * @param uncertain an earlier attempt was cut off (Parley stopped while posting): the reply may be out already. Only
 *                  routes declared {@code idempotent=true} receive such a reply, and must post with
 *                  {@link Reply#idempotencyKey()} so that the channel does not post it twice.
 */
public record OutboundReply(Reply reply, Interaction original, boolean uncertain) {
}
