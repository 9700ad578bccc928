package org.parley.channel.mastodon.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Link} header (RFC 8288) as Mastodon sends it for paging:
 * {@code <https://host/api/v1/notifications?max_id=1>; rel="next", <https://host/api/v1/notifications?min_id=9>; rel="prev"}.
 * Only the query parameters of each relation are kept: the channel builds its own URLs on the configured instance, so a
 * link pointing elsewhere can never carry the access token to another host.
 */
final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*\"?([^\";]+)\"?");

    private final Map<String, Map<String, String>> relations;

    private LinkHeader(Map<String, Map<String, String>> relations) {
        this.relations = relations;
    }

    static LinkHeader parse(String header) {
        Map<String, Map<String, String>> relations = new HashMap<>();
        if (header != null) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()) {
                    Map<String, String> query = query(link.group(1));
                    for (String name : rel.group(1).trim().split("\\s+")) {
                        relations.putIfAbsent(name.toLowerCase(Locale.ROOT), query);
                    }
                }
            }
        }
        return new LinkHeader(relations);
    }

    boolean has(String rel) {
        return relations.containsKey(rel);
    }

    /** A query parameter of a relation's link, or null. */
    String param(String rel, String name) {
        Map<String, String> query = relations.get(rel);
        return query == null ? null : query.get(name);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return params;
        }
        int hash = url.indexOf('#', q);
        String query = url.substring(q + 1, hash < 0 ? url.length() : hash);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a parameter that does not decode is not one we use
                }
            }
        }
        return params;
    }
}
