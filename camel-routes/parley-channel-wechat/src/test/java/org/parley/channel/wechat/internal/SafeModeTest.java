package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionValidator;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.Verdict;
import org.parley.api.config.Secret;

/** Safe mode: AES-encrypted messages signed by msg_signature, checked against WeChat's published sample values. */
class SafeModeTest {

    /** WeChat's sample: EncodingAESKey, AppID and what "我是中文abcd123" encrypts to with the random "aaaabbbbccccdddd". */
    static final String SAMPLE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String SAMPLE_APP_ID = "wxb11529c136998cb6";
    static final String SAMPLE_PLAIN = "我是中文abcd123";
    static final String SAMPLE_RANDOM = "aaaabbbbccccdddd";
    static final String SAMPLE_ENCRYPTED = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    static final String AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");
    private static final long TS = NOW.getEpochSecond();

    private final WeChatSettings settings = TestAccounts.settings(java.net.URI.create("http://127.0.0.1:9"),
            Map.of("mode", "safe", "encodingAesKey", AES_KEY));
    private final WeChatWebhook webhook = new WeChatWebhook(settings,
            new MessageMapper(settings.account(), new InteractionValidator()));

    /** Encrypts as WeChat does (test side, written from the published format). */
    static String encrypt(String key, String appId, byte[] random16, String xml) {
        byte[] raw = Base64.getDecoder().decode(key + "=");
        byte[] message = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + message.length + app.length;
        int pad = 32 - (length % 32);
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random16).putInt(message.length).put(message).put(app);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES"), new IvParameterSpec(Arrays.copyOf(raw, 16)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A safe-mode POST as WeChat sends it: the envelope, the query signature and msg_signature. */
    static HookRequest safePost(String xml, String token, String key, String appId, Instant received) {
        String encrypted = encrypt(key, appId, "0123456789abcdef".getBytes(StandardCharsets.UTF_8), xml);
        String ts = Long.toString(received.getEpochSecond());
        String nonce = Long.toString(received.toEpochMilli() % 1_000_000_007L);
        Map<String, String> query = new HashMap<>(TestAccounts.signedQuery(token, ts, nonce));
        query.put("encrypt_type", "aes");
        query.put("msg_signature", RequestSignature.signatureHex(token, ts, nonce, encrypted));
        return TestAccounts.post(query, envelope(encrypted), received);
    }

    static String envelope(String encrypted) {
        return "<xml><ToUserName><![CDATA[" + TestAccounts.GH + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
                + "]]></Encrypt></xml>";
    }

    @Test
    void weChatsSampleDecryptsToItsText() {
        MessageCrypto crypto = new MessageCrypto(Secret.of(SAMPLE_KEY), SAMPLE_APP_ID);
        assertThat(new String(crypto.decrypt(SAMPLE_ENCRYPTED), StandardCharsets.UTF_8)).isEqualTo(SAMPLE_PLAIN);
        // And the tests' encryptor is WeChat's format: it gives the sample back.
        assertThat(encrypt(SAMPLE_KEY, SAMPLE_APP_ID, SAMPLE_RANDOM.getBytes(StandardCharsets.UTF_8), SAMPLE_PLAIN))
                .isEqualTo(SAMPLE_ENCRYPTED);
    }

    /** WeChat's sample of a signed safe-mode message (Token spamtest, AppID wx2c2769f8efd9abc2, the sample key). */
    @Test
    void weChatsSampleMsgSignatureIsReproducedAndItsMessageOpened() {
        String encrypted = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2L"
                + "dJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5"
                + "VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgC"
                + "SUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9Ghg"
                + "lF2PE=";
        assertThat(RequestSignature.signatureHex("spamtest", "1409735669", "1320562132", encrypted))
                .isEqualTo("5d197aaffba7e9b25a30732f161a50dee96bd5fa");
        String xml = new String(new MessageCrypto(Secret.of(SAMPLE_KEY), "wx2c2769f8efd9abc2").decrypt(encrypted),
                StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<xml>").contains("<MsgType><![CDATA[text]]></MsgType>");
    }

    @Test
    void aMessageForAnotherAppIdOrUnderAnotherKeyIsNotOpened() {
        assertThatThrownBy(() -> new MessageCrypto(Secret.of(SAMPLE_KEY), "wx0000000000000000").decrypt(SAMPLE_ENCRYPTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted for another AppID");
        assertThatThrownBy(() -> new MessageCrypto(Secret.of(AES_KEY), SAMPLE_APP_ID).decrypt(SAMPLE_ENCRYPTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EncodingAESKey")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AES_KEY));
        assertThatThrownBy(() -> new MessageCrypto(Secret.of(SAMPLE_KEY), SAMPLE_APP_ID).decrypt("not base64!"))
                .hasMessageContaining("not Base64");
        assertThatThrownBy(() -> new MessageCrypto(Secret.of(SAMPLE_KEY), SAMPLE_APP_ID).decrypt("AAAA"))
                .hasMessageContaining("not whole AES blocks");
    }

    @Test
    void anEncryptedMessageSignedWithMsgSignatureIsAcceptedAndMapped() {
        String xml = TestAccounts.text("24602541234567890", TS, "安全模式的消息");
        HookRequest request = safePost(xml, TestAccounts.TOKEN, AES_KEY, TestAccounts.APP_ID, NOW);

        assertThat(webhook.verify(request).accepted()).isTrue();
        assertThat(webhook.deliveryId(request)).isEqualTo("24602541234567890");
        IngestBatch batch = webhook.map(new Delivery(1, "wechat", "brand", "d", Map.of(), request.body(), NOW));
        Interaction in = batch.interactions().get(0);
        assertThat(in.text()).isEqualTo("安全模式的消息");
        assertThat(in.raw()).as("the decrypted message is kept").isEqualTo(xml);
    }

    @Test
    void aTamperedBodyAMissingMsgSignatureOrABodyWithoutEncryptIsRefused() {
        HookRequest genuine = safePost(TestAccounts.text("1", TS, "hi"), TestAccounts.TOKEN, AES_KEY, TestAccounts.APP_ID, NOW);
        Map<String, String> query = new HashMap<>();
        genuine.query().forEach((k, v) -> query.put(k, v.get(0)));

        // Another message under the genuine signatures (a fresh nonce for each, so the replay memory is not what refuses).
        String other = encrypt(AES_KEY, TestAccounts.APP_ID, new byte[16], TestAccounts.text("2", TS, "forged"));
        Map<String, String> tampered = resign(query, "111");
        Verdict forged = webhook.verify(TestAccounts.post(tampered, envelope(other), NOW));
        assertThat(forged.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(forged.reason()).contains("msg_signature does not match");

        Map<String, String> noMsgSignature = resign(query, "222");
        noMsgSignature.remove("msg_signature");
        assertThat(webhook.verify(TestAccounts.post(noMsgSignature, envelope(other), NOW)).outcome())
                .isEqualTo(Verdict.Outcome.UNSIGNED);

        Verdict plainBody = webhook.verify(TestAccounts.post(resign(query, "333"), TestAccounts.text("3", TS, "plain"), NOW));
        assertThat(plainBody.outcome()).isEqualTo(Verdict.Outcome.FORGED);
        assertThat(plainBody.reason()).contains("no Encrypt element");
    }

    @Test
    void safeModeNeedsItsKeyAndCompatibleModeIsRefused() {
        assertThatThrownBy(() -> TestAccounts.settings(java.net.URI.create("http://127.0.0.1:9"), Map.of("mode", "safe")))
                .hasMessage("org.parley.channel.wechat-brand: encodingAesKey is missing: safe mode needs the "
                        + "EncodingAESKey of Basic Configuration > Server Configuration");
        assertThatThrownBy(() -> TestAccounts.settings(java.net.URI.create("http://127.0.0.1:9"),
                Map.of("mode", "safe", "encodingAesKey", "short")))
                .hasMessageContaining("encodingAesKey is not 43 letters or digits").hasMessageNotContaining("short");
        assertThatThrownBy(() -> TestAccounts.settings(java.net.URI.create("http://127.0.0.1:9"), Map.of("mode", "compatible")))
                .hasMessageContaining("mode 'compatible' is not supported");
    }

    /** The query signature again over a new nonce; msg_signature left as it was (for the genuine body). */
    private static Map<String, String> resign(Map<String, String> query, String nonce) {
        Map<String, String> q = new HashMap<>(query);
        q.put("nonce", nonce);
        q.put("signature", RequestSignature.signatureHex(TestAccounts.TOKEN, q.get("timestamp"), nonce));
        return q;
    }
}
