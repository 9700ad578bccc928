package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.ingress.HookResponse;

/** Meta's subscription check: {@code hub.mode=subscribe}, {@code hub.verify_token}, {@code hub.challenge}. */
class HandshakeTest {

    private final MetaWebhook webhook = new MetaWebhook(TestSettings.settings(), null);

    private static Map<String, String> query(String mode, String token, String challenge) {
        Map<String, String> q = new HashMap<>();
        if (mode != null) {
            q.put("hub.mode", mode);
        }
        if (token != null) {
            q.put("hub.verify_token", token);
        }
        if (challenge != null) {
            q.put("hub.challenge", challenge);
        }
        return q;
    }

    @Test
    void theRightTokenIsAnsweredWithTheChallengeAsPlainText() {
        Optional<HookResponse> answer = webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, "1158201444")));

        assertThat(answer).isPresent();
        assertThat(answer.get().status()).isEqualTo(200);
        assertThat(answer.get().contentType()).startsWith("text/plain");
        assertThat(new String(answer.get().body(), StandardCharsets.UTF_8)).isEqualTo("1158201444");
    }

    @Test
    void aWrongOrMissingTokenIsRefused() {
        assertThat(webhook.handshake(Requests.get(query("subscribe", "verify-me-0123456788", "1158201444")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN + "x", "1")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", "", "1158201444")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", null, "1158201444")))).isEmpty();
    }

    @Test
    void onlySubscribeIsAnswered() {
        assertThat(webhook.handshake(Requests.get(query("unsubscribe", TestSettings.VERIFY_TOKEN, "1")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query(null, TestSettings.VERIFY_TOKEN, "1")))).isEmpty();
    }

    @Test
    void aChallengeThatCouldCarryMarkupOrHeadersIsNeverEchoed() {
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, "<script>alert(1)</script>")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, "1\r\nSet-Cookie: a=b")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, "")))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, null)))).isEmpty();
        assertThat(webhook.handshake(Requests.get(query("subscribe", TestSettings.VERIFY_TOKEN, "1".repeat(257))))).isEmpty();
    }
}
