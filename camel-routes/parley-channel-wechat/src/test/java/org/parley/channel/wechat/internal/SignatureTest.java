package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.api.InteractionValidator;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;

/** WeChat's query signature, freshness window and replay memory, as the ingress asks the endpoint. */
class SignatureTest {

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");
    private static final long TS = NOW.getEpochSecond();
    private static final String BODY = TestAccounts.text("24602541234567890", TS, "你好");

    private final WeChatSettings settings = TestAccounts.settings();
    private final WeChatWebhook webhook = new WeChatWebhook(settings,
            new MessageMapper(settings.account(), new InteractionValidator()));

    private Verdict verify(Map<String, String> query, String body, Instant received) {
        return webhook.verify(TestAccounts.post(query, body, received));
    }

    @Test
    void aRequestSignedWithTheTokenIsAccepted() {
        assertThat(verify(TestAccounts.signedQuery(TestAccounts.TOKEN, TS), BODY, NOW).accepted()).isTrue();
        // The signature covers the query only, so even a body that is not XML passes: it is not read here.
        assertThat(verify(TestAccounts.signedQuery(TestAccounts.TOKEN, TS), "<not xml", NOW).accepted()).isTrue();
    }

    @Test
    void theSignatureIsTheSha1OfTheSortedTokenTimestampAndNonce() {
        // Digits sort before letters: the timestamp, the nonce, then the token, whatever order they come in.
        String expected = sha1Hex("1409304348" + "1409659813" + "token");
        assertThat(RequestSignature.signatureHex("token", "1409304348", "1409659813")).isEqualTo(expected);
        assertThat(RequestSignature.signatureHex("1409659813", "token", "1409304348")).isEqualTo(expected);
    }

    @Test
    void aWrongSignatureIsForged() {
        Map<String, String> query = TestAccounts.signedQuery(TestAccounts.TOKEN, TS);
        char[] signature = query.get("signature").toCharArray();
        signature[7] = signature[7] == 'a' ? 'b' : 'a';
        query.put("signature", new String(signature));

        Verdict verdict = verify(query, BODY, NOW);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(verdict.reason()).doesNotContain(TestAccounts.TOKEN).doesNotContain(query.get("signature"));
    }

    @Test
    void aSignatureMadeWithAnotherTokenOrOverOtherValuesIsForged() {
        assertThat(verify(TestAccounts.signedQuery("someOtherToken", TS), BODY, NOW).outcome())
                .isEqualTo(Verdict.Outcome.FORGED);
        Map<String, String> moved = TestAccounts.signedQuery(TestAccounts.TOKEN, TS);
        moved.put("timestamp", Long.toString(TS + 1));
        assertThat(verify(moved, BODY, NOW).outcome()).isEqualTo(Verdict.Outcome.FORGED);
        Map<String, String> notHex = TestAccounts.signedQuery(TestAccounts.TOKEN, TS);
        notHex.put("signature", "z".repeat(40));
        assertThat(verify(notHex, BODY, NOW).outcome()).isEqualTo(Verdict.Outcome.FORGED);
    }

    @Test
    void aRequestWithoutSignatureTimestampOrNonceIsUnsigned() {
        assertThat(verify(Map.of(), BODY, NOW).outcome()).isEqualTo(Verdict.Outcome.UNSIGNED);
        for (String missing : new String[] {"signature", "timestamp", "nonce"}) {
            Map<String, String> query = new HashMap<>(TestAccounts.signedQuery(TestAccounts.TOKEN, TS));
            query.remove(missing);
            assertThat(verify(query, BODY, NOW).outcome()).as(missing).isEqualTo(Verdict.Outcome.UNSIGNED);
        }
    }

    @Test
    void aTimestampOutsideTheFreshnessWindowIsStaleEitherWay() {
        long window = settings.freshness().toSeconds();
        assertThat(verify(TestAccounts.signedQuery(TestAccounts.TOKEN, TS - window - 1), BODY, NOW).outcome())
                .isEqualTo(Verdict.Outcome.STALE);
        assertThat(verify(TestAccounts.signedQuery(TestAccounts.TOKEN, TS + window + 1), BODY, NOW).outcome())
                .isEqualTo(Verdict.Outcome.STALE);
        assertThat(verify(TestAccounts.signedQuery(TestAccounts.TOKEN, TS - window), BODY, NOW).accepted()).isTrue();
    }

    @Test
    void aSignatureUsedAgainWithAnotherBodyIsReplayedButTheSameRequestAgainIsLetThrough() {
        Map<String, String> query = TestAccounts.signedQuery(TestAccounts.TOKEN, TS);
        assertThat(verify(query, BODY, NOW).accepted()).isTrue();

        Verdict replayed = verify(query, TestAccounts.text("24602541234567891", TS, "转账给我"), NOW.plusSeconds(3));
        assertThat(replayed.outcome()).isEqualTo(Verdict.Outcome.REPLAYED);

        // WeChat's own retry of the same request: the ingress's inbox knows the delivery and keeps it once.
        assertThat(verify(query, BODY, NOW.plusSeconds(5)).accepted()).isTrue();
    }

    @Test
    void theReplayMemoryIsBoundedAndForgetsPairsOutsideTheWindow() {
        ReplayMemory memory = new ReplayMemory("brand", Duration.ofMinutes(5), 3);
        byte[] a = RequestSignature.sha256(new byte[] {1});
        byte[] b = RequestSignature.sha256(new byte[] {2});
        for (int i = 0; i < 5; i++) {
            assertThat(memory.firstWithThisBody(Long.toString(TS), "n" + i, a, TS, NOW)).isTrue();
        }
        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.firstWithThisBody(Long.toString(TS), "n4", b, TS, NOW)).isFalse();

        assertThat(memory.firstWithThisBody(Long.toString(TS + 600), "later", a, TS + 600, NOW.plusSeconds(600))).isTrue();
        assertThat(memory.size()).as("the pairs of ten minutes ago are gone").isEqualTo(1);
    }

    @Test
    void theServerCheckEchoesEchostrOnlyWhenSignedAndFresh() {
        Map<String, String> query = new HashMap<>(TestAccounts.signedQuery(TestAccounts.TOKEN, TS));
        query.put("echostr", "5838479218127813673");

        HookResponse answer = webhook.handshake(TestAccounts.get(query, NOW)).orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(new String(answer.body())).isEqualTo("5838479218127813673");

        assertThat(webhook.handshake(TestAccounts.get(query, NOW.plus(Duration.ofHours(1))))).as("stale").isEmpty();
        Map<String, String> forged = new HashMap<>(TestAccounts.signedQuery("someOtherToken", TS));
        forged.put("echostr", "5838479218127813673");
        assertThat(webhook.handshake(TestAccounts.get(forged, NOW))).as("forged").isEmpty();
        Map<String, String> markup = new HashMap<>(TestAccounts.signedQuery(TestAccounts.TOKEN, TS));
        markup.put("echostr", "<script>alert(1)</script>");
        assertThat(webhook.handshake(TestAccounts.get(markup, NOW))).as("markup is never echoed").isEmpty();
    }

    @Test
    void theAcknowledgementIsSuccessAsPlainText() {
        HookResponse ack = webhook.acknowledge(TestAccounts.post(TestAccounts.signedQuery(TestAccounts.TOKEN, TS), BODY, NOW));
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.contentType()).startsWith("text/plain");
        assertThat(new String(ack.body())).isEqualTo("success");
    }

    private static String sha1Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
