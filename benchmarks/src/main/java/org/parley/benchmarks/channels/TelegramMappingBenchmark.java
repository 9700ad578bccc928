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
import org.parley.channel.telegram.internal.BotIdentity;
import org.parley.channel.telegram.internal.UpdateMapper;

/**
 * Parse-and-map throughput of the Telegram channel: one getUpdates answer (a page of {@code updates} updates, as the
 * Bot API sends it) through {@link UpdateMapper#mapResponse}: JSON parsing, mention detection, identity, validation
 * and the raw payload kept per update. The page mixes what a support bot sees: private messages (some in Dutch,
 * German, Chinese, with emoji), mentions in a public supergroup, replies to the bot, group chatter that is skipped,
 * photos with captions, voice messages, shared contacts and edits.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.parley.benchmarks.channels.TelegramMappingBenchmark}; the figure is
 * pages per second (multiply by {@code updates} for updates per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelegramMappingBenchmark {

    private static final com.fasterxml.jackson.databind.ObjectMapper BASELINE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final long BOT_ID = 7_012_345_678L;
    private static final String BOT = "acme_support_bot";
    private static final long GROUP = -1_001_987_654_321L;
    private static final String[] TEXTS = {
            "Hallo, mijn bestelling 48213 is nog steeds niet aangekomen. Kunt u kijken waar het pakket is?",
            "Guten Tag! Ich möchte meine Adresse ändern, bevor das Paket verschickt wird. 🙏",
            "Thanks for the quick help yesterday, the replacement arrived this morning 👍",
            "我的订单显示已送达，但我没有收到包裹。请帮忙查一下。",
            "Is the shop open on Sunday? And do you still have the blue one in size M?",
            "<b>not html</b> & \"quotes\" stay as they are",
    };

    @Param({"60"})
    public int updates;

    private UpdateMapper mapper;
    private String page;

    @Setup(Level.Trial)
    public void setUp() {
        mapper = new UpdateMapper("acme", new BotIdentity(BOT_ID, BOT), "direct:parley-telegram-acme",
                new InteractionValidator());
        page = page(updates, Instant.now().minusSeconds(3600).getEpochSecond());
        if (mapper.mapResponse(page).interactions().isEmpty()) {
            throw new IllegalStateException("the sample page maps to nothing: the benchmark would measure nothing");
        }
    }

    /** The baseline of the same run: Jackson parsing the same page into a tree, with no mapping. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode baselineParseOnly() throws java.io.IOException {
        return BASELINE_JSON.readTree(page);
    }

    @Benchmark
    public UpdateMapper.Mapped parseAndMapOnePage() {
        return mapper.mapResponse(page);
    }

    /** A getUpdates answer of {@code n} updates. */
    static String page(int n, long date) {
        StringBuilder json = new StringBuilder(n * 700).append("{\"ok\":true,\"result\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(update(873_100_000L + i, i, date + i));
        }
        return json.append("]}").toString();
    }

    private static String update(long updateId, int i, long date) {
        long userId = 294_671_000L + (i % 17);
        String from = String.format(Locale.ROOT, "{\"id\":%d,\"is_bot\":false,\"first_name\":\"User%d\",\"last_name\":\"Tester\","
                + "\"username\":\"user_%d\",\"language_code\":\"%s\"}", userId, i % 17, i % 17, new String[] {"nl", "de", "en", "zh-hans"}[i % 4]);
        String privateChat = String.format(Locale.ROOT, "{\"id\":%d,\"first_name\":\"User%d\",\"type\":\"private\"}", userId, i % 17);
        String group = "{\"id\":" + GROUP + ",\"title\":\"Acme community\",\"username\":\"acme_community\",\"type\":\"supergroup\"}";
        String text = escape(TEXTS[i % TEXTS.length]);
        String body = switch (i % 8) {
            case 0, 1, 2 -> message(1000 + i, from, privateChat, date, "\"text\":\"" + text + "\"");
            case 3 -> {
                String mention = "@" + BOT + " " + text;
                yield message(5000 + i, from, group, date, "\"text\":\"" + escape(mention) + "\",\"entities\":[{\"offset\":0,\"length\":"
                        + (BOT.length() + 1) + ",\"type\":\"mention\"}]");
            }
            case 4 -> message(5000 + i, from, group, date, "\"text\":\"" + text + "\",\"reply_to_message\":{\"message_id\":"
                    + (4000 + i) + ",\"from\":{\"id\":" + BOT_ID + ",\"is_bot\":true,\"first_name\":\"Acme Support\",\"username\":\""
                    + BOT + "\"},\"chat\":" + group + ",\"date\":" + (date - 60) + ",\"text\":\"How can we help?\"},"
                    + "\"message_thread_id\":" + (3900 + i));
            case 5 -> message(5000 + i, from, group, date, "\"text\":\"anyone watching the match tonight?\"");
            case 6 -> message(1000 + i, from, privateChat, date, "\"photo\":[{\"file_id\":\"AgACAgQAAxkBAAI" + i
                    + "\",\"file_unique_id\":\"AQAD" + i + "\",\"width\":1280,\"height\":960,\"file_size\":154210}],"
                    + "\"caption\":\"" + text + "\"");
            default -> message(1000 + i, from, privateChat, date, i % 16 == 7
                    ? "\"contact\":{\"phone_number\":\"31612345678\",\"first_name\":\"User\",\"user_id\":" + userId + "}"
                    : "\"voice\":{\"duration\":37,\"mime_type\":\"audio/ogg\",\"file_id\":\"AwACAgQ" + i + "\",\"file_size\":48211}");
        };
        String type = i % 20 == 19 ? "edited_message" : "message";
        return "{\"update_id\":" + updateId + ",\"" + type + "\":" + body + "}";
    }

    private static String message(long messageId, String from, String chat, long date, String content) {
        return "{\"message_id\":" + messageId + ",\"from\":" + from + ",\"chat\":" + chat + ",\"date\":" + date + "," + content + "}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(TelegramMappingBenchmark.class.getSimpleName()).build()).run();
    }
}
