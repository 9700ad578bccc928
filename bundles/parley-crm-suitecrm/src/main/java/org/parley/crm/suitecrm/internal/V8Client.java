package org.parley.crm.suitecrm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.api.CrmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SuiteCRM's V8 JSON:API over the JDK's HTTP client: the OAuth2 token (fetched once, reused until shortly before it
 * expires, fetched again once when a call is answered 401 {@code access_denied}), and the mapping of every failure to a
 * {@link CrmException} that says whether a retry can help. Messages and logs never carry a credential or a token.
 */
final class V8Client {

    static final String JSON_API = "application/vnd.api+json";

    private static final Logger LOG = LoggerFactory.getLogger(V8Client.class);
    private static final Pattern FILTER_FIELD = Pattern.compile("Filter field (\\S+) in (\\S+) module is not found");
    /** A token is fetched again this long before SuiteCRM says it expires (at most a tenth of its life). */
    private static final Duration EARLY_REFRESH = Duration.ofSeconds(60);

    private final SuiteCrmSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private final AtomicLong tokensFetched = new AtomicLong();
    private volatile Token token;

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    V8Client(SuiteCrmSettings settings, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    long tokensFetched() {
        return tokensFetched.get();
    }

    ObjectMapper json() {
        return json;
    }

    /** GET {@code <api>/<path>?<query>}. */
    JsonNode get(String path, Map<String, String> query, String what) {
        return call("GET", path, query, null, what);
    }

    /**
     * One V8 call with the current token; on a 401 {@code access_denied} the token is fetched again once and the call
     * repeated once.
     *
     * @param path  below the API root, such as {@code V8/module/Contacts}
     * @param query parameters, encoded here; may be empty
     * @param body  JSON:API document, or null
     * @param what  what the call does, for messages (no personal data, no secrets)
     */
    JsonNode call(String method, String path, Map<String, String> query, JsonNode body, String what) {
        URI uri = uri(path, query);
        String used = token();
        HttpResponse<byte[]> response = exchange(method, uri, body, used, what);
        if (response.statusCode() == 401 && "access_denied".equals(oauthError(response))) {
            LOG.debug("SuiteCRM refused the access token ({}); fetching a new one", what);
            invalidate(used);
            response = exchange(method, uri, body, token(), what);
            if (response.statusCode() == 401) {
                throw new V8Exception("SuiteCRM refused a freshly issued access token (" + what + "): "
                        + oauthDescription(response) + "; check the API's OAuth2 keys and the server clocks",
                        false, null, null, 401, oauthError(response));
            }
        }
        return answer(response, what);
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, JsonNode body, String accessToken, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", JSON_API)
                .header("Authorization", "Bearer " + accessToken);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", JSON_API).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        return send(request.build(), what);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(what, "connecting timed out after " + settings.connectTimeout().toSeconds() + "s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(what, "no answer within " + settings.requestTimeout().toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw unreachable(what, "connection refused", e);
        } catch (IOException e) {
            throw unreachable(what, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new V8Exception("Interrupted while calling SuiteCRM (" + what + ")", true, null, e, 0, null);
        }
    }

    private V8Exception unreachable(String what, String why, Throwable cause) {
        return new V8Exception("SuiteCRM at " + settings.siteUrl().getHost() + " is unreachable (" + what + "): " + why,
                true, null, cause, 0, null);
    }

    private JsonNode answer(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response, what);
        }
        Optional<Duration> retryAfter = retryAfter(response);
        if (status == 429) {
            throw new V8Exception("SuiteCRM is rate limiting (" + what + "): 429" + retryAfter.map(d -> ", retry after "
                    + d.toSeconds() + "s").orElse(""), true, retryAfter.orElse(null), null, status, null);
        }
        if (status >= 500) {
            throw new V8Exception("SuiteCRM failed (" + what + "): " + status + errorDetail(response).map(d -> " " + d).orElse(""),
                    true, retryAfter.orElse(null), null, status, errorDetail(response).orElse(null));
        }
        String detail = errorDetail(response).orElse(null);
        if (detail != null) {
            Matcher m = FILTER_FIELD.matcher(detail);
            if (m.find()) {
                throw new V8Exception("SuiteCRM has no field " + m.group(1) + " to search " + m.group(2) + " records by ("
                        + what + "): \"" + detail + "\"; check the field names in " + settings.pid()
                        + " and that the Parley package is installed in SuiteCRM", false, null, null, status, detail);
            }
        }
        throw new V8Exception("SuiteCRM refused " + what + ": " + status
                + (detail == null ? "" : " \"" + detail + "\""), false, null, null, status, detail);
    }

    private JsonNode parse(HttpResponse<byte[]> response, String what) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new V8Exception("SuiteCRM answered " + what + " with a body that is not JSON (" + response.statusCode()
                    + ")", true, null, e, response.statusCode(), null);
        }
    }

    /** {@code errors.detail}: SuiteCRM's {@code errors} is an object; a JSON:API array is read too. */
    private Optional<String> errorDetail(HttpResponse<byte[]> response) {
        JsonNode body = lenient(response);
        JsonNode errors = body.path("errors");
        if (errors.isArray()) {
            errors = errors.path(0);
        }
        String detail = errors.path("detail").asText("");
        if (detail.isBlank()) {
            detail = errors.path("title").asText("");
        }
        if (detail.isBlank()) {
            detail = body.path("message").asText("");
        }
        return detail.isBlank() ? Optional.empty() : Optional.of(truncate(detail, 300));
    }

    private JsonNode lenient(HttpResponse<byte[]> response) {
        try {
            byte[] body = response.body();
            return body == null || body.length == 0 ? MissingNode.getInstance() : json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private String oauthError(HttpResponse<byte[]> response) {
        return lenient(response).path("error").asText("");
    }

    private String oauthDescription(HttpResponse<byte[]> response) {
        JsonNode body = lenient(response);
        String error = body.path("error").asText("");
        String hint = body.path("hint").asText(body.path("error_description").asText(""));
        return truncate(error + (hint.isEmpty() ? "" : " (" + hint + ")"), 300);
    }

    /** Seconds or an HTTP date. */
    private Optional<Duration> retryAfter(HttpResponse<byte[]> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String v = header.get();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // ---- OAuth2 -------------------------------------------------------------------------------------------------

    /** The cached token, or a new one when there is none or it is about to expire. */
    String token() {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.value();
        }
        synchronized (tokenLock) {
            t = token;
            if (t == null || !clock.instant().isBefore(t.refreshAt())) {
                t = fetchToken();
                token = t;
            }
            return t.value();
        }
    }

    /** Forgets the token a call was refused with, unless another thread has replaced it already. */
    private void invalidate(String refused) {
        synchronized (tokenLock) {
            Token t = token;
            if (t != null && t.value().equals(refused)) {
                token = null;
            }
        }
    }

    private Token fetchToken() {
        ObjectNode body = json.createObjectNode();
        body.put("grant_type", settings.grantType());
        body.put("client_id", settings.clientId());
        body.put("client_secret", settings.clientSecret().reveal());
        if (SuiteCrmSettings.PASSWORD.equals(settings.grantType())) {
            body.put("username", settings.username());
            body.put("password", settings.password().reveal());
        }
        // Never a "scope": SuiteCRM refuses any.
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiRoot() + "/access_token"))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .build();
        String what = "the OAuth2 token request";
        HttpResponse<byte[]> response = send(request, what);
        int status = response.statusCode();
        if (status == 200) {
            JsonNode answer = lenient(response);
            String value = answer.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new V8Exception("SuiteCRM's token endpoint answered without an access_token", true, null, null,
                        status, null);
            }
            long expiresIn = answer.path("expires_in").asLong(3600);
            Duration life = Duration.ofSeconds(Math.max(1, expiresIn));
            Duration early = life.dividedBy(10).compareTo(EARLY_REFRESH) < 0 ? life.dividedBy(10) : EARLY_REFRESH;
            tokensFetched.incrementAndGet();
            LOG.debug("Fetched a SuiteCRM access token for client {}, valid for {}s", settings.clientId(), expiresIn);
            return new Token(value, clock.instant().plus(life).minus(early));
        }
        String error = oauthError(response);
        if (status == 401 && "invalid_client".equals(error)) {
            throw new V8Exception("SuiteCRM refused the credentials of OAuth2 client '" + settings.clientId()
                    + "' (invalid_client): check clientId and clientSecret in " + settings.pid(),
                    false, null, null, status, error);
        }
        if ("invalid_grant".equals(error) || "invalid_credentials".equals(error)) {
            throw new V8Exception("SuiteCRM refused the credentials of user '" + settings.username() + "' (" + error
                    + "): check username and password in " + settings.pid(), false, null, null, status, error);
        }
        if (status == 429 || status >= 500) {
            Optional<Duration> retryAfter = retryAfter(response);
            throw new V8Exception("SuiteCRM's token endpoint failed: " + status
                    + (status == 500 ? " (SuiteCRM also answers 500 for an unknown clientId)" : ""),
                    true, retryAfter.orElse(null), null, status, error);
        }
        throw new V8Exception("SuiteCRM refused the token request of OAuth2 client '" + settings.clientId() + "': "
                + status + " " + oauthDescription(response) + "; check grantType, clientId and clientSecret in "
                + settings.pid(), false, null, null, status, error);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private URI uri(String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(settings.apiRoot().toString()).append('/').append(path);
        if (query != null && !query.isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            uri.append(q);
        }
        return URI.create(uri.toString());
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON body", e);
        }
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
