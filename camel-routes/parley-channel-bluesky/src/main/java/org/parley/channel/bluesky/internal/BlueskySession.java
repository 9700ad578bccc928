package org.parley.channel.bluesky.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.camel.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's session with its PDS, shared by the poll and the reply route. Logs in with
 * {@code com.atproto.server.createSession} (identifier + app password), sends the access token as Bearer, and when
 * Bluesky says {@code ExpiredToken} (or {@code InvalidToken}) renews it with {@code com.atproto.server.refreshSession}
 * (the refresh token as Bearer), logging in again only if that fails. Bluesky allows 30 logins in 5 minutes per
 * account, so a refused login is never repeated at once: the next attempt waits, doubling from one minute to half an
 * hour, and every call meanwhile fails with the reason.
 */
final class BlueskySession {

    static final String CREATE_SESSION = "com.atproto.server.createSession";
    static final String REFRESH_SESSION = "com.atproto.server.refreshSession";
    static final Duration FIRST_LOGIN_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_LOGIN_BACKOFF = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(BlueskySession.class);

    /** What a session is: never printed. */
    private record Tokens(String access, String refresh, String did, String handle) {
        @Override
        public String toString() {
            return "Tokens[did=" + did + ", handle=" + handle + ", access=****, refresh=****]";
        }
    }

    private final XrpcClient client;
    private final BlueskySettings settings;
    private final Clock clock;
    private final ObjectMapper mapper;

    private Tokens tokens;
    private Instant loginNotBefore;
    private Duration loginBackoff;
    private String loginRefusal;
    private boolean loginRateLimited;

    BlueskySession(XrpcClient client, BlueskySettings settings, Clock clock, ObjectMapper mapper) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** The account's DID, the repo replies are written to (logs in when needed). */
    String did() {
        return current().did();
    }

    /** The account's handle as the session reported it. */
    String handle() {
        return current().handle();
    }

    /** Until when a refused login keeps the account logged out (polls are skipped meanwhile), or null. */
    synchronized Instant loggedOutUntil() {
        return tokens == null && loginNotBefore != null && clock.instant().isBefore(loginNotBefore) ? loginNotBefore : null;
    }

    XrpcResponse query(String nsid, List<Map.Entry<String, String>> params) {
        return call(nsid, t -> client.query(nsid, params, t.access()));
    }

    XrpcResponse procedure(String nsid, JsonNode body) {
        return call(nsid, t -> client.procedure(nsid, body, t.access()));
    }

    private XrpcResponse call(String nsid, Function<Tokens, XrpcResponse> send) {
        Tokens used = current();
        XrpcResponse answer = send.apply(used);
        if (!expired(answer)) {
            return answer;
        }
        Tokens renewed = renew(used);
        answer = send.apply(renewed);
        if (expired(answer)) {
            forget(renewed);
            throw new BlueskyException(nsid + ": Bluesky did not accept the renewed session either (" + answer.describe() + ")");
        }
        return answer;
    }

    private static boolean expired(XrpcResponse answer) {
        if (answer.status() != 400 && answer.status() != 401) {
            return false;
        }
        String error = answer.error();
        return "ExpiredToken".equals(error) || "InvalidToken".equals(error);
    }

    private synchronized Tokens current() {
        if (tokens == null) {
            tokens = login();
        }
        return tokens;
    }

    private synchronized void forget(Tokens stale) {
        if (tokens == stale) {
            tokens = null;
        }
    }

    /** A fresh access token: by refreshSession, else by a new login. The other route may have renewed it already. */
    private synchronized Tokens renew(Tokens stale) {
        if (tokens != null && tokens != stale) {
            return tokens;
        }
        // A 429 or a network failure here leaves the session as it was: the refresh is tried again next time.
        XrpcResponse answer = client.procedure(REFRESH_SESSION, null, stale.refresh());
        if (answer.ok()) {
            tokens = tokens(answer, stale);
            LOG.debug("Bluesky {}: session refreshed", settings.account());
            return tokens;
        }
        LOG.info("Bluesky {}: the session could not be refreshed ({}); logging in again", settings.account(), answer.describe());
        tokens = null;
        tokens = login();
        return tokens;
    }

    /** createSession, at most once per backoff period. Runs under the session's lock. */
    private Tokens login() {
        Instant now = clock.instant();
        if (loginNotBefore != null && now.isBefore(loginNotBefore)) {
            String message = loginRefusal + "; next login attempt after " + loginNotBefore;
            if (loginRateLimited) {
                throw new RateLimitedException(message, Duration.between(now, loginNotBefore));
            }
            throw new BlueskyException(message);
        }
        ObjectNode body = mapper.createObjectNode()
                .put("identifier", settings.identifier())
                .put("password", settings.appPassword());
        XrpcResponse answer;
        try {
            answer = client.procedure(CREATE_SESSION, body, null);
        } catch (RateLimitedException e) {
            refuseLoginsUntil(clock.instant().plus(e.retryAfter()), "Bluesky limits logins (" + CREATE_SESSION + ")");
            loginRateLimited = true;
            throw e;
        } catch (BlueskyException e) {
            refuseLoginsUntil(now.plus(nextBackoff()), "Bluesky login failed: " + e.getMessage());
            throw e;
        }
        if (answer.ok()) {
            loginBackoff = null;
            loginNotBefore = null;
            loginRefusal = null;
            Tokens fresh = tokens(answer, null);
            LOG.info("Bluesky {}: logged in as {} ({})", settings.account(), fresh.handle(), fresh.did());
            return fresh;
        }
        String refusal = answer.status() == 400 || answer.status() == 401
                ? "Bluesky refused the app password for " + settings.identifier() + " (" + answer.describe() + ")"
                + ("AuthFactorTokenRequired".equals(answer.error()) ? ": set an app password, not the account's password" : "")
                : "Bluesky login failed: " + answer.describe();
        Duration wait = nextBackoff();
        refuseLoginsUntil(now.plus(wait), refusal);
        throw new BlueskyException(refusal + "; next login attempt in " + wait.toSeconds() + " s");
    }

    private Duration nextBackoff() {
        loginBackoff = loginBackoff == null ? FIRST_LOGIN_BACKOFF : loginBackoff.multipliedBy(2);
        if (loginBackoff.compareTo(MAX_LOGIN_BACKOFF) > 0) {
            loginBackoff = MAX_LOGIN_BACKOFF;
        }
        return loginBackoff;
    }

    private void refuseLoginsUntil(Instant until, String reason) {
        loginNotBefore = until;
        loginRateLimited = false;
        loginRefusal = reason;
        LOG.warn("Bluesky {}: {}; next login attempt after {}", settings.account(), reason, until);
    }

    private Tokens tokens(XrpcResponse answer, Tokens previous) {
        JsonNode json = answer.json(mapper);
        String access = text(json, "accessJwt");
        String refresh = text(json, "refreshJwt");
        String did = text(json, "did");
        String handle = text(json, "handle");
        if (did == null && previous != null) {
            did = previous.did();
        }
        if (access == null || refresh == null || did == null) {
            throw new BlueskyException(answer.nsid() + " answered HTTP " + answer.status()
                    + " without accessJwt, refreshJwt or did");
        }
        return new Tokens(access, refresh, did, handle != null ? handle : previous != null ? previous.handle() : did);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
