package org.parley.benchmarks.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
import org.parley.api.InteractionValidator;
import org.parley.channel.meta.internal.MentionLookup;
import org.parley.channel.meta.internal.MetaAssets;
import org.parley.channel.meta.internal.WebhookMapper;

/**
 * Parse-and-map throughput of the Meta channel: one verified webhook body of {@code entries} entries, shaped as Meta
 * batches them, through {@link WebhookMapper#map(byte[])}: bounded JSON parsing, the asset check, one-item envelopes
 * (each interaction's raw payload), identities, validation. {@code object} picks the body:
 * <ul>
 * <li>{@code page}: Facebook feed comments and replies (with the odd reaction and the Page's own reply, left out) and
 *     Messenger messages (text, photos, echoes left out, read receipts);</li>
 * <li>{@code instagram}: comments and replies (the account's own left out) and direct messages;</li>
 * <li>{@code whatsapp_business_account}: text, image, location and button messages with their contacts, and delivery
 *     statuses.</li>
 * </ul>
 * Texts mix languages, emoji and typed markup that must stay text. Instagram mentions are not in the bodies: their words
 * are read from the Graph API, which is a network call, not mapping.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.parley.benchmarks.channels.MetaMappingBenchmark}; the figure is
 * bodies per second (multiply by the items per body, printed at setup, for items per second).
 * {@code baselineParseOnly} is Jackson reading the same body into a tree, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetaMappingBenchmark {

    private static final com.fasterxml.jackson.databind.ObjectMapper BASELINE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String PAGE = "104000000000001";
    private static final String INSTAGRAM = "17841400000000001";
    private static final String PHONE_NUMBER_ID = "106540352242922";
    private static final String[] TEXTS = {
            "Hallo, mijn bestelling 48213 is nog steeds niet aangekomen. Kunnen jullie kijken waar het pakket is?",
            "Guten Tag! Ich möchte meine Adresse ändern, bevor das Paket verschickt wird. 🙏",
            "Thanks for the quick help yesterday, the replacement arrived this morning 👍 #happycustomer",
            "注文した商品がまだ届いていません。確認していただけますか？",
            "Is the shop open on Sunday? And do you still have the blue one in size M?",
            "Le colis est arrivé abîmé, voici la photo. Que faire ?",
            "Typed, not markup: <b>bold</b> & \\\"quotes\\\" and <script>alert(1)</script> stay text",
    };

    @Param({"page", "instagram", "whatsapp_business_account"})
    public String object;

    @Param({"50"})
    public int entries;

    private WebhookMapper mapper;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        mapper = new WebhookMapper("brand", new MetaAssets(PAGE, INSTAGRAM, PHONE_NUMBER_ID),
                URI.create("https://graph.facebook.com/v21.0"), "direct:parley-meta-brand-replay", new InteractionValidator(),
                MentionLookup.unavailable("the benchmark has no Graph API"));
        body = body(object, entries, Instant.now().minusSeconds(3600)).getBytes(StandardCharsets.UTF_8);
        WebhookMapper.Mapped mapped = mapper.map(body);
        if (mapped.interactions().isEmpty() || !mapped.deadLetters().isEmpty()) {
            throw new IllegalStateException("the sample body maps to " + mapped.interactions().size() + " interactions and "
                    + mapped.deadLetters().size() + " dead letters: the benchmark would not measure the usual path");
        }
        System.out.printf("%n%s body: %d bytes, %d interactions, %d items left out%n", object, body.length,
                mapped.interactions().size(), mapped.skipped());
    }

    /** The baseline of the same run: Jackson parsing the same body into a tree, with no mapping. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode baselineParseOnly() throws java.io.IOException {
        return BASELINE_JSON.readTree(body);
    }

    @Benchmark
    public WebhookMapper.Mapped parseAndMapOneBody() {
        return mapper.map(body);
    }

    static String body(String object, int n, Instant start) {
        StringBuilder json = new StringBuilder(n * 1_500).append("{\"object\":\"").append(object).append("\",\"entry\":[");
        for (int i = 0; i < n; i++) {
            long at = start.getEpochSecond() + i * 7L;
            json.append(i == 0 ? "" : ",").append(switch (object) {
                case "page" -> i % 2 == 0 ? feedEntry(i, at) : messengerEntry(i, at);
                case "instagram" -> i % 2 == 0 ? instagramCommentsEntry(i, at) : instagramMessagingEntry(i, at);
                default -> whatsappEntry(i, at);
            });
        }
        return json.append("]}").toString();
    }

    private static String text(int i) {
        return TEXTS[i % TEXTS.length];
    }

    private static String feedEntry(int i, long at) {
        String post = PAGE + "_" + (555_000_000_000_000L + i % 3);
        String postId = post.substring(post.indexOf('_') + 1);
        StringBuilder changes = new StringBuilder();
        changes.append(feedComment(post, postId + "_" + (900_000_000_000_000L + i), post, "70000000000" + (i % 17),
                "Customer " + (i % 17), text(i), at));
        if (i % 4 == 0) {
            changes.append(',').append(feedComment(post, postId + "_" + (901_000_000_000_000L + i),
                    postId + "_" + (900_000_000_000_000L + i), "70000000000" + (i % 13), "Other " + (i % 13), text(i + 3), at + 2));
        }
        if (i % 5 == 0) {
            changes.append(",{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"7000000000099\",\"name\":\"Liker\"},"
                    + "\"post_id\":\"").append(post).append("\",\"created_time\":").append(at)
                    .append(",\"item\":\"reaction\",\"parent_id\":\"").append(post)
                    .append("\",\"reaction_type\":\"love\",\"verb\":\"add\"}}");
        }
        if (i % 6 == 0) {
            changes.append(',').append(feedComment(post, postId + "_" + (902_000_000_000_000L + i),
                    postId + "_" + (900_000_000_000_000L + i), PAGE, "Acme", "Thanks, we sent you a message.", at + 5));
        }
        return "{\"id\":\"" + PAGE + "\",\"time\":" + (at + 10) + ",\"changes\":[" + changes + "]}";
    }

    private static String feedComment(String post, String commentId, String parent, String fromId, String name, String text,
                                      long at) {
        return "{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"" + fromId + "\",\"name\":\"" + name + "\"},"
                + "\"post\":{\"status_type\":\"added_photos\",\"is_published\":true,\"updated_time\":\"2025-06-15T15:08:19+0000\","
                + "\"permalink_url\":\"https://www.facebook.com/acme/posts/pfbid0" + post.hashCode() + "\","
                + "\"promotion_status\":\"inactive\",\"id\":\"" + post + "\"},\"message\":\"" + text + "\",\"post_id\":\""
                + post + "\",\"comment_id\":\"" + commentId + "\",\"created_time\":" + at + ",\"item\":\"comment\","
                + "\"parent_id\":\"" + parent + "\",\"verb\":\"add\"}}";
    }

    private static String messengerEntry(int i, long at) {
        String psid = "24000000000" + (10_000 + i % 19);
        StringBuilder events = new StringBuilder();
        events.append(messagingEvent(psid, PAGE, at * 1000, "\"mid\":\"m_" + Long.toHexString(at * 31 + i) + "\",\"text\":\""
                + text(i) + "\""));
        if (i % 3 == 1) {
            events.append(',').append(messagingEvent(psid, PAGE, at * 1000 + 500, "\"mid\":\"m_" + Long.toHexString(at * 37 + i)
                    + "\",\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://scontent.xx.fbcdn.net/v/t1.15752-9/"
                    + i + "_n.jpg?_nc_cat=1&ccb=1-7&oh=00_AfB&oe=6650\"}}]"));
        }
        if (i % 7 == 3) {
            events.append(',').append(messagingEvent(PAGE, psid, at * 1000 + 900, "\"mid\":\"m_echo" + i
                    + "\",\"is_echo\":true,\"app_id\":1517776481860111,\"text\":\"We will check right away.\""));
        }
        if (i % 5 == 2) {
            events.append(",{\"sender\":{\"id\":\"").append(psid).append("\"},\"recipient\":{\"id\":\"").append(PAGE)
                    .append("\"},\"timestamp\":").append(at * 1000 + 950).append(",\"read\":{\"watermark\":")
                    .append(at * 1000 + 900).append("}}");
        }
        return "{\"id\":\"" + PAGE + "\",\"time\":" + (at * 1000 + 999) + ",\"messaging\":[" + events + "]}";
    }

    private static String messagingEvent(String sender, String recipient, long timestampMillis, String message) {
        return "{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient + "\"},\"timestamp\":"
                + timestampMillis + ",\"message\":{" + message + "}}";
    }

    private static String instagramCommentsEntry(int i, long at) {
        String media = "1790000000000" + (1000 + i % 4);
        StringBuilder changes = new StringBuilder();
        changes.append(instagramComment("1786000000" + (100_000 + i), "178000000" + (10_000 + i % 23),
                "customer_" + (i % 23), media, null, text(i)));
        if (i % 4 == 0) {
            changes.append(',').append(instagramComment("1786100000" + (100_000 + i), "178000000" + (10_000 + i % 11),
                    "friend." + (i % 11), media, "1786000000" + (100_000 + i), "@customer_" + (i % 23) + " " + text(i + 2)));
        }
        if (i % 6 == 0) {
            changes.append(',').append(instagramComment("1786200000" + (100_000 + i), INSTAGRAM, "acme", media,
                    "1786000000" + (100_000 + i), "Thank you! 💙"));
        }
        return "{\"id\":\"" + INSTAGRAM + "\",\"time\":" + at + ",\"changes\":[" + changes + "]}";
    }

    private static String instagramComment(String id, String fromId, String username, String media, String parent,
                                           String text) {
        return "{\"field\":\"comments\",\"value\":{\"from\":{\"id\":\"" + fromId + "\",\"username\":\"" + username + "\"},"
                + "\"media\":{\"id\":\"" + media + "\",\"media_product_type\":\"FEED\"},\"id\":\"" + id + "\","
                + (parent == null ? "" : "\"parent_id\":\"" + parent + "\",") + "\"text\":\"" + text + "\"}}";
    }

    private static String instagramMessagingEntry(int i, long at) {
        String igsid = "178000000" + (10_000 + i % 23);
        StringBuilder events = new StringBuilder(messagingEvent(igsid, INSTAGRAM, at * 1000,
                "\"mid\":\"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw" + i + "\",\"text\":\"" + text(i) + "\""));
        if (i % 7 == 3) {
            events.append(',').append(messagingEvent(INSTAGRAM, igsid, at * 1000 + 700,
                    "\"mid\":\"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAx" + i + "\",\"is_echo\":true,\"text\":\"Yes!\""));
        }
        return "{\"id\":\"" + INSTAGRAM + "\",\"time\":" + (at * 1000 + 999) + ",\"messaging\":[" + events + "]}";
    }

    private static String whatsappEntry(int i, long at) {
        String waId = "4915112" + (300_000 + i % 29);
        String id = "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFDNBMjM0NTY3ODkwQUJDREVG" + Integer.toHexString(100_000 + i) + "A=";
        String message = switch (i % 6) {
            case 1 -> "\"type\":\"image\",\"image\":{\"caption\":\"" + text(i) + "\",\"mime_type\":\"image/jpeg\","
                    + "\"sha256\":\"5Dd8v3CcmAq4AxKNKfInSJaHj7SmDEVuEBqCWHHcF9k=\",\"id\":\"10033834213" + (10_000 + i) + "\"}";
            case 3 -> "\"type\":\"location\",\"location\":{\"latitude\":48.2082,\"longitude\":16.3738,"
                    + "\"name\":\"Shop Vienna\",\"address\":\"Graben 1\"}";
            case 5 -> "\"type\":\"button\",\"button\":{\"payload\":\"TRACK\",\"text\":\"Track my order\"}";
            default -> "\"type\":\"text\",\"text\":{\"body\":\"" + text(i) + "\"}";
        };
        String context = i % 4 == 2 ? ",\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.HBgLMTU1NTA3ODM4ODEVAgARGBI0"
                + i + "\"}" : "";
        String statuses = i % 3 == 0 ? ",\"statuses\":[{\"id\":\"wamid.HBgLMTU1NTA3ODM4ODEVAgARGBI1" + i
                + "\",\"status\":\"delivered\",\"timestamp\":\"" + at + "\",\"recipient_id\":\"" + waId + "\","
                + "\"conversation\":{\"id\":\"CONVERSATION_ID\",\"origin\":{\"type\":\"service\"}},"
                + "\"pricing\":{\"billable\":false,\"pricing_model\":\"PMP\",\"category\":\"service\"}}]" : "";
        return "{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Customer " + (i % 29) + "\"},\"wa_id\":\"" + waId + "\"}],"
                + "\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\"," + message
                + context + "}]" + statuses + "}}]}";
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(MetaMappingBenchmark.class.getSimpleName()).build()).run();
    }
}
