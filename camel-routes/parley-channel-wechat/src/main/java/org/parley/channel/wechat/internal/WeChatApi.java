package org.parley.channel.wechat.internal;

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
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.camel.BoundedBody;
import org.parley.api.config.Secret;

/**
 * The two WeChat API calls Parley makes: {@code GET /cgi-bin/token} (AppID and AppSecret for an access token) and
 * {@code POST /cgi-bin/message/custom/send} (a customer-service message). WeChat wants both credentials in the query
 * string; they never appear in a message of this class, which names the call by its path only. Answers are read up to
 * {@value #MAX_RESPONSE_BYTES} bytes; WeChat answers errors with HTTP 200 and {@code errcode}, which becomes a
 * {@link WeChatApiException}.
 */
final class WeChatApi {

    /** A fresh access token and how long WeChat says it lasts. */
    record Token(Secret value, Duration expiresIn) {
    }

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final String TOKEN_PATH = "/cgi-bin/token";
    static final String SEND_PATH = "/cgi-bin/message/custom/send";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeChatSettings settings;
    private final HttpClient client;

    WeChatApi(WeChatSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the secret elsewhere
                .build();
    }

    /** {@code GET /cgi-bin/token?grant_type=client_credential&appid=&secret=}. */
    Token fetchToken() throws WeChatApiException {
        String query = "grant_type=client_credential&appid=" + encode(settings.appId()) + "&secret="
                + encode(settings.appSecret().reveal());
        HttpRequest request = request(TOKEN_PATH, query).GET().build();
        JsonNode answer = send("GET " + TOKEN_PATH, request, false, null);
        String token = answer.path("access_token").asText("");
        long seconds = answer.path("expires_in").asLong(0);
        if (token.isBlank() || seconds <= 0) {
            throw new WeChatApiException("WeChat API GET " + TOKEN_PATH + " answered without access_token and "
                    + "expires_in", 200, 0, null, false);
        }
        return new Token(Secret.of(token), Duration.ofSeconds(seconds));
    }

    /** {@code POST /cgi-bin/message/custom/send?access_token=} with a text message to {@code openId}. */
    void sendText(Secret token, String openId, String content) throws WeChatApiException {
        ObjectNode body = JSON.createObjectNode().put("touser", openId).put("msgtype", "text");
        body.putObject("text").put("content", content);
        HttpRequest request = request(SEND_PATH, "access_token=" + encode(token.reveal()))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        send("POST " + SEND_PATH, request, true, token);
    }

    private HttpRequest.Builder request(String path, String query) {
        return HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + path + "?" + query))
                .timeout(settings.readTimeout())
                .header("Accept", "application/json");
    }

    /** @param token the access token the call carries, kept out of messages like the AppSecret; null for none */
    private JsonNode send(String call, HttpRequest request, boolean posting, Secret token) throws WeChatApiException {
        String host = settings.apiBaseUrl().getHost();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, info -> BoundedBody.of(MAX_RESPONSE_BYTES, info));
        } catch (HttpConnectTimeoutException e) {
            throw noAnswer(call, "no connection to " + host + " within " + settings.connectTimeout().toSeconds() + " s",
                    false);
        } catch (ConnectException e) {
            throw noAnswer(call, "cannot connect to " + host, false);
        } catch (HttpTimeoutException e) {
            throw noAnswer(call, "no answer from " + host + " within " + settings.readTimeout().toSeconds() + " s",
                    posting);
        } catch (BoundedBody.TooLargeException e) {
            throw noAnswer(call, "the answer is larger than " + MAX_RESPONSE_BYTES + " bytes", posting);
        } catch (IOException e) {
            throw noAnswer(call, "the connection to " + host + " failed (" + e.getClass().getSimpleName() + ")", posting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noAnswer(call, "interrupted", posting);
        }
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        int errcode = body != null && body.path("errcode").canConvertToInt() ? body.path("errcode").asInt() : 0;
        String errmsg = body == null || !body.path("errmsg").isTextual() ? null
                : redact(shorten(body.path("errmsg").asText()), token);
        if (status / 100 != 2) {
            throw new WeChatApiException("WeChat API " + call + " failed: HTTP " + status
                    + (errcode == 0 ? "" : ", errcode " + errcode) + (errmsg == null ? "" : ": " + errmsg),
                    status, errcode, errmsg, false);
        }
        if (body == null || !body.isObject()) {
            throw new WeChatApiException("WeChat API " + call + " answered HTTP " + status + " with a body that is not a "
                    + "JSON object", status, 0, null, posting);
        }
        if (errcode != 0) {
            throw new WeChatApiException("WeChat API " + call + " failed: errcode " + errcode
                    + (errmsg == null ? "" : ": " + errmsg), status, errcode, errmsg, false);
        }
        return body;
    }

    private static WeChatApiException noAnswer(String call, String what, boolean maybeDelivered) {
        return new WeChatApiException("WeChat API " + call + ": " + what, WeChatApiException.NO_ANSWER, 0, null,
                maybeDelivered);
    }

    /** WeChat's errmsg may quote the request (it repeats invalid values): the AppSecret never goes further. */
    private String redact(String text, Secret token) {
        String masked = settings.appSecret().redact(text);
        return token == null ? masked : token.redact(masked);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
    }
}
