package org.parley.ingress;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as it reached the ingress: raw bytes, untouched.
 *
 * @param method   GET or POST
 * @param headers  header names in lower case
 * @param query    the decoded query parameters
 * @param body     the raw body (empty for GET), never more than the ingress's size limit
 * @param remote   the client's address (the proxy's {@code X-Forwarded-For} when configured as trusted)
 * @param received when the ingress received it
 */
public record HookRequest(String method, Map<String, List<String>> headers, Map<String, List<String>> query,
                          byte[] body, String remote, Instant received) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
