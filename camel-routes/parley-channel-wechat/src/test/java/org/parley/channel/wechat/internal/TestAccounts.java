package org.parley.channel.wechat.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.parley.channel.testkit.Configs;
import org.parley.ingress.HookRequest;

/** The WeChat accounts as the tests configure them, WeChat's message bodies, and requests signed as WeChat signs. */
final class TestAccounts {

    static final String APP_ID = "wx1234567890abcdef";
    static final String APP_SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    static final String TOKEN = "parleyWeChatToken2025";
    static final String ACCOUNT = "brand";
    /** The account's original id, WeChat's ToUserName. */
    static final String GH = "gh_0a1b2c3d4e5f";
    static final String OPEN_ID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    private TestAccounts() {
    }

    static WeChatSettings settings(URI apiBaseUrl, Map<String, String> overrides) {
        return WeChatSettings.validate(WeChatConfig.PID + "-" + ACCOUNT, ACCOUNT, config(apiBaseUrl, overrides));
    }

    static WeChatSettings settings(URI apiBaseUrl) {
        return settings(apiBaseUrl, Map.of());
    }

    static WeChatSettings settings() {
        return settings(URI.create("http://127.0.0.1:9"));
    }

    static WeChatConfig config(URI apiBaseUrl, Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("appId", APP_ID);
        values.put("appSecret", APP_SECRET);
        values.put("token", TOKEN);
        values.put("apiBaseUrl", apiBaseUrl.toString());
        values.put("connectTimeout", "PT2S");
        values.put("readTimeout", "PT5S");
        values.putAll(overrides);
        values.values().removeIf(v -> v == null);
        return Configs.of(WeChatConfig.class, values);
    }

    /** A text message as WeChat pushes it. */
    static String text(String msgId, long createTime, String content) {
        return text(GH, OPEN_ID, msgId, createTime, content);
    }

    static String text(String to, String from, String msgId, long createTime, String content) {
        return "<xml><ToUserName><![CDATA[" + to + "]]></ToUserName><FromUserName><![CDATA[" + from
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    /** An event as WeChat pushes it (no MsgId). */
    static String event(String event, String eventKey, long createTime) {
        return "<xml><ToUserName><![CDATA[" + GH + "]]></ToUserName><FromUserName><![CDATA[" + OPEN_ID
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>"
                + (eventKey == null ? "" : "<EventKey><![CDATA[" + eventKey + "]]></EventKey>") + "</xml>";
    }

    /** Query parameters signed with {@code token} at {@code timestamp}, with a fresh nonce. */
    static Map<String, String> signedQuery(String token, long timestamp) {
        String ts = Long.toString(timestamp);
        String nonce = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 10_000_000_000L);
        return signedQuery(token, ts, nonce);
    }

    static Map<String, String> signedQuery(String token, String timestamp, String nonce) {
        Map<String, String> query = new HashMap<>();
        query.put("signature", RequestSignature.signatureHex(token, timestamp, nonce));
        query.put("timestamp", timestamp);
        query.put("nonce", nonce);
        query.put("openid", OPEN_ID);
        return query;
    }

    /** A POST as the ingress hands it to the endpoint. */
    static HookRequest post(Map<String, String> query, String body, Instant received) {
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new HookRequest("POST", Map.of("content-type", List.of("text/xml")), q,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", received);
    }

    static HookRequest get(Map<String, String> query, Instant received) {
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new HookRequest("GET", Map.of(), q, new byte[0], "127.0.0.1", received);
    }

    /** The query string of {@code query}, URL-encoded. */
    static String queryString(Map<String, String> query) {
        StringBuilder s = new StringBuilder();
        query.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }
}
