package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.parley.ingress.Verdict;
import org.parley.api.config.Secret;

/** {@code X-Hub-Signature-256}, checked by the account's endpoint on the raw bytes before anything is parsed. */
class SignatureTest {

    private final MetaWebhook webhook = new MetaWebhook(TestSettings.settings(), null);
    private final String body = TestSettings.payload("messenger.json");

    @Test
    void aBodySignedWithTheAppSecretIsAccepted() {
        Verdict verdict = webhook.verify(Requests.signed(body));

        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheRawBodyInLowerCaseHex() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(TestSettings.APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(webhook.verify(Requests.post(body, expected)).accepted()).isTrue();
        assertThat(webhook.verify(Requests.post(body, expected.toUpperCase().replace("SHA256=", "sha256="))).accepted())
                .as("hex digits in upper case are the same signature").isTrue();
    }

    @Test
    void aTamperedBodyIsForged() {
        String signature = Requests.signed(body).header(HubSignature.HEADER).orElseThrow();
        String tampered = body.replace("size M", "size L");

        Verdict verdict = webhook.verify(Requests.post(tampered, signature));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(verdict.reason()).contains("does not match");
    }

    @Test
    void aBodySignedWithAnotherSecretIsForged() {
        String other = new HubSignature(Secret.of("ffffffffffffffffffffffffffffffff")).header(body.getBytes(StandardCharsets.UTF_8));

        assertThat(webhook.verify(Requests.post(body, other)).outcome()).isEqualTo(Verdict.Outcome.FORGED);
    }

    @Test
    void noSignatureIsUnsigned() {
        assertThat(webhook.verify(Requests.post(body, null)).outcome()).isEqualTo(Verdict.Outcome.UNSIGNED);
        assertThat(webhook.verify(Requests.post(body, "  ")).outcome()).isEqualTo(Verdict.Outcome.UNSIGNED);
    }

    @Test
    void malformedSignaturesAreForgedAndTheReasonNeverRepeatsThem() {
        String good = Requests.signed(body).header(HubSignature.HEADER).orElseThrow();
        String hex = good.substring("sha256=".length());

        Verdict notHex = webhook.verify(Requests.post(body, "sha256=" + "zz" + hex.substring(2)));
        Verdict tooShort = webhook.verify(Requests.post(body, "sha256=" + hex.substring(2)));
        Verdict tooLong = webhook.verify(Requests.post(body, good + "00"));
        Verdict sha1 = webhook.verify(Requests.post(body, "sha1=" + hex.substring(0, 40)));
        Verdict bare = webhook.verify(Requests.post(body, hex));

        assertThat(notHex.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(notHex.reason()).contains("not hexadecimal");
        assertThat(tooShort.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(tooShort.reason()).contains("62 hex digits instead of 64");
        assertThat(tooLong.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(sha1.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(bare.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        for (Verdict v : new Verdict[] {notHex, tooShort, tooLong, sha1, bare}) {
            assertThat(v.reason()).doesNotContain(hex.substring(4, 40)).doesNotContain(TestSettings.APP_SECRET);
        }
    }

    @Test
    void anythingCanBeSignedEvenWhatIsNotJsonSinceNothingIsParsedBeforeTheVerdict() {
        byte[] garbage = {0, (byte) 0xff, '{', '<'};
        String signature = new HubSignature(Secret.of(TestSettings.APP_SECRET)).header(garbage);

        assertThat(webhook.verify(Requests.post(garbage, signature)).accepted()).isTrue();
        assertThat(webhook.verify(Requests.post(new byte[0], signature)).outcome()).isEqualTo(Verdict.Outcome.FORGED);
    }

    @Test
    void aDeliveryIsNamedByTheSha256OfItsBodySoAnExactRetryIsOneDelivery() {
        String first = webhook.deliveryId(Requests.signed(body));
        String retry = webhook.deliveryId(Requests.signed(body));
        String other = webhook.deliveryId(Requests.signed(body + " "));

        assertThat(first).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(retry).isNotEqualTo(other);
        assertThat(MetaWebhook.sha256(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
