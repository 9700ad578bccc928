package org.parley.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.CoreOptions.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.awaitility.core.ConditionTimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.parley.api.Assessment;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionStore;
import org.parley.api.PersonTags;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.SocialIdentity;
import org.parley.rest.TabToken;

/**
 * The Social tab in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
 * tab-tests/) against a stock Karaf with Parley's API and tab, the real store and the Mastodon channel polling and
 * replying to a Mastodon test server: a multilingual timeline shown in a CRM's frame, tags added and removed with the
 * keyboard and found in the store, a reply posted on Mastodon and its state followed to SENT, a hostile timeline that
 * runs no script, errors as text. Then the first render for a person with 1,000 interactions is measured (reported in
 * target/tab-tests/first-render.json, not asserted). Without chromium or tab-tests/node_modules it fails and says to
 * run scripts/test-all.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TabBrowserIT {

    /** The status id of the mention TabMastodon serves (MastodonServer.statusId(2)). */
    static final String MENTION_STATUS = "113500000000002000";

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration BROWSER_PATIENCE = Duration.ofMinutes(5);
    private static final ContactRef ANA = contact("tab-ana");
    private static final ContactRef MALLORY = contact("tab-mallory");
    private static final ContactRef MANY = contact("tab-many");
    private static final int MANY_INTERACTIONS = 1000;
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext bundleContext;
    @Inject
    private InteractionStore interactions;
    @Inject
    private IdentityLinks links;
    @Inject
    private PersonTags personTags;
    @Inject
    private ReplyStore replies;

    private String baseUrl;

    @Configuration
    public Option[] config() {
        int crmPort = KarafOptions.freeLoopbackPort();
        String mastodon = TabMastodon.start();
        return OptionUtils.combine(RestKarafOptions.karafWithParleyRest(),
                features(maven("org.parley", "parley-features").classifier("features").type("xml").versionAsInProject(),
                        "parley-channel-mastodon"),
                // The CRM page the browser test plays frames the tab from this origin.
                editConfigurationFilePut("etc/org.parley.rest.cfg", "allowedFrameAncestors", "http://127.0.0.1:" + crmPort),
                editConfigurationFilePut("etc/org.parley.channel.mastodon-brand.cfg", "baseUrl", mastodon),
                editConfigurationFilePut("etc/org.parley.channel.mastodon-brand.cfg", "accessToken", TabMastodon.TOKEN),
                editConfigurationFilePut("etc/org.parley.channel.mastodon-brand.cfg", "pollInterval", "PT5S"),
                editConfigurationFilePut("etc/org.parley.channel.mastodon-brand.cfg", "backfillWindow", "P1D"),
                // Karaf installs the boot features in rounds, refreshing bundles while Pax Exam's extender waits for its
                // invoker; with the Mastodon channel too, its 10 s default ran out on a busy machine.
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"),
                systemProperty("parley.itest.crmPort").value(Integer.toString(crmPort)),
                systemProperty("parley.tab-tests").value(requiredProperty("parley.tab-tests")),
                systemProperty("project.build.directory").value(requiredProperty("project.build.directory")));
    }

    @Before
    public void tabIsUpAndThreePeopleHaveTimelines() throws Exception {
        apiAnswering();
        // The diagnostics a failed wait prints can be read in this container (and say the application is served).
        String diagnostics = WhiteboardDiagnostics.describe(bundleContext);
        assertTrue(diagnostics, diagnostics.contains("whiteboard serves application"));
        baseUrl = "http://127.0.0.1:" + whiteboardPort();
        // Ana's mention comes the real way: Parley's Mastodon channel polls the test server.
        InteractionKey mention = new InteractionKey("mastodon", MENTION_STATUS);
        Interaction fromMastodon = await().atMost(PATIENCE)
                .until(() -> interactions.find(mention).orElse(null), i -> i != null);
        if (links.linkOf("mastodon", fromMastodon.author().handle()).isEmpty()) {
            links.link("mastodon", fromMastodon.author().handle(), ANA, "itest");
            seedAna();
            seedMallory();
            seedMany();
        }
    }

    @Test
    public void theSocialTabWorksInARealBrowser() throws Exception {
        Instant expiry = Instant.now().plusSeconds(600);
        String forged = new TabToken("Contacts", ANA.id(), "alice", expiry)
                .sign("not-the-secret-but-long-enough-0123456789".getBytes(StandardCharsets.UTF_8));
        Path out = outDir();

        Run run = node("social-tab.mjs", "--out", out.toString(), "--crm-port", System.getProperty("parley.itest.crmPort"),
                baseUrl, token(ANA, expiry), token(MALLORY, expiry), token(MANY, expiry),
                token(ANA, Instant.now().minusSeconds(60)), forged);

        JsonNode report = run.json();
        Map<String, JsonNode> results = new HashMap<>();
        report.path("results").forEach(r -> results.put(r.path("name").asText(), r));
        List<String> failed = new ArrayList<>();
        results.values().stream().filter(r -> !r.path("ok").asBoolean())
                .forEach(r -> failed.add(r.path("name").asText() + ": " + r.path("error").asText()));
        assertTrue("failed in the browser:\n" + String.join("\n", failed) + "\n" + run.stderr, failed.isEmpty());
        assertEquals(run.stdout, 0, run.exit);
        assertEquals(Set.of("multilingual timeline in the CRM frame", "tags added and removed with the keyboard, persisted",
                "a reply posted on the channel, its state followed",
                "keyboard-only walk reaches every control with a visible focus", "a hostile timeline runs no script",
                "the first page only, then more on demand", "errors are readable text",
                "the token leaves the address bar; the page is not framable by other origins"), results.keySet());

        // What the page did is in the store: the tag that stayed, and the reply as Mastodon took it.
        assertTrue(personTags.tagsOf(ANA).toString(),
                personTags.tagsOf(ANA).stream().anyMatch(t -> t.name().equals("follow-up") && t.source().equals("user:crm:alice")));
        assertFalse(personTags.tagsOf(ANA).stream().anyMatch(t -> t.name().equals("trial")));
        List<Reply> sent = replies.repliesTo(List.of(new InteractionKey("mastodon", MENTION_STATUS)));
        assertEquals(sent.toString(), 1, sent.size());
        assertEquals(Reply.Status.SENT, sent.get(0).status());
        assertEquals("crm:alice", sent.get(0).requestedBy());
        assertNotNull(sent.get(0).externalId());
        JsonNode reply = results.get("a reply posted on the channel, its state followed").path("data");
        assertEquals(Long.toString(sent.get(0).id()), reply.path("reply").path("id").asText());
        assertTrue(reply.toString(), reply.path("reply").path("text").asText().contains(sent.get(0).text()));

        JsonNode shown = results.get("multilingual timeline in the CRM frame").path("data");
        assertEquals(8, shown.path("entries").asInt());
        Path screenshot = Path.of(shown.path("screenshot").asText());
        assertTrue(screenshot + " missing", Files.size(screenshot) > 10_000);
        assertEquals(8, results.get("a hostile timeline runs no script").path("data").path("entries").asInt());
    }

    /**
     * The first render for 1,000 interactions, measured, with Ana's 8 as the baseline; the figures go to
     * target/tab-tests/first-render.json and the test's output. Only that the page rendered the first page is asserted.
     */
    @Test
    public void firstRenderOfAThousandInteractionsIsMeasured() throws Exception {
        Instant expiry = Instant.now().plusSeconds(600);
        // Ana's 8 interactions are the baseline, measured in the same run.
        Run run = node("first-render.mjs", "--runs", "7", baseUrl, token(MANY, expiry), token(ANA, expiry));

        assertEquals(run.stdout + run.stderr, 0, run.exit);
        JsonNode figure = run.json();
        Files.writeString(outDir().resolve("first-render.json"), figure.toPrettyString() + "\n");
        System.out.println("Social tab first render, " + MANY_INTERACTIONS + " interactions: " + figure);
        assertEquals(7, figure.path("runs").asInt());
        // The first page, not the whole history.
        int rendered = figure.path("entriesRendered").asInt();
        assertTrue("rendered " + rendered, rendered > 0 && rendered < MANY_INTERACTIONS / 10);
        assertEquals(8, figure.path("baseline").path("entriesRendered").asInt());
    }

    // ---- the people

    private void seedAna() {
        SocialIdentity telegram = identity("telegram", "ana_tg", "Ana 🌷", null);
        SocialIdentity bluesky = identity("bluesky", "ana.bsky.social", "Ana", "https://bsky.app/profile/ana.bsky.social");
        SocialIdentity mail = identity("mail", "ana@example.org", "Ana Pérez", null);
        SocialIdentity feeds = identity("feeds", "Ana P.", "Ana P.", null);
        store("telegram", "brand", List.of(
                seeded("telegram", "t1", telegram, InteractionKind.DIRECT_MESSAGE, "nl",
                        "Mijn bestelling is nog steeds niet aangekomen. Kunnen jullie helpen?", 1, -0.5, null),
                seeded("telegram", "t2", telegram, InteractionKind.DIRECT_MESSAGE, "zh",
                        "你好，我想问一下退货政策。谢谢！𠮷野家も好きです", 4, 0.1, null)));
        store("bluesky", "brand", List.of(
                seeded("bluesky", "b1", bluesky, InteractionKind.MENTION, "es",
                        "¡Me encanta el nuevo producto! Gracias por la atención.", 2, 0.8, null),
                seeded("bluesky", "b2", bluesky, InteractionKind.REPLY, "ar", "شكرا جزيلا، الخدمة ممتازة", 5, 0.7, "b1")));
        store("mail", "brand", List.of(
                seeded("mail", "m1", mail, InteractionKind.DIRECT_MESSAGE, "id",
                        "Terima kasih, pesanan saya sudah sampai dengan baik.", 3, 0.6, null),
                seeded("mail", "m2", mail, InteractionKind.DIRECT_MESSAGE, "he",
                        "ההזמנה שלי הגיעה שבורה, אני מבקש החזר", 6, -0.7, null)));
        store("feeds", "brand", List.of(seeded("feeds", "f1", feeds, InteractionKind.REVIEW, "en",
                "Great service 👍🏽 — five stars, would buy again 😀", 7, 0.9, null)));
        for (SocialIdentity identity : List.of(telegram, bluesky, mail, feeds)) {
            links.link(identity.channel(), identity.handle(), ANA, "itest");
        }
    }

    /** Everything a channel could send that a browser might run, as text, links, names and attachments. */
    private void seedMallory() {
        SocialIdentity mallory = identity("bluesky", "mallory.example", "<img src=x onerror=alert('name')>",
                "javascript:alert('profile')");
        List<String> posts = List.of(
                "<script>alert('script')</script>",
                "<img src=x onerror=\"alert('onerror')\"> <body onload=alert('onload')>",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('svg')\"><script>alert('svg-script')</script></svg>",
                "<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>",
                "<a href=\"javascript:alert('link')\">click me</a> [x](javascript:alert('md'))",
                "\"><script>window.parleyPwned=1</script><textarea></textarea><style>*{display:none}</style>",
                "{{constructor.constructor('alert(1)')()}} ${alert('template')}",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>");
        List<String> urls = List.of("javascript:alert('url')", "data:text/html,<script>alert('data')</script>",
                "vbscript:msgbox(1)", "JaVaScRiPt:alert('case')", " javascript:alert('space')", "//evil.example/x",
                "https://example.org/ok", "file:///etc/passwd");
        List<Interaction> hostile = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            hostile.add(Interaction.builder("bluesky", "x" + i).kind(InteractionKind.MENTION).account("brand")
                    .author(mallory).text(posts.get(i)).url(urls.get(i))
                    .media(List.of("javascript:alert('media')", "data:image/svg+xml,<svg onload=alert('m')>"))
                    .occurredAt(T0.minus(Duration.ofHours(i))).threadId("x0").inReplyTo(i == 0 ? null : "x0").build());
        }
        interactions.store(new IngestBatch("bluesky", "brand", hostile, List.of(), null));
        links.link("bluesky", mallory.handle(), MALLORY, "itest");
    }

    private void seedMany() {
        SocialIdentity many = identity("bluesky", "many.bsky.social", "Many", "https://bsky.app/profile/many.bsky.social");
        List<Interaction> batch = new ArrayList<>();
        Map<InteractionKey, Assessment> assessed = new HashMap<>();
        for (int i = 0; i < MANY_INTERACTIONS; i++) {
            Interaction in = Interaction.builder("bluesky", "many-" + i).kind(i % 4 == 0 ? InteractionKind.REPLY
                            : InteractionKind.MENTION).account("brand").author(many)
                    .text("Post " + i + ": " + List.of("love it", "where is my parcel?", "meh", "¡genial!", "太好了").get(i % 5))
                    .url("https://bsky.app/profile/many.bsky.social/post/" + i)
                    .occurredAt(T0.minus(Duration.ofHours(7L * i))).build();
            batch.add(in);
            assessed.put(in.key(), new Assessment("en", true, ((i * 37) % 200 - 100) / 100.0, List.of()));
        }
        interactions.store(new IngestBatch("bluesky", "brand", batch, List.of(), null).assessed(assessed));
        links.link("bluesky", many.handle(), MANY, "itest");
    }

    /** An interaction as the ingest pipeline would have stored it: with its language and sentiment. */
    private record Seed(Interaction interaction, double sentiment) {
    }

    private void store(String channel, String account, List<Seed> seeds) {
        Map<InteractionKey, Assessment> assessed = seeds.stream().collect(Collectors.toMap(s -> s.interaction().key(),
                s -> new Assessment(s.interaction().language(), false, s.sentiment(), List.of())));
        interactions.store(new IngestBatch(channel, account, seeds.stream().map(Seed::interaction).toList(), List.of(),
                null).assessed(assessed));
    }

    private static Seed seeded(String channel, String id, SocialIdentity author, InteractionKind kind,
                               String language, String text, int daysAgo, double sentiment, String inReplyTo) {
        return new Seed(Interaction.builder(channel, id).kind(kind).account("brand").author(author).text(text)
                .language(language).url("https://example.org/" + channel + "/" + id)
                .occurredAt(T0.minus(Duration.ofDays(daysAgo))).inReplyTo(inReplyTo).threadId(inReplyTo).build(),
                sentiment);
    }

    // ---- running the browser

    private record Run(int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            String[] lines = stdout.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    /** Runs one of tab-tests' scripts with Node; fails, saying what to do, when the browser or its driver is missing. */
    private static Run node(String script, String... args) throws Exception {
        Path tabTests = Path.of(requiredProperty("parley.tab-tests")).toAbsolutePath().normalize();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("/usr/bin/chromium is missing: run scripts/test-all, which installs Debian's chromium");
        }
        if (!Files.isDirectory(tabTests.resolve("node_modules/playwright-core"))) {
            fail(tabTests + "/node_modules is missing: run scripts/test-all, which runs npm ci there");
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(outDir(), script, ".stderr.log");
        Process process = new ProcessBuilder(command).directory(tabTests.toFile())
                .redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(BROWSER_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node " + script + " did not finish in " + BROWSER_PATIENCE);
        }
        return new Run(process.exitValue(), stdout, Files.readString(stderr));
    }

    private static Path outDir() throws IOException {
        return Files.createDirectories(Path.of(requiredProperty("project.build.directory"), "tab-tests"));
    }

    private int whiteboardPort() {
        ServiceReference<?> runtime = bundleContext.getServiceReference(
                "org.osgi.service.jakartars.runtime.JakartarsServiceRuntime");
        Object endpoint = runtime.getProperty("osgi.jakartars.endpoint");
        String first = endpoint instanceof String[] array ? array[0]
                : endpoint instanceof java.util.Collection<?> list ? String.valueOf(list.iterator().next())
                : String.valueOf(endpoint);
        return URI.create(first).getPort();
    }

    private static String token(ContactRef contact, Instant expiry) {
        return new TabToken(contact.type(), contact.id(), "alice", expiry)
                .sign(RestKarafOptions.TAB_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private static ContactRef contact(String id) {
        return new ContactRef("Contacts", id, ContactRef.Method.MANUAL, 1.0);
    }

    private static SocialIdentity identity(String channel, String handle, String name, String profileUrl) {
        return new SocialIdentity(channel, handle, name, profileUrl, null, null);
    }

    /** What the API last answered while waiting for it, for the message if it never does. */
    private volatile String lastAnswer = "(not asked yet)";

    /**
     * Waits until Karaf has installed its boot features and the API answers. In some CI boots the API answered 404
     * for good: Jetty's own 404, its contexts gone. The cause was the whiteboard's configuration written twice at boot
     * (the feature's {@code <config>} and the etc file with the test's port), which moved the running whiteboard to
     * another port, and osgitech 1.2.2 loses its contexts when it does; the feature now ships the etc file alone. If
     * the API still does not answer, the failure says what the DS runtime and the whiteboard report
     * ({@link WhiteboardDiagnostics}).
     */
    private void apiAnswering() {
        await("Karaf's BootFinished").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> bundleContext.getServiceReference("org.apache.karaf.features.BootFinished") != null);
        try {
            answering(PATIENCE);
        } catch (ConditionTimeoutException never) {
            throw new AssertionError("the API never answered GET /channels (last: " + lastAnswer + ")\n"
                    + WhiteboardDiagnostics.describe(bundleContext), never);
        }
    }

    private void answering(Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                RestClient api = RestClient.find(bundleContext);
                if (api == null) {
                    lastAnswer = "no JakartarsServiceRuntime registered";
                    return false;
                }
                RestClient.Answer answer = api.get("/channels",
                        RestClient.basic(RestKarafOptions.VIEWER, RestKarafOptions.VIEWER_PASSWORD));
                String body = answer.body() == null ? "" : answer.body();
                lastAnswer = "GET " + answer.response().uri() + " answered " + answer.status() + " "
                        + body.substring(0, Math.min(200, body.length())).replaceAll("\\s+", " ");
                return answer.status() == 200;
            } catch (Exception e) {
                lastAnswer = "GET /channels failed: " + e;
                return false;
            }
        });
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run through Maven (itests/pom.xml)");
        }
        return value;
    }
}
