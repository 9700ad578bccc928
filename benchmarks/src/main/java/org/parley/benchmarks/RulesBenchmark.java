package org.parley.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.RuleContext;
import org.parley.api.Rules;
import org.parley.api.InteractionStore;
import org.parley.api.LanguageDetector;
import org.parley.api.SentimentAnalyzer;
import org.parley.api.SocialIdentity;
import org.parley.rules.internal.RuleBook;
import org.parley.rules.internal.RuleBookConfig;
import org.parley.rules.internal.RuleBookSettings;
import org.parley.rules.internal.RuleSetConfig;
import org.parley.rules.internal.RuleSetFile;

/**
 * The cost of the admins' rules on the ingest path: {@link Rules#evaluate} over the same mixed corpus with no rule
 * set, and with {@code rules} generated rules (keyword lists in English, Dutch, Spanish, Indonesian and Chinese,
 * phrases, all-of lists, regular expressions, sentiment, rating and author-history conditions) in rule sets of 25,
 * in one run, single-threaded as one ingest route calls it. Prints both rates and what the rules cost per
 * interaction. Seeded: every run generates the same corpus and rules.
 *
 * <p>Usage: {@code RulesBenchmark [interactions=5000] [rules=200] [rounds=7]}.
 */
public final class RulesBenchmark {

    /** What one run measured. */
    public record Result(int interactions, int rules, double withoutPerSecond, double withPerSecond,
                         double matchedShare, double actionsPerInteraction) {

        /** Microseconds the rules add to each interaction. */
        double costMicros() {
            return 1e6 / withPerSecond - 1e6 / withoutPerSecond;
        }

        String report() {
            return String.format(Locale.ROOT, """
                    Parley rules benchmark: Rules.evaluate on %,d interactions (5 languages), one thread
                      without rules:              %,12.0f interactions/s
                      with %3d active rules:       %,12.0f interactions/s
                      cost of the rules:          %12.2f microseconds per interaction
                      interactions matched by at least one rule: %.1f %%, actions per interaction: %.2f
                    """, interactions, withoutPerSecond, rules, withPerSecond, costMicros(),
                    100 * matchedShare, actionsPerInteraction);
        }
    }

    // Vocabulary of customer messages per language: complaints, questions, praise.
    private static final Map<String, String[]> KEYWORDS = Map.of(
            "en", new String[] {"refund", "broken", "terrible", "awful", "late", "delay", "cancel", "complaint", "scam",
                "disappointed", "price", "discount", "shipping", "invoice", "warranty", "support", "manager", "love",
                "great", "thanks", "damaged", "never again", "how much", "not working"},
            "nl", new String[] {"kapot", "terugbetaling", "klacht", "slecht", "vertraging", "annuleren",
                "teleurgesteld", "prijs", "korting", "bezorging", "factuur", "garantie", "geweldig", "bedankt",
                "oplichting", "defect", "te laat", "niet tevreden", "hoeveel kost"},
            "es", new String[] {"reembolso", "roto", "terrible", "pésimo", "retraso", "cancelar", "queja", "estafa",
                "decepcionado", "precio", "descuento", "envío", "factura", "garantía", "genial", "gracias", "dañado",
                "muy mal", "cuánto cuesta"},
            "id", new String[] {"kecewa", "rusak", "parah", "lambat", "telat", "batal", "komplain", "penipuan",
                "harga", "diskon", "ongkir", "garansi", "mantap", "makasih", "gak puas", "refund", "berapa harganya"},
            "zh", new String[] {"退款", "差评", "坏了", "太慢", "投诉", "骗子", "失望", "价格", "优惠", "快递", "发票",
                "保修", "好评", "谢谢", "取消", "多少钱"});

    private static final Map<String, String[]> FILLER = Map.of(
            "en", new String[] {"I ordered last week and", "the package arrived today but", "your team said",
                "honestly", "my wife thinks", "the app keeps crashing when", "we have been customers for years,",
                "could someone tell me", "just wanted to say", "after three calls"},
            "nl", new String[] {"Ik heb vorige week besteld en", "het pakket kwam vandaag maar", "jullie klantenservice zei",
                "eerlijk gezegd", "mijn vrouw vindt", "de app loopt vast als", "we zijn al jaren klant,",
                "kan iemand me vertellen", "even laten weten dat", "na drie keer bellen"},
            "es", new String[] {"Pedí la semana pasada y", "el paquete llegó hoy pero", "su equipo me dijo",
                "la verdad", "mi esposa piensa que", "la aplicación se cierra cuando", "somos clientes desde hace años,",
                "¿alguien me puede decir", "solo quería decir que", "después de tres llamadas"},
            "id", new String[] {"aku pesan minggu lalu dan", "paketnya baru nyampe tapi", "kata CS nya",
                "jujur aja", "istriku bilang", "aplikasinya error pas", "udah langganan bertahun-tahun,",
                "ada yg bisa kasih tau", "cuma mau bilang", "udah telpon 3x"},
            "zh", new String[] {"我上周下单了", "包裹今天到了但是", "你们客服说", "说实话", "我老婆觉得",
                "应用一直闪退", "我们是多年的老客户", "有人能告诉我", "只是想说", "打了三次电话"});

    private static final String[] LANGUAGES = {"en", "nl", "es", "id", "zh"};
    private static final String[] CHANNELS = {"mastodon", "bluesky", "feeds", "mail", "telegram"};
    private static final String[] EXTRAS = {" 😡", " 👍", "!!!", "?", " 🙏", " https://example.com/o/123", "",
        " order 482913", " ×2", " ＰＬＥＡＳＥ"};

    /** Patterns admins write; on the normalised (lower-case, accent-free) text. */
    private static final String[] REGEXES = {
        "\\border ?(no|nr|#)? ?\\d{5,}\\b",
        "\\b[\\w.+-]+@[\\w-]+\\.[a-z]{2,}\\b",
        "https?:\\/\\/\\S+",
        "\\b\\d{4} ?[a-z]{2}\\b",
        "(\\d+[.,]?\\d*) ?(eur|euro|usd|\\$|€|rp|元)",
        "(.)\\1{4,}",
        "\\b(wa|whatsapp|telp|hp) ?:? ?\\+?\\d[\\d -]{7,}",
    };

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rules = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        System.out.print(run(count, rules, rounds).report());
    }

    public static Result run(int count, int ruleCount, int rounds) {
        List<Interaction> corpus = new ArrayList<>(count);
        List<RuleContext> contexts = new ArrayList<>(count);
        corpus(count, 42, corpus, contexts);

        RuleBook without = book(0);
        RuleBook with = book(ruleCount);
        if (with.active().size() != ruleCount) {
            throw new IllegalStateException("generated " + ruleCount + " rules, " + with.active().size() + " active: "
                    + with.sets().stream().flatMap(s -> s.problems().stream()).toList());
        }
        // Warm both up, then alternate rounds so that neither profits from the machine's state alone.
        for (int i = 0; i < 3; i++) {
            pass(without, corpus, contexts);
            pass(with, corpus, contexts);
        }
        double[] rateWithout = new double[rounds];
        double[] rateWith = new double[rounds];
        long actions = 0;
        for (int r = 0; r < rounds; r++) {
            rateWithout[r] = count / (pass(without, corpus, contexts)[0] / 1e9);
            long[] w = pass(with, corpus, contexts);
            rateWith[r] = count / (w[0] / 1e9);
            actions = w[1];
        }
        long matched = 0;
        for (int i = 0; i < count; i++) {
            matched += with.evaluate(corpus.get(i), contexts.get(i)).isEmpty() ? 0 : 1;
        }
        return new Result(count, ruleCount, median(rateWithout), median(rateWith), matched / (double) count,
                actions / (double) count);
    }

    /** Returns {elapsed nanos, actions}. */
    private static long[] pass(Rules rules, List<Interaction> corpus, List<RuleContext> contexts) {
        long actions = 0;
        long start = System.nanoTime();
        for (int i = 0; i < corpus.size(); i++) {
            actions += rules.evaluate(corpus.get(i), contexts.get(i)).size();
        }
        return new long[] {System.nanoTime() - start, actions};
    }

    /** A RuleBook with {@code count} generated rules, in sets of 25, as DS would build it from etc/. */
    static RuleBook book(int count) {
        // evaluate() reads neither the store nor the analyzer; a dry run would.
        SentimentAnalyzer unused = new SentimentAnalyzer() {
            public Set<String> languages() { return Set.of(); }
            public double score(String text, String language) { return 0; }
        };
        return book(count, null, unused, null);
    }

    /** The same rules over a real store, analyzer and detector: what the ingest pipeline's assessor runs. */
    static RuleBook book(int count, InteractionStore store, SentimentAnalyzer sentiment, LanguageDetector languages) {
        RuleBookSettings settings = RuleBookSettings.from(ConfigDefaults.of(RuleBookConfig.class, Map.of()));
        RuleBook book = new RuleBook(store, sentiment, languages, settings, Clock.systemUTC());
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Object> set = new HashMap<>();
        int setNo = 0;
        for (int r = 0; r < count; r++) {
            String name = "r" + r;
            set.put(name + ".when", condition(r, random));
            set.put(name + ".then", action(r, random));
            if (set.size() == 50 || r == count - 1) {
                set.put("felix.fileinstall.filename", "etc/org.parley.rules-bench" + setNo++ + ".cfg");
                book.addRuleSet(RuleSetFile.of(ConfigDefaults.of(RuleSetConfig.class, Map.of()), set, Clock.systemUTC()));
                set = new HashMap<>();
            }
        }
        return book;
    }

    private static String condition(int r, SplittableRandom random) {
        String lang = LANGUAGES[random.nextInt(LANGUAGES.length)];
        String[] words = KEYWORDS.get(lang);
        switch (r % 10) {
            case 0, 1, 2, 3, 4 -> {
                String any = "text has any of " + quoted(words, 3 + random.nextInt(4), random);
                return switch (random.nextInt(5)) {
                    case 0, 1 -> "sentiment < -0." + (1 + random.nextInt(6)) + " and " + any;
                    case 2 -> "channel in (" + CHANNELS[random.nextInt(5)] + ", " + CHANNELS[random.nextInt(5)] + ") and " + any;
                    default -> any;
                };
            }
            case 5 -> {
                return "text has phrase " + quoted(words, 1, random) + " or text has any of " + quoted(words, 2, random);
            }
            case 6 -> {
                return "text has all of " + quoted(words, 2, random) + " and not kind = direct_message";
            }
            case 7 -> {
                return "text matches /" + REGEXES[random.nextInt(REGEXES.length)] + "/";
            }
            case 8 -> {
                return "author.interactions >= " + (3 + random.nextInt(20)) + " and (sentiment > 0.5 or rating >= 4)";
            }
            default -> {
                return random.nextBoolean()
                        ? "kind = review and rating <= 2 and not text has any of " + quoted(words, 2, random)
                        : "language = " + lang + " and author.daysSinceLast > " + (7 + random.nextInt(60))
                                + " and sentiment < 0";
            }
        }
    }

    private static String action(int r, SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> "tag interaction t" + r;
            case 1 -> "tag person p" + r + "; flag for reply";
            case 2 -> "tag interaction pricing; make lead";
            case 3 -> "assign owner agent" + random.nextInt(10);
            default -> "flag for reply";
        };
    }

    private static String quoted(String[] words, int n, SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append('"').append(words[random.nextInt(words.length)]).append('"');
        }
        return out.toString();
    }

    /** Messages of a few fragments each (a tenth long, like e-mails), some with keywords, emoji, full-width text. */
    static void corpus(int count, long seed, List<Interaction> out, List<RuleContext> contexts) {
        SplittableRandom random = new SplittableRandom(seed);
        InteractionKind[] kinds = InteractionKind.values();
        for (int i = 0; i < count; i++) {
            String lang = LANGUAGES[random.nextInt(LANGUAGES.length)];
            String[] filler = FILLER.get(lang);
            String[] words = KEYWORDS.get(lang);
            StringBuilder text = new StringBuilder();
            int fragments = random.nextInt(10) == 0 ? 20 + random.nextInt(40) : 1 + random.nextInt(4);
            for (int f = 0; f < fragments; f++) {
                text.append(filler[random.nextInt(filler.length)]).append(lang.equals("zh") ? "" : " ");
                if (random.nextInt(3) == 0) {
                    String w = words[random.nextInt(words.length)];
                    text.append(random.nextInt(4) == 0 ? w.toUpperCase(Locale.ROOT) : w);
                }
                text.append(lang.equals("zh") ? "，" : ". ");
            }
            text.append(EXTRAS[random.nextInt(EXTRAS.length)]);
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            InteractionKind kind = kinds[random.nextInt(kinds.length)];
            out.add(Interaction.builder(channel, "b" + i).kind(kind).account("acme")
                    .author(SocialIdentity.of(channel, "user" + random.nextInt(2_000), null))
                    .text(text.toString()).occurredAt(NOW.minusSeconds(i * 60L))
                    .language(random.nextInt(4) == 0 ? null : lang)
                    .rating(kind == InteractionKind.REVIEW ? 1 + random.nextInt(5) : null).build());
            int seen = random.nextInt(4) == 0 ? 0 : random.nextInt(60);
            RuleContext.AuthorHistory history = seen == 0 ? RuleContext.AuthorHistory.NONE
                    : new RuleContext.AuthorHistory(seen, NOW.minus(Duration.ofDays(30 + random.nextInt(700))),
                            NOW.minus(Duration.ofHours(1 + random.nextInt(24 * 90))));
            contexts.add(new RuleContext(random.nextDouble() * 2 - 1, lang, history, NOW));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private RulesBenchmark() {
    }
}
