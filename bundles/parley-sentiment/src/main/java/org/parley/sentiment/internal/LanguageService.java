package org.parley.sentiment.internal;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.api.LanguageDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link LanguageDetector}: Lingua over {@code detectionLanguages}. Parley's languages (en, nl, es, id, zh)
 * and those short texts in them are most often taken for: de (for nl), fr, it, pt (for es and en), ja (for zh: kanji
 * with kana is Japanese). Not ms by default: Malay and Indonesian share most of their words, and with Malay among the
 * candidates 6 (high accuracy mode) to 11 (low) of our first 70 Indonesian samples came out as Malay, and most were
 * "unsure" with any minimum distance;
 * without it, Malay text is reported as id and scored with the Indonesian lexicon, which knows common Malay words.
 * <p>
 * Immediate, so the models load when the bundle starts, on a thread of their own (about 0.3 s in low accuracy mode, 7 to
 * 10 s in high): activation returns at once; a {@link #detect} before the load has finished waits for it.
 */
@Component(service = LanguageDetector.class, immediate = true, configurationPid = SentimentService.PID)
public final class LanguageService implements LanguageDetector {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageService.class);

    private final CompletableFuture<LinguaDetector> detector;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    @Activate
    public LanguageService(SentimentConfig config) {
        this(SentimentSettings.from(config));
    }

    LanguageService(SentimentSettings settings) {
        detector = new CompletableFuture<>();
        Thread loader = new Thread(() -> load(settings), "parley-language-models");
        loader.setDaemon(true);
        loader.start();
    }

    private void load(SentimentSettings s) {
        long start = System.nanoTime();
        try {
            LinguaDetector d = new LinguaDetector(s.detectionLanguages(), s.detectionMinimumRelativeDistance(),
                    s.detectionHighAccuracy());
            if (!detector.complete(d)) {
                d.close(); // deactivated while loading
                return;
            }
            LOG.info("Language models loaded in {} ms: {} ({} accuracy mode)", (System.nanoTime() - start) / 1_000_000,
                    s.detectionLanguages(), s.detectionHighAccuracy() ? "high" : "low");
        } catch (RuntimeException | Error e) {
            LOG.error("Language models could not be loaded; every text's language is reported as unknown", e);
            detector.completeExceptionally(e);
        }
    }

    /** Whether the models are loaded (or failed to): {@link #detect} will not wait. */
    boolean ready() {
        return detector.isDone();
    }

    @Override
    public Optional<String> detect(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        LinguaDetector d;
        try {
            d = detector.join();
        } catch (CompletionException | CancellationException e) {
            return Optional.empty();
        }
        try {
            return d.detect(text);
        } catch (RuntimeException e) {
            // Never let a third-party failure stop the ingest of a message.
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("Language detection failed (reported once; such texts get no language)", e);
            }
            return Optional.empty();
        }
    }

    @Deactivate
    public void deactivate() {
        if (!detector.cancel(false)) {
            detector.thenAccept(LinguaDetector::close);
        }
    }
}
