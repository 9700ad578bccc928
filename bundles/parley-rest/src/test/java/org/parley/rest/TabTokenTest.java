package org.parley.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The tab token format. The vectors were computed with openssl (HMAC-SHA256, base64url without padding), not with
 * this class, so that the CRM package's PHP can be checked against the same ones.
 */
class TabTokenTest {

    static final byte[] SECRET = "parley-test-secret-0123456789-abcdefghij".getBytes(StandardCharsets.UTF_8);
    static final Instant EXPIRY = Instant.ofEpochSecond(1_800_000_000L);
    static final Instant NOW = EXPIRY.minus(Duration.ofMinutes(10));
    static final Duration LIFETIME = Duration.ofMinutes(15);

    /** printf 'v1|Contacts|7d3c...abcd|alice|1800000000' | openssl dgst -sha256 -hmac SECRET -binary | base64url */
    static final String VECTOR_CONTACT = "djF8Q29udGFjdHN8N2QzYzFjNGUtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDBhYmNkfGFsaWNlfDE4MDAwMDAwMDA"
            + ".XvEasMn8cJz_XVuZdRg48KEZkL6aI66ntvQPh0GYsxc";
    /** The same for a lead and a CRM user name outside ASCII: the payload is UTF-8. */
    static final String VECTOR_LEAD = "djF8TGVhZHN8NDJ8Sm9zw6kgTsO6w7FlenwxODAwMDAwMDAw"
            + ".ih8c-HlHGRJyRXikRfVXdLqgFr524uN45LD5wnY8GkY";

    @Test
    void signsExactlyAsTheDocumentedFormula() {
        assertThat(new TabToken("Contacts", "7d3c1c4e-0000-4000-8000-00000000abcd", "alice", EXPIRY).sign(SECRET))
                .isEqualTo(VECTOR_CONTACT);
        assertThat(new TabToken("Leads", "42", "José Núñez", EXPIRY).sign(SECRET)).isEqualTo(VECTOR_LEAD);
        assertThat(new TabToken("Leads", "42", "José Núñez", EXPIRY).payload()).isEqualTo("v1|Leads|42|José Núñez|1800000000");
    }

    @Test
    void verifiesTheVectors() {
        TabToken contact = TabToken.verify(VECTOR_CONTACT, SECRET, NOW, LIFETIME);
        assertThat(contact).isEqualTo(new TabToken("Contacts", "7d3c1c4e-0000-4000-8000-00000000abcd", "alice", EXPIRY));
        assertThat(TabToken.verify(VECTOR_LEAD, SECRET, NOW, LIFETIME).crmUser()).isEqualTo("José Núñez");
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        assertRefused(VECTOR_CONTACT, EXPIRY, TabTokenException.Reason.EXPIRED);
        assertRefused(VECTOR_CONTACT, EXPIRY.plusSeconds(3600), TabTokenException.Reason.EXPIRED);
        assertThat(TabToken.verify(VECTOR_CONTACT, SECRET, EXPIRY.minusSeconds(1), LIFETIME).expiresAt()).isEqualTo(EXPIRY);
    }

    @Test
    void aTokenLivingLongerThanAllowedIsRefused() {
        // 15 minutes allowed, 30 seconds for clocks that disagree.
        assertThat(TabToken.verify(VECTOR_CONTACT, SECRET, EXPIRY.minus(LIFETIME).minusSeconds(30), LIFETIME)).isNotNull();
        assertRefused(VECTOR_CONTACT, EXPIRY.minus(LIFETIME).minusSeconds(31), TabTokenException.Reason.LIFETIME_TOO_LONG);
        assertRefused(VECTOR_CONTACT, EXPIRY.minus(Duration.ofDays(365)), TabTokenException.Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void aTamperedPayloadOrSignatureOrAnotherSecretIsRefusedAsForged() {
        String[] parts = VECTOR_CONTACT.split("\\.");
        String otherContact = b64("v1|Contacts|someone-else|alice|1800000000");
        assertRefused(otherContact + "." + parts[1], NOW, TabTokenException.Reason.BAD_SIGNATURE);
        String firstChar = parts[1].startsWith("A") ? "B" : "A";
        assertRefused(parts[0] + "." + firstChar + parts[1].substring(1), NOW, TabTokenException.Reason.BAD_SIGNATURE);
        assertRefused(parts[0] + "." + parts[1].substring(0, 20), NOW, TabTokenException.Reason.BAD_SIGNATURE);
        assertThatThrownBy(() -> TabToken.verify(VECTOR_CONTACT,
                "another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8), NOW, LIFETIME))
                .isInstanceOfSatisfying(TabTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TabTokenException.Reason.BAD_SIGNATURE));
    }

    @Test
    void malformedTokensAreRefusedWithoutRepeatingThem() {
        for (String token : new String[] {"", "no-dot", "a.b.c", ".sig", "payload.", "pay load.sig", "p+y.sig",
                "x".repeat(TabToken.MAX_TOKEN_LENGTH + 1)}) {
            assertThatThrownBy(() -> TabToken.verify(token, SECRET, NOW, LIFETIME))
                    .isInstanceOfSatisfying(TabTokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TabTokenException.Reason.MALFORMED);
                        if (token.length() > 3) {
                            assertThat(e.getMessage()).doesNotContain(token);
                        }
                    });
        }
        assertThatThrownBy(() -> TabToken.verify(null, SECRET, NOW, LIFETIME)).isInstanceOf(TabTokenException.class);
    }

    @Test
    void aCorrectlySignedPayloadOfTheWrongShapeIsStillRefused() {
        for (String payload : new String[] {"v2|Contacts|1|alice|1800000000", "v1|Contacts|1|alice",
                "v1|Contacts|1|alice|soon", "v1|Contacts|1|alice|1800000000|extra", "v1||1|alice|1800000000",
                "v1|Contacts|1|al\u0000ice|1800000000"}) {
            String token = signedRaw(payload.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> TabToken.verify(token, SECRET, NOW, LIFETIME)).as(payload)
                    .isInstanceOfSatisfying(TabTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(TabTokenException.Reason.MALFORMED));
        }
        byte[] notUtf8 = {'v', '1', '|', (byte) 0xC3, (byte) 0x28, '|', '1', '|', 'a', '|', '1'};
        assertThatThrownBy(() -> TabToken.verify(signedRaw(notUtf8), SECRET, NOW, LIFETIME))
                .isInstanceOfSatisfying(TabTokenException.class,
                        e -> assertThat(e.getMessage()).contains("not UTF-8"));
    }

    @Test
    void fieldsThatWouldBreakThePayloadAreRefusedWhenSigning() {
        assertThatThrownBy(() -> new TabToken("Contacts", "a|b", "alice", EXPIRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contactId");
        assertThatThrownBy(() -> new TabToken("Contacts", "1", "", EXPIRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crmUser");
        assertThatThrownBy(() -> new TabToken("Contacts", "1", "bob\n", EXPIRY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TabToken("Contacts", "1", "bob", EXPIRY).sign("short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void expiryIsWholeSeconds() {
        TabToken token = new TabToken("Contacts", "1", "bob", EXPIRY.plusMillis(999));
        assertThat(token.expiresAt()).isEqualTo(EXPIRY);
        assertThat(TabToken.verify(token.sign(SECRET), SECRET, NOW, LIFETIME)).isEqualTo(token);
    }

    private static void assertRefused(String token, Instant now, TabTokenException.Reason reason) {
        assertThatThrownBy(() -> TabToken.verify(token, SECRET, now, LIFETIME))
                .isInstanceOfSatisfying(TabTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String signedRaw(byte[] payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
            Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
            return e.encodeToString(payload) + "." + e.encodeToString(mac.doFinal(payload));
        } catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
