package org.parley.api;

import java.util.List;
import java.util.Map;

/**
 * Webhook requests that the public ingress refused (unsigned, forged, stale or replayed), per channel account, counted
 * since the ingress started. Lets {@code parley:status} show them beside the channels' polls without depending on the
 * ingress bundle.
 */
public interface WebhookRefusals {

    /** The channel accounts with at least one refused request, each with its count per reason. */
    List<Refused> refused();

    /**
     * @param byReason refused requests per reason, in lower case ({@code unsigned}, {@code forged}, {@code stale},
     *                 {@code replayed}); only reasons that occurred
     */
    record Refused(String channel, String account, Map<String, Long> byReason) {

        public Refused {
            byReason = Map.copyOf(byReason);
        }

        public long total() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
