package org.parley.benchmarks.channels;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.parley.channel.bluesky.internal.NotificationMapper;

/**
 * Parse-and-map throughput of the Bluesky channel: one {@code app.bsky.notification.listNotifications} answer (a page of
 * {@code notifications} notifications, shaped as the Bluesky appview sends them) through
 * {@link NotificationMapper#mapPage(String)}: JSON parsing, the reasons kept, authors with handle and DID, thread
 * references, languages, image and link embeds, validation, and the raw payload kept per notification. The page mixes
 * what a brand account sees: mentions in several languages with facets and emoji, replies deep in threads (some with
 * photos), quotes with a link card, an author whose handle no longer verifies, typed markup that stays text, and the
 * likes, reposts and follows that an appview ignoring {@code reasons} still lists (passed over).
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.parley.benchmarks.channels.BlueskyMappingBenchmark}; the figure is
 * pages per second (multiply by {@code notifications} for notifications per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlueskyMappingBenchmark {

    private static final com.fasterxml.jackson.databind.ObjectMapper BASELINE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String BRAND = "did:plc:bloemenhuis7q2xk4";
    private static final String[][] TEXTS = {
            {"nl", "@bloemenhuis.bsky.social mijn bestelling 48213 is nog steeds niet aangekomen. Waar is het pakket?"},
            {"de", "@bloemenhuis.bsky.social Kann ich die Lieferadresse noch ändern, bevor das Paket verschickt wird? 🙏"},
            {"en", "Thanks @bloemenhuis.bsky.social for the quick help yesterday, the replacement arrived 👍 #happycustomer"},
            {"ja", "@bloemenhuis.bsky.social 注文した商品がまだ届いていません。確認していただけますか？"},
            {"en", "Is the shop open on Sunday? And do you still have the blue vase? 🌷🌷🌷"},
            {"fr", "Le colis est arrivé abîmé, voici la photo. Que faire ? @bloemenhuis.bsky.social"},
            {"en", "Typed, not markup: <b>bold</b> & \"quotes\" and <script>alert(1)</script> stay text"},
    };
    private static final String[] NOISE = {"like", "repost", "follow"};

    @Param({"40", "80"})
    public int notifications;

    private NotificationMapper mapper;
    private String page;

    @Setup(Level.Trial)
    public void setUp() {
        mapper = new NotificationMapper("bloemenhuis", "direct:parley-bluesky-bloemenhuis-replay", Clock.systemUTC());
        page = page(notifications, Instant.now().minusSeconds(3600));
        NotificationMapper.Mapped mapped = mapper.mapPage(page);
        if (mapped.interactions().isEmpty() || !mapped.deadLetters().isEmpty()) {
            throw new IllegalStateException("the sample page maps to " + mapped.interactions().size() + " interactions and "
                    + mapped.deadLetters().size() + " dead letters: the benchmark would not measure the usual path");
        }
    }

    /** The baseline of the same run: Jackson parsing the same page into a tree, with no mapping. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode baselineParseOnly() throws java.io.IOException {
        return BASELINE_JSON.readTree(page);
    }

    @Benchmark
    public NotificationMapper.Mapped parseAndMapOnePage() {
        return mapper.mapPage(page);
    }

    /** A listNotifications answer of {@code n} notifications, newest first; one in five is a like, repost or follow. */
    static String page(int n, Instant start) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("cursor", start.toEpochMilli() + "::bafyreicursor");
        ArrayNode list = root.putArray("notifications");
        for (int i = n - 1; i >= 0; i--) {
            Instant indexedAt = start.plusSeconds(i * 37L);
            String did = "did:plc:author" + (i % 23) + "x7k2q";
            ObjectNode item = list.addObject();
            ObjectNode author = item.putObject("author");
            author.put("did", did);
            author.put("handle", i % 17 == 5 ? "handle.invalid" : "customer" + (i % 23) + ".bsky.social");
            author.put("displayName", "Customer " + (i % 23) + " 🌻");
            author.put("avatar", "https://cdn.bsky.app/img/avatar/plain/" + did + "/bafkreiavatar" + i + "@jpeg");
            author.putObject("associated").put("chat", false);
            author.putObject("viewer").put("muted", false).put("blockedBy", false);
            author.putArray("labels");
            author.put("createdAt", "2024-03-01T10:00:00.000Z");
            item.put("isRead", i < n / 2);
            item.put("indexedAt", indexedAt.toString());
            item.putArray("labels");
            ObjectNode record = item.putObject("record");
            record.put("createdAt", indexedAt.minusMillis(850).toString());
            if (i % 5 == 4) {
                String reason = NOISE[i % NOISE.length];
                item.put("reason", reason);
                item.put("uri", "at://" + did + "/app.bsky." + (reason.equals("follow") ? "graph.follow" : "feed." + reason) + "/3lnoise" + i);
                item.put("cid", "bafyreinoise" + i);
                record.put("$type", reason.equals("follow") ? "app.bsky.graph.follow" : "app.bsky.feed." + reason);
                if (reason.equals("follow")) {
                    record.put("subject", BRAND);
                } else {
                    item.put("reasonSubject", "at://" + BRAND + "/app.bsky.feed.post/3lbrandpost");
                    record.putObject("subject").put("uri", "at://" + BRAND + "/app.bsky.feed.post/3lbrandpost").put("cid", "bafyreibrand");
                }
                continue;
            }
            String[] text = TEXTS[i % TEXTS.length];
            String uri = "at://" + did + "/app.bsky.feed.post/3lpost" + i + "abc";
            item.put("uri", uri);
            item.put("cid", "bafyreipost" + i + "q4z7xk2m");
            record.put("$type", "app.bsky.feed.post");
            record.put("text", text[1]);
            record.putArray("langs").add(text[0]);
            record.putArray("facets").addObject()
                    .<ObjectNode>set("index", json.createObjectNode().put("byteStart", 0).put("byteEnd", 24))
                    .putArray("features").addObject().put("$type", "app.bsky.richtext.facet#mention").put("did", BRAND);
            switch (i % 5) {
                case 1, 3 -> {
                    item.put("reason", "reply");
                    item.put("reasonSubject", "at://" + BRAND + "/app.bsky.feed.post/3lbrandanswer" + i);
                    ObjectNode reply = record.putObject("reply");
                    reply.putObject("root").put("uri", "at://did:plc:root" + (i % 7) + "/app.bsky.feed.post/3lroot" + (i % 7))
                            .put("cid", "bafyreiroot" + (i % 7));
                    reply.putObject("parent").put("uri", "at://" + BRAND + "/app.bsky.feed.post/3lbrandanswer" + i)
                            .put("cid", "bafyreibrandanswer" + i);
                    if (i % 5 == 3) {
                        ObjectNode image = record.putObject("embed").put("$type", "app.bsky.embed.images")
                                .putArray("images").addObject().put("alt", "a photo of the parcel");
                        image.putObject("image").put("$type", "blob").put("mimeType", "image/jpeg").put("size", 412_345)
                                .putObject("ref").put("$link", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aq" + (i % 10));
                        image.putObject("aspectRatio").put("width", 1600).put("height", 1200);
                    }
                }
                case 2 -> {
                    item.put("reason", "quote");
                    item.put("reasonSubject", "at://" + BRAND + "/app.bsky.feed.post/3lbrandpost");
                    ObjectNode embed = record.putObject("embed").put("$type", "app.bsky.embed.recordWithMedia");
                    embed.putObject("record").put("$type", "app.bsky.embed.record").putObject("record")
                            .put("uri", "at://" + BRAND + "/app.bsky.feed.post/3lbrandpost").put("cid", "bafyreibrand");
                    embed.putObject("media").put("$type", "app.bsky.embed.external").putObject("external")
                            .put("uri", "https://blog.example.nl/tulpen-" + i).put("title", "Tulpen").put("description", "Een verhaal");
                }
                default -> item.put("reason", "mention");
            }
        }
        root.put("priority", false);
        root.put("seenAt", start.toString());
        return root.toString();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(BlueskyMappingBenchmark.class.getSimpleName()).build()).run();
    }
}
