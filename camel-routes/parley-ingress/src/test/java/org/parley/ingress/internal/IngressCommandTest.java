package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.channel.testkit.ParleyHarness;

/** {@code parley:ingress} over a real listener that has seen traffic. */
class IngressCommandTest {

    @TempDir
    Path work;

    @Test
    void showsTheAddressAndPerAccountCountsAndBacklog() throws Exception {
        try (IngressHarness ingress = new IngressHarness(work)) {
            ingress.register("acme");
            HookTestEndpoint gone = ingress.register("globex");
            ingress.postSigned("acme", IngressHarness.event("e1", "one"));
            ingress.postSigned("acme", IngressHarness.event("e1", "one"));
            ingress.post(ingress.hookPath("acme"), IngressHarness.event("e2", "unsigned"));
            ingress.postSigned("globex", IngressHarness.event("g1", "waits"));
            ingress.unregister(gone);
            ingress.postSigned("nobody", IngressHarness.event("x", "x"));
            ingress.startWorker();
            await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.inboxCounts("acme").pending() == 0);

            String shown = run(ingress);

            assertThat(shown).contains("Listening on " + ingress.listener.listening() + "/parley/hooks/{channel}/{account}");
            assertThat(shown).contains("1 unknown path or account (404)");
            String acme = line(shown, "acme");
            assertThat(acme.split("\\s*\\|\\s*")).containsExactly("hooktest", "acme", "open", "1", "1", "1", "0", "0", "0",
                    "0", "-", "0", "-");
            String globex = line(shown, "globex");
            assertThat(globex.split("\\s*\\|\\s*")).startsWith("hooktest", "globex", "gone", "1", "0", "0", "0", "0", "0", "1");
        }
    }

    @Test
    void saysWhatToDoWhenTheListenerIsNotRunning() {
        IngressCommand command = new IngressCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        command.execute();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("The webhook ingress is not listening");
    }

    private static String run(IngressHarness ingress) {
        IngressCommand command = new IngressCommand();
        command.stats = ingress.listener;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        command.execute();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String line(String text, String account) {
        return text.lines().filter(l -> l.contains("| " + account + " ")).findFirst().orElseThrow().trim();
    }
}
