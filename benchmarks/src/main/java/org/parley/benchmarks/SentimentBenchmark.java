package org.parley.benchmarks;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.parley.sentiment.internal.LanguageService;
import org.parley.sentiment.internal.SentimentConfig;
import org.parley.sentiment.internal.SentimentService;

/**
 * Sentences per second through the default SentimentAnalyzer and LanguageDetector (parley-sentiment, with its shipped
 * configuration), over a mixed corpus of short social and CRM texts in English, Dutch, Spanish, Indonesian and Chinese,
 * and in the same run a baseline that only NFKC-normalizes, lower-cases and splits the same texts into words: the
 * least any analyzer must do, so the figures say what the lexicons and rules cost on top of it.
 *
 * <p>Usage: {@code SentimentBenchmark [jmh options]}, for example {@code -f 1 -wi 2 -i 3}; every benchmark counts one
 * operation per sentence.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SentimentBenchmark {

    /** Text and its language, as a channel would hand them over. */
    record Sample(String language, String text) {
    }

    static final List<Sample> CORPUS = List.of(
            new Sample("en", "@AcmeSupport my order still hasn't arrived after 3 weeks. This is ridiculous."),
            new Sample("en", "Shoutout to Maria from support, she fixed my issue in 5 minutes. Amazing service!"),
            new Sample("en", "Hi, what are your opening hours on Sunday?"),
            new Sample("en", "The app keeps crashing every time I try to upload a photo 😡"),
            new Sample("en", "Honestly impressed, didn't expect such good quality for this price"),
            new Sample("en", "Food was great but the service was painfully slow and the waiter was rude."),
            new Sample("en", "Can I change the delivery address for order 55102?"),
            new Sample("en", "sooooo good, ordering another one for my sister ❤️"),
            new Sample("nl", "Al drie weken wacht ik op mijn pakket en niemand weet waar het is. Belachelijk."),
            new Sample("nl", "Pakket vandaag al binnen, alles netjes verpakt. Top service!"),
            new Sample("nl", "Kan ik het bezorgadres van mijn bestelling nog wijzigen?"),
            new Sample("nl", "Zo jammer, het product ziet er mooi uit maar het werkt gewoon niet"),
            new Sample("nl", "Heel tevreden over de installatie, de monteur was netjes en op tijd"),
            new Sample("nl", "Al een uur in de wacht. Echt waardeloos."),
            new Sample("nl", "Is de prijs inclusief btw?"),
            new Sample("nl", "Niet slecht voor die prijs, ik ben positief verrast"),
            new Sample("es", "Llevo tres semanas sin internet y nadie me da una solución. Vergonzoso."),
            new Sample("es", "Muchas gracias a Lucía, me lo solucionó en cinco minutos. ¡Genial!"),
            new Sample("es", "¿Hacéis envíos a Canarias?"),
            new Sample("es", "La comida llegó fría y el repartidor fue muy maleducado. No vuelvo a pedir."),
            new Sample("es", "No está nada mal por ese precio, me ha sorprendido"),
            new Sample("es", "Hotel precioso, habitaciones limpias y un desayuno buenísimo"),
            new Sample("es", "¿Cómo restablezco mi contraseña?"),
            new Sample("es", "Qué pena, el producto es bonito pero no funciona"),
            new Sample("id", "Min, pesanan saya udah 3 minggu belum sampai juga. Parah banget."),
            new Sample("id", "Terima kasih kak Rina dari CS, masalah saya beres dalam 5 menit. Mantap!"),
            new Sample("id", "Halo kak, jam buka hari Minggu jam berapa ya?"),
            new Sample("id", "Kecewa bgt sama kualitasnya, baru dicuci sekali udah sobek."),
            new Sample("id", "Pengiriman cepat dan kualitasnya bagus. Recommended!"),
            new Sample("id", "Sayang banget, barangnya bagus tapi gak bisa dipakai"),
            new Sample("id", "Bisa kirim ke Makassar nggak?"),
            new Sample("id", "Makanannya enak banget, pelayanannya ramah, tempatnya nyaman."),
            new Sample("zh", "我的订单三个星期了还没到，太离谱了。"),
            new Sample("zh", "感谢客服小王，五分钟就帮我解决了问题，太棒了！"),
            new Sample("zh", "你好，请问周日几点开门？"),
            new Sample("zh", "外卖送到都凉了，骑手态度还很差，再也不点了。"),
            new Sample("zh", "发货快，质量好，推荐购买！"),
            new Sample("zh", "可惜，东西看着挺好看的但是根本用不了"),
            new Sample("zh", "学生有折扣吗？"),
            new Sample("zh", "酒店很漂亮，房间干净，早餐丰富"));

    private LanguageService languages;
    private SentimentService sentiment;

    @Setup
    public void setUp() {
        SentimentConfig config = ConfigDefaults.of(SentimentConfig.class, Map.of());
        languages = new LanguageService(config);
        languages.detect("warm up"); // waits for the background model load, which is not what is measured
        sentiment = new SentimentService(languages, config);
    }

    @TearDown
    public void tearDown() {
        languages.deactivate();
    }

    /** The floor: NFKC, lower case, words split out. */
    @Benchmark
    @OperationsPerInvocation(40)
    public void baselineNormalizeAndTokenize(Blackhole bh) {
        for (Sample s : CORPUS) {
            String n = Normalizer.normalize(s.text(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            int words = 0;
            boolean inWord = false;
            for (int i = 0; i < n.length(); ) {
                int cp = n.codePointAt(i);
                boolean letter = Character.isLetterOrDigit(cp);
                if (letter && !inWord) {
                    words++;
                }
                inWord = letter;
                i += Character.charCount(cp);
            }
            bh.consume(words);
        }
    }

    /** score() with the language given, as when the channel says it. */
    @Benchmark
    @OperationsPerInvocation(40)
    public void scoreLanguageGiven(Blackhole bh) {
        for (Sample s : CORPUS) {
            bh.consume(sentiment.score(s.text(), s.language()));
        }
    }

    /** score() without a language: detection first, then the lexicon of what was detected. */
    @Benchmark
    @OperationsPerInvocation(40)
    public void scoreLanguageDetected(Blackhole bh) {
        for (Sample s : CORPUS) {
            bh.consume(sentiment.score(s.text(), null));
        }
    }

    /** detect() alone (Lingua, low accuracy mode, ten languages). */
    @Benchmark
    @OperationsPerInvocation(40)
    public void detect(Blackhole bh) {
        for (Sample s : CORPUS) {
            bh.consume(languages.detect(s.text()));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .parent(new org.openjdk.jmh.runner.options.CommandLineOptions(args))
                .include(SentimentBenchmark.class.getName() + ".*")
                .build();
        new Runner(options).run();
    }
}
