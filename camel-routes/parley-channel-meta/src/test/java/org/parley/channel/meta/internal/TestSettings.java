package org.parley.channel.meta.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.parley.channel.testkit.Configs;

/** A Meta account as the tests configure it, and the sample payloads. */
final class TestSettings {

    static final String APP_SECRET = "3c8e1f0a9b7d4e6f2a1c5b8d7e9f0a1b";
    static final String VERIFY_TOKEN = "verify-me-0123456789";
    static final String ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKsecrettoken0123456789ZZZ";
    static final String PAGE_ID = "104000000000001";
    static final String IG_ACCOUNT_ID = "17841400000000001";
    static final String WA_PHONE_NUMBER_ID = "106540352242922";
    static final String ACCOUNT = "brand";

    private TestSettings() {
    }

    /** Every asset, the Graph API at {@code graphUrl}, plus {@code overrides}. */
    static MetaSettings settings(URI graphUrl, Map<String, String> overrides) {
        return MetaSettings.validate(MetaConfig.PID + "-" + ACCOUNT, ACCOUNT, config(graphUrl, overrides));
    }

    static MetaSettings settings(URI graphUrl) {
        return settings(graphUrl, Map.of());
    }

    static MetaSettings settings() {
        return settings(URI.create("http://127.0.0.1:9"));
    }

    static MetaConfig config(URI graphUrl, Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("appSecret", APP_SECRET);
        values.put("verifyToken", VERIFY_TOKEN);
        values.put("pageAccessToken", ACCESS_TOKEN);
        values.put("graphUrl", graphUrl.toString());
        values.put("pageId", PAGE_ID);
        values.put("instagramAccountId", IG_ACCOUNT_ID);
        values.put("whatsappPhoneNumberId", WA_PHONE_NUMBER_ID);
        values.put("connectTimeout", "PT2S");
        values.put("readTimeout", "PT5S");
        values.putAll(overrides);
        values.values().removeIf(v -> v == null);
        return Configs.of(MetaConfig.class, values);
    }

    /** A sample webhook body from src/test/resources/webhooks. */
    static String payload(String name) {
        try (InputStream in = TestSettings.class.getResourceAsStream("/webhooks/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
