package org.parley.channel.meta.internal;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.camel.BoundedBody;

/**
 * Calls the Graph API with the account's access token, in the {@code Authorization} header (never in a URL), with
 * {@code appsecret_proof} (HMAC-SHA256 of the token with the app secret) so that apps which require it are served.
 * Answers are read up to {@value #MAX_RESPONSE_BYTES} bytes; Meta's errors become a {@link GraphApiException} that
 * says what Meta said, with the wait its usage headers ask for when it throttles.
 */
final class GraphApi implements MentionLookup {

    static final int MAX_RESPONSE_BYTES = 256 * 1024;
    /** What may stand in a URL path segment: Meta's ids ({@code 123}, {@code 123_456}) and edge names. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_]{1,128}");

    private final MetaSettings settings;
    private final URI base;
    private final String proof;
    private final HttpClient client;

    GraphApi(MetaSettings settings) {
        this.settings = settings;
        this.base = settings.graphBase();
        this.proof = HexFormat.of().formatHex(new HubSignature(settings.appSecret())
                .sign(settings.accessToken().reveal().getBytes(StandardCharsets.UTF_8)));
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the token elsewhere
                .build();
    }

    /** Whether a value can stand in a Graph API path. */
    static boolean isSegment(String value) {
        return value != null && SEGMENT.matcher(value).matches();
    }

    /** {@code POST /<segments>} with a JSON body. */
    JsonNode post(List<String> segments, ObjectNode body) throws GraphApiException {
        String call = "POST " + path(segments);
        HttpRequest request = request(segments, Map.of())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        return send(call, request, true);
    }

    /** {@code GET /<segments>?<query>}. */
    JsonNode get(List<String> segments, Map<String, String> query) throws GraphApiException {
        String call = "GET " + path(segments);
        return send(call, request(segments, query).GET().build(), false);
    }

    @Override
    public JsonNode mentionedComment(String igUserId, String commentId) throws GraphApiException {
        JsonNode answer = get(List.of(igUserId), Map.of("fields", "mentioned_comment.comment_id(" + commentId
                + "){id,text,timestamp,like_count,username,media{id,permalink}}"));
        return answer.get("mentioned_comment");
    }

    @Override
    public JsonNode mentionedMedia(String igUserId, String mediaId) throws GraphApiException {
        JsonNode answer = get(List.of(igUserId), Map.of("fields", "mentioned_media.media_id(" + mediaId
                + "){id,caption,media_type,media_url,permalink,timestamp,username,like_count,comments_count}"));
        return answer.get("mentioned_media");
    }

    private HttpRequest.Builder request(List<String> segments, Map<String, String> query) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("appsecret_proof", proof);
        StringBuilder uri = new StringBuilder(base.toString()).append(path(segments)).append('?');
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        uri.append(String.join("&", pairs));
        return HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + settings.accessToken().reveal())
                .header("Accept", "application/json");
    }

    private static String path(List<String> segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (!isSegment(segment)) {
                throw new IllegalArgumentException("'" + Json.abbreviate(segment) + "' is not a Meta id");
            }
            path.append('/').append(segment);
        }
        return path.toString();
    }

    private JsonNode send(String call, HttpRequest request, boolean posting) throws GraphApiException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, info -> BoundedBody.of(MAX_RESPONSE_BYTES, info));
        } catch (HttpConnectTimeoutException e) {
            throw noAnswer(call, "no connection to " + base.getHost() + " within " + settings.connectTimeout().toSeconds()
                    + " s", false);
        } catch (ConnectException e) {
            throw noAnswer(call, "cannot connect to " + base.getHost(), false);
        } catch (HttpTimeoutException e) {
            throw noAnswer(call, "no answer from " + base.getHost() + " within " + settings.readTimeout().toSeconds()
                    + " s", posting);
        } catch (BoundedBody.TooLargeException e) {
            throw noAnswer(call, "the answer is larger than " + MAX_RESPONSE_BYTES + " bytes", posting);
        } catch (IOException e) {
            throw noAnswer(call, "the connection to " + base.getHost() + " failed (" + e.getClass().getSimpleName() + ")",
                    posting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noAnswer(call, "interrupted", posting);
        }
        return unwrap(call, response, posting);
    }

    private JsonNode unwrap(String call, HttpResponse<byte[]> response, boolean posting) throws GraphApiException {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (status / 100 == 2) {
            if (body == null || !body.isObject()) {
                throw new GraphApiException("Graph API " + call + " answered HTTP " + status + " with a body that is not "
                        + "a JSON object", status, 0, 0, null, null, false, posting);
            }
            return body;
        }
        JsonNode error = body == null ? null : body.get("error");
        int code = error != null && error.path("code").canConvertToInt() ? error.path("code").asInt() : 0;
        int subcode = error != null && error.path("error_subcode").canConvertToInt() ? error.path("error_subcode").asInt() : 0;
        String said = error == null ? null : Json.words(error, "error_user_msg");
        if (said == null && error != null) {
            said = Json.words(error, "message");
        }
        said = said == null ? null : redact(shorten(said));
        boolean isTransient = error != null && error.path("is_transient").asBoolean(false);
        List<String> usage = new ArrayList<>();
        for (String name : UsageHeaders.NAMES) {
            usage.addAll(response.headers().allValues(name));
        }
        String message = "Graph API " + call + " failed: HTTP " + status
                + (code == 0 ? "" : ", code " + code + (subcode == 0 ? "" : "/" + subcode))
                + (said == null ? "" : ": " + said);
        throw new GraphApiException(message, status, code, subcode, said, UsageHeaders.regainAccess(usage), isTransient,
                false);
    }

    private GraphApiException noAnswer(String call, String what, boolean maybeDelivered) {
        return new GraphApiException("Graph API " + call + ": " + what, GraphApiException.NO_ANSWER, 0, 0, null, null,
                false, maybeDelivered);
    }

    private String redact(String text) {
        return settings.appSecret().redact(settings.accessToken().redact(text));
    }

    private static String shorten(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= 500 ? flat : flat.substring(0, 497) + "...";
    }
}
