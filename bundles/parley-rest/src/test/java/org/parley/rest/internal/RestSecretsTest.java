package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.rest.TabToken;
import org.parley.rest.internal.Http.Auth;

/**
 * A scenario that uses every secret the API handles (the tab secret, tab tokens good, expired and forged, passwords
 * right and wrong) with debug logging, then every log line written by the tests and every answer is searched for
 * them. Surefire sends the tests' log to one file (see the pom).
 */
class RestSecretsTest extends ApiTestBase {

    @Test
    void noSecretReachesALogLineOrAnAnswer() throws IOException {
        String good = ApiServer.tabToken("Contacts", "c-ana", "alice");
        String expired = new TabToken("Contacts", "c-ana", "alice", ApiServer.NOW.minusSeconds(5))
                .sign(ApiServer.SECRET.getBytes(StandardCharsets.UTF_8));
        String tooLong = new TabToken("Contacts", "c-ana", "alice", ApiServer.NOW.plus(Duration.ofDays(2)))
                .sign(ApiServer.SECRET.getBytes(StandardCharsets.UTF_8));
        String forged = good.substring(0, good.indexOf('.') + 1) + "AAAA" + good.substring(good.indexOf('.') + 5);
        List<String> answers = new ArrayList<>();
        for (Auth auth : new Auth[] {Auth.bearer(good), Auth.bearer(expired), Auth.bearer(tooLong), Auth.bearer(forged),
                Auth.basic("admin", "admin-secret-pw"), Auth.basic("admin", "wrong-secret-guess"),
                Auth.basic("viewer", "viewer-secret-pw")}) {
            answers.add(get("/contacts/Contacts/c-ana", auth).body());
            answers.add(post("/interactions/mastodon/m1/replies", auth, "{\"text\":\"hi\"}").body());
        }
        fakes.failure = new IllegalStateException("boom");
        answers.add(get("/channels", ADMIN).body());

        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile",
                "target/rest-tests.log")), StandardCharsets.UTF_8);
        assertThat(log).as("the scenario logged something").contains("Tab token refused: EXPIRED");
        List<String> secrets = List.of(ApiServer.SECRET, good, expired, tooLong, forged, signature(good),
                "admin-secret-pw", "wrong-secret-guess", "viewer-secret-pw");
        for (String secret : secrets) {
            assertThat(log).as("log").doesNotContain(secret);
            assertThat(answers).as("answers").noneMatch(answer -> answer.contains(secret));
        }
    }

    private static String signature(String token) {
        return token.substring(token.indexOf('.') + 1);
    }
}
