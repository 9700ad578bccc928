package org.parley.channel.wechat.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.parley.api.config.Secret;

/**
 * WeChat's safe mode (安全模式): the message travels as {@code <Encrypt>}, the Base64 of AES-256-CBC over
 * {@code 16 random bytes | length (4 bytes, big-endian) | message XML | AppID}, padded PKCS#7-style to a multiple of
 * 32 bytes. The key is the Base64 of the 43-character EncodingAESKey (with {@code =} added), the IV its first 16
 * bytes. Decrypting checks the padding, the length and that the AppID at the end is this account's: a message
 * encrypted for another account is refused.
 */
final class MessageCrypto {

    private static final int BLOCK = 32;
    private static final int RANDOM_BYTES = 16;

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String appId;

    MessageCrypto(Secret encodingAesKey, String appId) {
        byte[] raw = Base64.getDecoder().decode(encodingAesKey.reveal() + "=");
        if (raw.length != 32) {
            throw new IllegalArgumentException("an EncodingAESKey decodes to 32 bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.appId = appId;
    }

    /**
     * @return the message XML inside {@code encrypted}
     * @throws IllegalArgumentException when it cannot be decrypted for this account (the reason says why, never a key)
     */
    byte[] decrypt(String encrypted) {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Encrypt element is not Base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new IllegalArgumentException("the Encrypt element is not whole AES blocks (" + cipherText.length + " bytes)");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Encrypt element cannot be decrypted: " + e.getClass().getSimpleName());
        }
        int pad = plain[plain.length - 1] & 0xFF;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new IllegalArgumentException("the decrypted message has no valid padding: is encodingAesKey the "
                    + "account's current EncodingAESKey?");
        }
        int end = plain.length - pad;
        if (end < RANDOM_BYTES + 4) {
            throw new IllegalArgumentException("the decrypted message is too short");
        }
        int length = ByteBuffer.wrap(plain, RANDOM_BYTES, 4).getInt();
        if (length < 0 || RANDOM_BYTES + 4 + length > end) {
            throw new IllegalArgumentException("the decrypted message's length field is wrong: is encodingAesKey the "
                    + "account's current EncodingAESKey?");
        }
        String forAppId = new String(plain, RANDOM_BYTES + 4 + length, end - RANDOM_BYTES - 4 - length, StandardCharsets.UTF_8);
        if (!forAppId.equals(appId)) {
            throw new IllegalArgumentException("the message was encrypted for another AppID, not " + appId);
        }
        return Arrays.copyOfRange(plain, RANDOM_BYTES + 4, RANDOM_BYTES + 4 + length);
    }
}
