package org.parley.sentiment.internal;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link SentimentConfig} checked and parsed. Every problem is reported at once, each naming the PID, the key, the
 * value given and what is allowed.
 */
public record SentimentSettings(Set<String> languages, double neutralBand, int maxTextLength,
                                Set<String> detectionLanguages, double detectionMinimumRelativeDistance,
                                boolean detectionHighAccuracy) {

    private static final Pattern CODE = Pattern.compile("[a-z]{2}");

    /** A configuration that cannot be used; the message lists every problem. */
    public static final class InvalidConfigurationException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidConfigurationException(String pid, List<String> problems) {
            super("Configuration " + pid + " is invalid: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static SentimentSettings from(SentimentConfig c) {
        List<String> problems = new ArrayList<>();
        String pid = SentimentService.PID;

        Set<String> languages = codes(c.languages());
        if (languages.isEmpty()) {
            problems.add(problem(pid, "languages", c.languages(), "a comma-separated list of languages with a lexicon"
                    + " in this bundle, for example en,nl,es,id,zh"));
        }
        for (String l : languages) {
            if (!CODE.matcher(l).matches() || !Lexicon.exists(l)) {
                problems.add(problem(pid, "languages", c.languages(), "languages with a lexicon in this bundle (en, nl,"
                        + " es, id, zh); '" + l + "' has none"));
            }
        }
        double band = c.neutralBand();
        if (!(band >= 0 && band <= 0.9)) {
            problems.add(problem(pid, "neutralBand", band, "a number from 0 to 0.9"));
        }
        int max = c.maxTextLength();
        if (max < 100 || max > 1_000_000) {
            problems.add(problem(pid, "maxTextLength", max, "a whole number from 100 to 1000000"));
        }
        Set<String> detection = codes(c.detectionLanguages());
        if (detection.size() < 2) {
            problems.add(problem(pid, "detectionLanguages", c.detectionLanguages(), "at least 2 comma-separated ISO 639-1"
                    + " codes, for example en,nl,es,id,zh"));
        }
        for (String l : detection) {
            if (!LinguaDetector.hasModel(l)) {
                problems.add(problem(pid, "detectionLanguages", c.detectionLanguages(), "ISO 639-1 codes of languages"
                        + " whose model is in this bundle (" + String.join(", ", LinguaDetector.BUNDLED) + "); '" + l
                        + "' has none"));
            }
        }
        double distance = c.detectionMinimumRelativeDistance();
        if (!(distance >= 0 && distance <= 0.99)) {
            problems.add(problem(pid, "detectionMinimumRelativeDistance", distance, "a number from 0 to 0.99"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(pid, problems);
        }
        return new SentimentSettings(Set.copyOf(languages), band, max, Set.copyOf(detection), distance,
                c.detectionHighAccuracy());
    }

    private static Set<String> codes(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            for (String part : list.split(",")) {
                String code = part.trim().toLowerCase(Locale.ROOT);
                if (!code.isEmpty()) {
                    out.add(code);
                }
            }
        }
        return out;
    }

    private static String problem(String pid, String key, Object value, String allowed) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return pid + ": " + key + " = " + shown + " is not allowed; use " + allowed;
    }

    /** Lingua's code for an ISO 639-1 code, or null. */
    static IsoCode639_1 iso(String code) {
        try {
            return IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
