package org.parley.sentiment.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.LanguageDetector;
import org.parley.api.SentimentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SentimentAnalyzer}: lexicons and rules ({@link Analyzer}) for the configured languages. A text
 * whose language is not given is run through the best-ranked {@link LanguageDetector} (by default
 * {@link LanguageService}); a language without a lexicon, or an unsure detection, scores 0. Scores inside the
 * neutral band are returned as 0. Safe with any input: null, empty, control characters, huge texts (only the first
 * {@code maxTextLength} characters are read). Immediate, so that a bad configuration is reported when the bundle starts.
 */
@Component(service = SentimentAnalyzer.class, immediate = true, configurationPid = SentimentService.PID)
@Designate(ocd = SentimentConfig.class)
public final class SentimentService implements SentimentAnalyzer {

    public static final String PID = "org.parley.sentiment";

    private static final Logger LOG = LoggerFactory.getLogger(SentimentService.class);

    private final LanguageDetector detector;
    private final SentimentSettings settings;
    private final Analyzer analyzer;

    @Activate
    public SentimentService(@Reference(name = "detector", policyOption = ReferencePolicyOption.GREEDY) LanguageDetector detector,
                            SentimentConfig config) {
        this(detector, SentimentSettings.from(config));
    }

    SentimentService(LanguageDetector detector, SentimentSettings settings) {
        this.detector = detector;
        this.settings = settings;
        this.analyzer = Analyzer.load(settings.languages());
        LOG.info("Sentiment analysis for {} (neutral band {})", settings.languages(), settings.neutralBand());
    }

    @Override
    public Set<String> languages() {
        return analyzer.languages();
    }

    @Override
    public double score(String text, String language) {
        String cleaned = Texts.clean(text, settings.maxTextLength());
        if (cleaned.isBlank()) {
            return 0;
        }
        String lang = primary(language);
        if (lang == null) {
            lang = detect(cleaned).orElse(null);
            if (lang == null) {
                return 0;
            }
        }
        double s = analyzer.score(cleaned, lang);
        return Math.abs(s) < settings.neutralBand() ? 0 : s;
    }

    private Optional<String> detect(String cleaned) {
        try {
            return detector.detect(cleaned);
        } catch (RuntimeException e) {
            LOG.debug("Language detection failed; scoring 0", e);
            return Optional.empty();
        }
    }

    /**
     * The primary subtag of a BCP 47 tag, lower case ("zh-Hant-TW" is zh, "EN_us" is en), the legacy "in" as "id", a
     * few ISO 639-2/3 codes as their 639-1 code; null for none, "und", "mul" and "zxx" (then the text is detected).
     */
    static String primary(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < t.length() && t.charAt(end) >= 'a' && t.charAt(end) <= 'z') {
            end++;
        }
        String p = t.substring(0, end);
        return switch (p) {
            case "", "und", "mul", "zxx", "mis" -> null;
            case "in", "ind" -> "id";
            case "eng" -> "en";
            case "nld", "dut" -> "nl";
            case "spa" -> "es";
            case "zho", "chi", "cmn" -> "zh";
            default -> p;
        };
    }
}
