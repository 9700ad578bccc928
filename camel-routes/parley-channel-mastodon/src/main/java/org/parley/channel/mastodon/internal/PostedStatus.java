package org.parley.channel.mastodon.internal;

/**
 * A status the instance took.
 *
 * @param id  its id
 * @param url its web page, or null
 */
record PostedStatus(String id, String url) {
}
