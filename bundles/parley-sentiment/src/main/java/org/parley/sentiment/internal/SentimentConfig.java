package org.parley.sentiment.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value SentimentService#PID} ({@code etc/org.parley.sentiment.cfg}), read by both
 * {@link SentimentService} and {@link LanguageService}. The defaults here are the only defaults;
 * {@link SentimentSettings} checks every value at activation.
 */
@ObjectClassDefinition(name = "Parley sentiment and language detection",
        description = "The default SentimentAnalyzer (lexicons and rules) and LanguageDetector (Lingua)")
public @interface SentimentConfig {

    @AttributeDefinition(name = "Languages scored",
            description = "Comma-separated BCP 47 tags whose texts get a sentiment score; each needs a lexicon in the"
                    + " bundle (en, nl, es, id, zh). Texts in other languages score 0")
    String languages() default "en,nl,es,id,zh";

    @AttributeDefinition(name = "Neutral band",
            description = "Scores closer to 0 than this are returned as 0 (neutral), from 0 to 0.9")
    double neutralBand() default 0.2;

    @AttributeDefinition(name = "Longest text analysed",
            description = "Characters of a text that are looked at; the rest is ignored (100..1000000)")
    int maxTextLength() default 10_000;

    @AttributeDefinition(name = "Detection: languages",
            description = "Comma-separated ISO 639-1 codes the detector chooses from (at least 2); each needs its Lingua"
                    + " model in the bundle: en, nl, es, id, zh, de, fr, it, pt, ja, ms")
    String detectionLanguages() default "en,nl,es,id,zh,de,fr,it,pt,ja";

    @AttributeDefinition(name = "Detection: minimum relative distance",
            description = "How far ahead the most likely language must be for an answer; closer calls are"
                    + " 'unsure' (empty). From 0 to 0.99")
    double detectionMinimumRelativeDistance() default 0.02;

    @AttributeDefinition(name = "Detection: high accuracy",
            description = "Lingua's high accuracy mode: all n-gram models (about 20 times the memory, 10 times the"
                    + " loading time) instead of trigrams only")
    boolean detectionHighAccuracy() default false;
}
