package org.parley.channel.telegram.internal;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls one Bot API method: {@code POST <apiUrl>/bot<token>/<method>} with a JSON body, and unwraps Telegram's
 * envelope ({@code {"ok":true,"result":...}}) or turns its error into a {@link BotApiException}.
 *
 * <p>The URL holds the token, so it never leaves this class: messages name the method and the host only, and every
 * text that comes back from the network is passed through {@link BotToken#redact} before it is put in a message.
 * Exceptions of the JDK client are not kept as causes (their messages are not ours to vouch for).
 */
final class BotApi {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** How often a waiting call looks whether its route is stopping. */
    private static final long CHECK_MILLIS = 200;

    private final BotToken token;
    private final URI apiUrl;
    private final String configName;
    private final Duration readTimeout;
    private final HttpClient client;

    BotApi(TelegramSettings settings) {
        this.token = settings.token();
        this.apiUrl = settings.apiUrl();
        this.configName = settings.name();
        this.readTimeout = settings.readTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the token elsewhere
                .build();
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /**
     * @param longPoll  how long Telegram may hold the request before answering (getUpdates' timeout); ZERO otherwise
     * @param abandoned asked while waiting: true gives the call up (its route is stopping)
     * @return the envelope's {@code result}
     */
    JsonNode call(String method, ObjectNode params, Duration longPoll, BooleanSupplier abandoned) throws BotApiException {
        Duration timeout = longPoll.plus(readTimeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token.reveal() + "/" + method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = await(method, client.sendAsync(request, HttpResponse.BodyHandlers.ofString()),
                timeout, abandoned);
        return unwrap(method, response);
    }

    private HttpResponse<String> await(String method, CompletableFuture<HttpResponse<String>> future, Duration timeout,
                                       BooleanSupplier abandoned) throws BotApiException {
        // The request timeout ends the call; this loop only adds a way out for a stopping route.
        long giveUpAt = System.nanoTime() + timeout.plusSeconds(5).toNanos();
        while (true) {
            try {
                return future.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (abandoned.getAsBoolean()) {
                    future.cancel(true);
                    throw new BotApiException(method + " given up: the route is stopping", method,
                            BotApiException.NO_ANSWER, null, null, true, true);
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    future.cancel(true);
                    throw noAnswer(method, "no answer from " + apiUrl.getHost() + " within " + timeout.toSeconds() + " s", true);
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new BotApiException(method + " interrupted", method, BotApiException.NO_ANSWER, null, null, true, true);
            } catch (ExecutionException e) {
                throw transportFailure(method, e.getCause(), timeout);
            }
        }
    }

    private BotApiException transportFailure(String method, Throwable cause, Duration timeout) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return noAnswer(method, "cannot connect to " + apiUrl.getHost() + ": no connection within the connect timeout", false);
            }
            if (t instanceof ConnectException) {
                return noAnswer(method, "cannot connect to " + apiUrl.getHost() + " (" + t.getClass().getSimpleName() + ")", false);
            }
        }
        if (cause instanceof HttpTimeoutException) {
            return noAnswer(method, "no answer from " + apiUrl.getHost() + " within " + timeout.toSeconds() + " s", true);
        }
        String detail = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + token.redact(cause.getMessage()));
        // Cut off after connecting: the request may have been carried out.
        return noAnswer(method, "the connection to " + apiUrl.getHost() + " failed: " + detail, true);
    }

    private BotApiException noAnswer(String method, String what, boolean maybeDelivered) {
        return new BotApiException("Telegram " + method + ": " + what, method, BotApiException.NO_ANSWER, null, null,
                maybeDelivered, false);
    }

    private JsonNode unwrap(String method, HttpResponse<String> response) throws BotApiException {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BotApiException("Telegram " + method + " answered HTTP " + status + " with a body that is not "
                    + "a Bot API response (not a JSON object): " + excerpt(response.body()), method,
                    status, status == 429 ? retryAfterHeader(response) : null, null,
                    // A garbled 200, or a gateway that gave up waiting: Telegram may have carried the call out.
                    status == 200 || status == 502 || status == 504, false);
        }
        if (status == 200 && body.path("ok").asBoolean(false)) {
            JsonNode result = body.get("result");
            if (result == null) {
                throw new BotApiException("Telegram " + method + " answered ok without a result", method, status, null,
                        null, false, false);
            }
            return result;
        }
        int code = body.path("error_code").canConvertToInt() && body.path("error_code").asInt() > 0
                ? body.path("error_code").asInt() : status;
        String description = token.redact(body.path("description").asText("no description"));
        JsonNode parameters = body.path("parameters");
        Duration retryAfter = parameters.path("retry_after").canConvertToLong()
                ? Duration.ofSeconds(Math.max(0, parameters.path("retry_after").asLong())) : retryAfterHeader(response);
        Long migrateTo = parameters.path("migrate_to_chat_id").canConvertToLong()
                ? parameters.path("migrate_to_chat_id").asLong() : null;
        String message;
        if (code == 401 || code == 404) {
            message = "Telegram refused the bot token (" + method + ": " + code + " " + description + "): check botToken in "
                    + configName + ".cfg; BotFather (/mybots, API Token) shows the bot's current token";
        } else if (code == 429 && retryAfter != null) {
            message = "Telegram " + method + ": 429 " + description + "; waiting " + retryAfter.toSeconds() + " s as asked";
        } else {
            message = "Telegram " + method + " failed: " + code + " " + description;
        }
        throw new BotApiException(message, method, code, code == 429 ? retryAfter : null, migrateTo, false, false);
    }

    private static Duration retryAfterHeader(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.trim().matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(null);
    }

    private String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        String flat = token.redact(body).replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? "'" + flat + "'" : "'" + flat.substring(0, 117) + "...'";
    }
}
