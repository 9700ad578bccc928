package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.channel.testkit.ParleyHarness;

/**
 * Nothing a request carries reaches the log: not its body, not its signature, not the channel's verify token, for
 * refused, failed and accepted requests alike. Every log line of the tests lands in one file (see the pom).
 */
class IngressSecretsTest {

    static final String MARKER = "PRIVATE-BODY-TEXT-4f9a";

    @TempDir
    Path work;

    @Test
    void noBodySignatureOrTokenIsLogged() throws Exception {
        List<String> signatures = new ArrayList<>();
        try (IngressHarness ingress = new IngressHarness(work)) {
            ingress.register("acme");
            ingress.startWorker();
            byte[] body = IngressHarness.event("s1", MARKER);
            String now = Long.toString(System.currentTimeMillis() / 1000);

            String forged = HookTestEndpoint.sign(now, "n1", "other".getBytes(StandardCharsets.UTF_8));
            signatures.add(forged);
            ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", now, "X-Hook-Nonce", "n1", "X-Hook-Signature", forged);
            String stale = HookTestEndpoint.sign("1000", "n2", body);
            signatures.add(stale);
            ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", "1000", "X-Hook-Nonce", "n2", "X-Hook-Signature", stale);
            ingress.post(ingress.hookPath("acme"), body);
            ingress.get(ingress.hookPath("acme") + "?hub.mode=subscribe&hub.verify_token=" + HookTestEndpoint.VERIFY_TOKEN
                    + "x&hub.challenge=c");
            ingress.storeDown.set(true);
            ingress.postSigned("acme", body);
            ingress.storeDown.set(false);
            String accepted = HookTestEndpoint.sign(now, "n3", body);
            signatures.add(accepted);
            ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", now, "X-Hook-Nonce", "n3", "X-Hook-Signature", accepted);
            await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 1);
        }

        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
        assertThat(log).contains("refused FORGED request").contains("refused STALE request").contains("(503");
        assertThat(log).doesNotContain(MARKER).doesNotContain(HookTestEndpoint.VERIFY_TOKEN)
                .doesNotContain(HookTestEndpoint.SECRET);
        for (String signature : signatures) {
            assertThat(log).doesNotContain(signature.substring("sha256=".length()));
        }
    }
}
