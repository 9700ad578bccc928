package org.parley.channel.meta.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.api.config.Secret;

/**
 * Meta's subscription check: {@code GET ?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<n>} is answered
 * with the challenge as plain text when the token is this account's verify token (compared in constant time). Meta's
 * challenges are numbers; only short runs of letters, digits, '.', '_' and '-' are echoed, so the answer can never
 * carry markup or a header.
 */
final class Handshake {

    private static final Pattern SAFE_CHALLENGE = Pattern.compile("[A-Za-z0-9._-]{1,256}");

    private final Secret verifyToken;

    Handshake(Secret verifyToken) {
        this.verifyToken = verifyToken;
    }

    Optional<HookResponse> answer(HookRequest request) {
        if (!"GET".equalsIgnoreCase(request.method())) {
            return Optional.empty();
        }
        boolean subscribe = request.query("hub.mode").map("subscribe"::equals).orElse(false);
        boolean tokenMatches = verifyToken.matches(request.query("hub.verify_token").orElse(null));
        String challenge = request.query("hub.challenge").orElse("");
        if (!subscribe || !tokenMatches || !SAFE_CHALLENGE.matcher(challenge).matches()) {
            return Optional.empty();
        }
        return Optional.of(HookResponse.text(200, challenge));
    }
}
