package org.parley.benchmarks.channels;

import java.time.Instant;
import java.util.Locale;
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
import org.parley.channel.mastodon.internal.MastodonMapper;

/**
 * Parse-and-map throughput of the Mastodon channel: one {@code GET /api/v1/notifications?types[]=mention} answer (a page
 * of {@code notifications} notifications, shaped as Mastodon 4 sends them) through {@link MastodonMapper#map(String)}:
 * JSON parsing, status HTML to plain text, handles, kinds, validation and the raw payload kept per notification. The
 * page mixes what a brand account sees: public mentions in several languages (with emoji, links shortened by
 * Mastodon's invisible spans, hashtags, content warnings), replies in threads, direct messages, followers-only posts,
 * statuses with image attachments, typed markup that must stay text, and the odd favourite a server that ignores
 * {@code types[]} still sends.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.parley.benchmarks.channels.MastodonMappingBenchmark}; the figure is
 * pages per second (multiply by {@code notifications} for notifications per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MastodonMappingBenchmark {

    private static final com.fasterxml.jackson.databind.ObjectMapper BASELINE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String DOMAIN = "social.example";
    private static final String[][] TEXTS = {
            {"nl", "Hallo, mijn bestelling 48213 is nog steeds niet aangekomen. Kunnen jullie kijken waar het pakket is?"},
            {"de", "Guten Tag! Ich möchte meine Adresse ändern, bevor das Paket verschickt wird. 🙏"},
            {"en", "Thanks for the quick help yesterday, the replacement arrived this morning 👍 #happycustomer"},
            {"ja", "注文した商品がまだ届いていません。確認していただけますか？"},
            {"en", "Is the shop open on Sunday? And do you still have the blue one in size M?"},
            {"fr", "Le colis est arrivé abîmé, voici la photo. Que faire ?"},
            {"en", "Typed, not markup: <b>bold</b> & \"quotes\" and <script>alert(1)</script> stay text"},
    };

    @Param({"40", "80"})
    public int notifications;

    private MastodonMapper mapper;
    private String page;

    @Setup(Level.Trial)
    public void setUp() {
        mapper = new MastodonMapper("brand", DOMAIN, "direct:parley-mastodon-brand", new InteractionValidator());
        page = page(notifications, Instant.now().minusSeconds(3600));
        MastodonMapper.Mapped mapped = mapper.map(page);
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
    public MastodonMapper.Mapped parseAndMapOnePage() {
        return mapper.map(page);
    }

    /** A notifications answer of {@code n} notifications, newest first. */
    static String page(int n, Instant start) {
        StringBuilder json = new StringBuilder(n * 3_000).append('[');
        for (int i = n - 1; i >= 0; i--) {
            json.append(i == n - 1 ? "" : ",").append(notification(i, start.plusSeconds(i * 37L)));
        }
        return json.append(']').toString();
    }

    private static String notification(int i, Instant at) {
        boolean local = i % 3 == 0;
        String user = "customer" + (i % 23);
        String host = local ? DOMAIN : "remote" + (i % 4) + ".example";
        String acct = local ? user : user + "@" + host;
        String account = String.format(Locale.ROOT, "{\"id\":\"%d\",\"username\":\"%s\",\"acct\":\"%s\",\"display_name\":"
                + "\"Customer %d :blobcat:\",\"locked\":false,\"bot\":false,\"discoverable\":true,\"group\":false,"
                + "\"created_at\":\"2023-02-11T00:00:00.000Z\",\"note\":\"<p>Just a customer.</p>\",\"url\":\"https://%s/@%s\","
                + "\"uri\":\"https://%s/users/%s\",\"avatar\":\"https://files.%s/accounts/avatars/%d/original/a.png\","
                + "\"avatar_static\":\"https://files.%s/accounts/avatars/%d/original/a.png\",\"header\":\"https://%s/headers/original/missing.png\","
                + "\"header_static\":\"https://%s/headers/original/missing.png\",\"followers_count\":%d,\"following_count\":%d,"
                + "\"statuses_count\":%d,\"last_status_at\":\"2026-11-20\",\"emojis\":[],\"fields\":[]}",
                10_000 + i % 23, user, acct, i % 23, host, user, host, user, host, i % 23, host, i % 23, host, host,
                i * 7, i * 3, i * 11);
        String[] text = TEXTS[i % TEXTS.length];
        String statusId = String.valueOf(113_500_000_000_000_000L + i * 1_000L);
        String visibility = switch (i % 9) {
            case 2 -> "direct";
            case 5 -> "private";
            case 7 -> "unlisted";
            default -> "public";
        };
        String inReplyTo = i % 4 == 1 ? "\"" + (113_400_000_000_000_000L + i) + "\"" : "null";
        String spoiler = i % 10 == 6 ? "delivery complaint" : "";
        String media = i % 6 == 5
                ? "[{\"id\":\"" + (22_000_000 + i) + "\",\"type\":\"image\",\"url\":\"https://files." + host
                        + "/media_attachments/files/" + i + "/original/photo.jpeg\",\"preview_url\":\"https://files." + host
                        + "/media_attachments/files/" + i + "/small/photo.jpeg\",\"remote_url\":null,\"description\":"
                        + "\"the damaged parcel\",\"blurhash\":\"UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}\","
                        + "\"meta\":{\"original\":{\"width\":1280,\"height\":960}}}]"
                : "[]";
        String content = "<p><span class=\\\"h-card\\\" translate=\\\"no\\\"><a href=\\\"https://" + DOMAIN
                + "/@brand\\\" class=\\\"u-url mention\\\">@<span>brand</span></a></span> " + html(text[1]) + "</p>"
                + (i % 2 == 0 ? "<p>Order details: <a href=\\\"https://shop.example/orders/48213?utm_source=mastodon\\\" "
                        + "rel=\\\"nofollow noopener\\\" target=\\\"_blank\\\"><span class=\\\"invisible\\\">https://</span>"
                        + "<span class=\\\"ellipsis\\\">shop.example/orders/48213?ut</span><span class=\\\"invisible\\\">"
                        + "m_source=mastodon</span></a><br />Sent from my phone</p>" : "");
        String status = String.format(Locale.ROOT, "{\"id\":\"%s\",\"created_at\":\"%s\",\"in_reply_to_id\":%s,"
                + "\"in_reply_to_account_id\":null,\"sensitive\":%s,\"spoiler_text\":\"%s\",\"visibility\":\"%s\","
                + "\"language\":\"%s\",\"uri\":\"https://%s/users/%s/statuses/%s\",\"url\":\"https://%s/@%s/%s\","
                + "\"replies_count\":%d,\"reblogs_count\":%d,\"favourites_count\":%d,\"edited_at\":null,\"content\":\"%s\","
                + "\"reblog\":null,\"application\":{\"name\":\"Web\",\"website\":null},\"account\":%s,"
                + "\"media_attachments\":%s,\"mentions\":[{\"id\":\"1\",\"username\":\"brand\",\"url\":\"https://%s/@brand\","
                + "\"acct\":\"brand\"}],\"tags\":[],\"emojis\":[],\"card\":null,\"poll\":null}",
                statusId, at, inReplyTo, !spoiler.isEmpty(), spoiler, visibility, text[0], host, user, statusId, host, user,
                statusId, i % 3, i % 5, i % 11, content, account, media, DOMAIN);
        String type = i % 25 == 24 ? "favourite" : "mention";
        return "{\"id\":\"" + (99_000_000L + i) + "\",\"type\":\"" + type + "\",\"created_at\":\"" + at + "\",\"account\":"
                + account + ",\"status\":" + status + "}";
    }

    /** Text as Mastodon renders it in JSON: HTML-escaped, then JSON-escaped. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(MastodonMappingBenchmark.class.getSimpleName()).build()).run();
    }
}
