package org.parley.channel.meta.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parley.ingress.HookRequest;
import org.parley.api.config.Secret;

/** Requests as the ingress hands them to an endpoint. */
final class Requests {

    private Requests() {
    }

    static HookRequest post(String body, String signature) {
        return post(body.getBytes(StandardCharsets.UTF_8), signature);
    }

    static HookRequest post(byte[] body, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("content-type", List.of("application/json"));
        if (signature != null) {
            headers.put(HubSignature.HEADER, List.of(signature));
        }
        return new HookRequest("POST", headers, Map.of(), body, "127.0.0.1", Instant.now());
    }

    /** Signed as Meta signs it, with the test account's app secret. */
    static HookRequest signed(String body) {
        return post(body, new HubSignature(Secret.of(TestSettings.APP_SECRET)).header(body.getBytes(StandardCharsets.UTF_8)));
    }

    static HookRequest get(Map<String, String> query) {
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new HookRequest("GET", Map.of(), q, new byte[0], "127.0.0.1", Instant.now());
    }
}
