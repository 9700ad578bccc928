package org.parley.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

/**
 * Interactions shaped like Parley's traffic: five languages, texts from a tweet to a long review (mostly short),
 * a raw payload around a kilobyte, a few thousand recurring authors, replies in threads. Seeded: every run
 * generates the same rows.
 */
final class SampleInteractions {

    private static final String[][] PHRASES = {
            {"en", "Great service, the team answered within the hour and fixed my order. "},
            {"nl", "Prima geholpen, één klacht snel opgelost en de bezorging was op tijd. "},
            {"es", "Atención rápida y amable, aunque el envío tardó más de lo prometido. "},
            {"id", "Pelayanan sangat ramah, barang sampai dengan selamat, terima kasih banyak. "},
            {"zh", "服务很好，快递也很快，下次还会再来购买，推荐给朋友们。"},
    };
    private static final InteractionKind[] KINDS = InteractionKind.values();

    private SampleInteractions() {
    }

    static List<Interaction> generate(int count, String channel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Interaction> out = new ArrayList<>(count);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String[] phrase = PHRASES[random.nextInt(PHRASES.length)];
            int repeats = random.nextInt(10) < 8 ? 1 + random.nextInt(3) : 5 + random.nextInt(20);
            String text = phrase[1].repeat(repeats);
            int author = random.nextInt(5_000);
            String id = "bench-" + seed + "-" + i;
            String raw = "{\"id\":\"" + id + "\",\"account\":{\"id\":\"" + author + "\",\"acct\":\"user" + author
                    + "@example.social\"},\"content\":\"" + text.replace("\"", "'") + "\",\"visibility\":\"public\","
                    + "\"padding\":\"" + "x".repeat(400 + random.nextInt(400)) + "\"}";
            out.add(Interaction.builder(channel, id)
                    .kind(KINDS[random.nextInt(KINDS.length)])
                    .author(new SocialIdentity(channel, "user" + author + "@example.social", "User " + author,
                            "https://example.social/@user" + author, null, null))
                    .text(text)
                    .url("https://example.social/@user" + author + "/" + id)
                    .occurredAt(start.plusSeconds(i * 7L))
                    .inReplyTo(i > 0 && random.nextInt(4) == 0 ? "bench-" + seed + "-" + random.nextInt(i) : null)
                    .language(phrase[0])
                    .metrics(new Metrics(random.nextInt(50), random.nextInt(10), random.nextInt(5)))
                    .rating(random.nextInt(5) == 0 ? 1 + random.nextInt(5) : null)
                    .raw(raw)
                    .build());
        }
        return out;
    }
}
