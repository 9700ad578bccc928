package org.parley.sentiment.internal;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parley.api.LanguageDetector;

/**
 * Lingua, built from the given languages only, with its models loaded at once (so the first {@link #detect} does not
 * pay for them). Lingua keeps loaded models in static maps shared by its detectors in this class loader; {@link #close}
 * drops them.
 */
final class LinguaDetector implements LanguageDetector, AutoCloseable {

    /** Lingua's models in this bundle: the {@code lingua.models} property of the pom. */
    static final List<String> BUNDLED = List.of("en", "nl", "es", "id", "zh", "de", "fr", "it", "pt", "ja", "ms");

    /** Lingua's time grows with the text; the language of a post is clear from its start. */
    static final int MAX_DETECTED = 1_000;

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;

    LinguaDetector(Collection<String> codes, double minimumRelativeDistance, boolean highAccuracy) {
        Language[] languages = codes.stream().map(c -> Language.getByIsoCode639_1(SentimentSettings.iso(c)))
                .toArray(Language[]::new);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages)
                .withMinimumRelativeDistance(minimumRelativeDistance)
                .withPreloadedLanguageModels();
        if (!highAccuracy) {
            builder = builder.withLowAccuracyMode();
        }
        this.lingua = builder.build();
    }

    /** For BundleClosureIT, which builds one from the packaged bundle's classes through reflection. */
    static LanguageDetector create(String codes, double minimumRelativeDistance, boolean highAccuracy) {
        return new LinguaDetector(List.of(codes.split(",")), minimumRelativeDistance, highAccuracy);
    }

    static boolean hasModel(String code) {
        IsoCode639_1 iso = SentimentSettings.iso(code);
        return iso != null && iso != IsoCode639_1.NONE
                && Language.class.getResource("/language-models/" + code + "/unigrams.json") != null;
    }

    @Override
    public Optional<String> detect(String text) {
        String cleaned = Texts.clean(text, MAX_DETECTED);
        if (cleaned.isBlank()) {
            return Optional.empty();
        }
        Language language = lingua.detectLanguageOf(cleaned);
        if (language == Language.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        lingua.unloadLanguageModels();
    }
}
