package org.parley.api;

/**
 * Which stored interactions to list, newest first. Null fields do not filter.
 *
 * @param channel only this channel
 * @param account only this account
 * @param author  only this author handle
 * @param limit   at most this many (1..1000)
 */
public record InteractionQuery(String channel, String account, String author, int limit) {

    public InteractionQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1..1000");
        }
    }

    public static InteractionQuery latest(int limit) {
        return new InteractionQuery(null, null, null, limit);
    }
}
