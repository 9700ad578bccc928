package org.parley.sentiment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Configurations as DS would build them, and the labelled samples. */
final class TestSupport {

    static final List<String> LANGUAGES = List.of("en", "nl", "es", "id", "zh");

    private TestSupport() {
    }

    /** A SentimentConfig with the annotation's defaults, overridden by {@code key, value} pairs. */
    static SentimentConfig config(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (SentimentConfig) Proxy.newProxyInstance(SentimentConfig.class.getClassLoader(),
                new Class<?>[] {SentimentConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> SentimentConfig.class;
                    case "toString" -> "SentimentConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    static SentimentSettings settings(Object... keyValues) {
        return SentimentSettings.from(config(keyValues));
    }

    /** One labelled sample: pos, neg or neu, and the text. */
    record Sample(String label, String text) {
    }

    static List<Sample> samples(String language) {
        return samples("/sentiment/" + language + ".tsv", language);
    }

    /** Written after the lexicons were frozen, and never used to tune them: an honest estimate. */
    static List<Sample> heldOut(String language) {
        return samples("/sentiment/heldout/" + language + ".tsv", language);
    }

    private static List<Sample> samples(String resource, String language) {
        try (InputStream in = TestSupport.class.getResourceAsStream(resource)) {
            List<Sample> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                if (f.length != 2 || !List.of("pos", "neg", "neu").contains(f[0])) {
                    throw new IllegalStateException("Bad sample line in " + language + ".tsv: " + line);
                }
                out.add(new Sample(f[0], f[1].strip()));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String label(double score) {
        return score > 0 ? "pos" : score < 0 ? "neg" : "neu";
    }
}
