package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.rest.TabToken;
import org.parley.rest.TabTokenException;

/**
 * The same vectors on both sides (src/test/resources/tab-token-vectors.json): the package's PHP signer makes exactly the
 * expected tokens, Parley's Java {@link TabToken#verify} accepts them, and every tampered, foreign or expired token is
 * refused by Java and by the PHP verifier alike.
 */
class TabTokenVectorsTest {

    private static JsonNode vectors;
    private static JsonNode php;
    private static Instant now;
    private static Duration maxLifetime;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TabTokenVectorsTest.class.getResourceAsStream("/tab-token-vectors.json")) {
            vectors = Php.JSON.readTree(in);
        }
        now = Instant.ofEpochSecond(vectors.get("now").asLong());
        maxLifetime = Duration.ofSeconds(vectors.get("maxLifetimeSeconds").asLong());
        Path file = Path.of(TabTokenVectorsTest.class.getResource("/tab-token-vectors.json").getPath());
        php = Php.script("vectors.php", null, Php.packageSources().toString(), file.toString());
    }

    @Test
    void theVectorsCoverEveryCase() {
        assertThat(vectors.get("valid")).hasSizeGreaterThanOrEqualTo(5);
        List<String> reasons = new ArrayList<>();
        vectors.get("refused").forEach(v -> reasons.add(v.get("reason").asText()));
        assertThat(reasons).contains("BAD_SIGNATURE", "EXPIRED", "LIFETIME_TOO_LONG", "MALFORMED");
        // The tokens exercise both base64url-only characters.
        assertThat(vectors.get("valid").toString()).contains("-").contains("_");
    }

    @Test
    void javaSignsTheExpectedTokens() {
        for (JsonNode v : vectors.get("valid")) {
            assertThat(claims(v).sign(secret(v))).as(v.get("name").asText()).isEqualTo(v.get("token").asText());
        }
    }

    @Test
    void phpSignsExactlyTheExpectedTokens() {
        for (JsonNode v : vectors.get("valid")) {
            String name = v.get("name").asText();
            assertThat(php.get("signed").path(name).asText(null)).as(name).isEqualTo(v.get("token").asText());
        }
    }

    @Test
    void javaAcceptsThePhpTokensWithTheirClaims() {
        for (JsonNode v : vectors.get("valid")) {
            String name = v.get("name").asText();
            TabToken verified = TabToken.verify(php.get("signed").get(name).asText(), secret(v), nowFor(v), maxLifetime);
            assertThat(verified).as(name).isEqualTo(claims(v));
        }
    }

    @Test
    void phpAcceptsTheValidTokens() {
        for (JsonNode v : vectors.get("valid")) {
            String name = v.get("name").asText();
            assertThat(php.get("verified").path(name).asText()).as(name).isEqualTo("ok");
        }
    }

    @Test
    void javaRefusesTamperedForeignAndExpiredTokens() {
        for (JsonNode v : vectors.get("refused")) {
            String name = v.get("name").asText();
            Instant at = Instant.ofEpochSecond(v.get("now").asLong());
            assertThatThrownBy(() -> TabToken.verify(v.get("token").asText(), secret(v), at, maxLifetime))
                    .as(name)
                    .isInstanceOfSatisfying(TabTokenException.class,
                            e -> assertThat(e.reason().name()).as(name).isEqualTo(v.get("reason").asText()));
        }
    }

    @Test
    void phpRefusesTheSameTokens() {
        for (JsonNode v : vectors.get("refused")) {
            String name = v.get("name").asText();
            String outcome = php.get("refused").path(name).asText("missing");
            assertThat(outcome).as(name).isNotIn("accepted", "missing");
            assertThat(outcome).as("%s: the message never repeats the secret", name)
                    .doesNotContain(v.get("secret").asText());
        }
    }

    @Test
    void aValidTokenStopsAtItsExpiry() {
        JsonNode v = vectors.get("valid").get(0);
        Instant expiry = Instant.ofEpochSecond(v.get("expiresAt").asLong());
        String token = v.get("token").asText();
        assertThat(TabToken.verify(token, secret(v), expiry.minusSeconds(1), maxLifetime).contactId())
                .isEqualTo(v.get("contactId").asText());
        assertThatThrownBy(() -> TabToken.verify(token, secret(v), expiry, maxLifetime))
                .isInstanceOfSatisfying(TabTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TabTokenException.Reason.EXPIRED));
    }

    /** The vector's own "now" if it has one, else the file's. */
    private static Instant nowFor(JsonNode v) {
        return v.has("now") ? Instant.ofEpochSecond(v.get("now").asLong()) : now;
    }

    private static TabToken claims(JsonNode v) {
        return new TabToken(v.get("contactType").asText(), v.get("contactId").asText(), v.get("crmUser").asText(),
                Instant.ofEpochSecond(v.get("expiresAt").asLong()));
    }

    private static byte[] secret(JsonNode v) {
        return v.get("secret").asText().getBytes(StandardCharsets.UTF_8);
    }
}
