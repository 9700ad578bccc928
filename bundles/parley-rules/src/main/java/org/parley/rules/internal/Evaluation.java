package org.parley.rules.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.parley.api.Interaction;
import org.parley.api.InteractionValidator;
import org.parley.api.RuleContext;

/**
 * One interaction being run through rules: what every rule may ask of it, each part computed once, when the first
 * rule asks (a rule set without keywords never normalises a text).
 */
final class Evaluation {

    /** Limits on regular expressions: how long one match may run, and how much text it is given. */
    record Limits(long regexNanos, int regexMaxChars) {
    }

    final Interaction interaction;
    final RuleContext context;
    private final TermIndex index;
    private final Limits limits;
    /** Where the keywords of the rule being evaluated start in {@link #index}. */
    int offset;

    private String normalised;
    private TextForm.Words words;
    private long[] terms;
    /** Outcome of each pattern run on this interaction: true, false, or why it was stopped. */
    private Map<String, Object> regexes;
    private final String[] names = new String[Condition.NameField.values().length];
    private final boolean[] namesRead = new boolean[names.length];

    Evaluation(Interaction interaction, RuleContext context, TermIndex index, Limits limits) {
        this.interaction = interaction;
        this.context = context;
        this.index = index;
        this.limits = limits;
    }

    String text() {
        return interaction.text() == null ? "" : interaction.text();
    }

    /** The text normalised ({@link TextForm#normalise}), of at most the longest text Parley stores. */
    String normalised() {
        if (normalised == null) {
            normalised = TextForm.normalise(interaction.text(), InteractionValidator.MAX_TEXT_CHARS);
        }
        return normalised;
    }

    /** Whether the text has the keyword with this id in the rule's set. */
    boolean has(int term) {
        if (terms == null) {
            if (words == null) {
                words = TextForm.words(normalised());
            }
            terms = index.match(words);
        }
        int id = offset + term;
        return (terms[id >>> 6] & (1L << id)) != 0;
    }

    /**
     * Runs a rule's pattern over the (normalised or written) text, cut to the limit. Each distinct pattern runs once
     * per interaction, however many rules use it; a stop is remembered too, so a runaway pattern costs its time
     * limit once and still stops every rule that uses it.
     *
     * @throws TimedText.Stopped when it runs past the time limit
     */
    boolean find(Condition.Matches m) {
        Object known = regexes == null ? null : regexes.get(m.key());
        if (known instanceof Boolean b) {
            return b;
        }
        if (known instanceof String stopped) {
            throw new TimedText.Stopped(stopped);
        }
        String subject = m.asWritten() ? text() : normalised();
        if (subject.length() > limits.regexMaxChars()) {
            int end = limits.regexMaxChars();
            subject = subject.substring(0, Character.isHighSurrogate(subject.charAt(end - 1)) ? end - 1 : end);
        }
        if (regexes == null) {
            regexes = new HashMap<>();
        }
        if (m.required() != null && !subject.contains(m.required())) {
            regexes.put(m.key(), Boolean.FALSE);
            return false;
        }
        try {
            boolean found = m.pattern().matcher(new TimedText(subject, limits.regexNanos())).find();
            regexes.put(m.key(), found);
            return found;
        } catch (TimedText.Stopped e) {
            regexes.put(m.key(), e.getMessage());
            throw e;
        } catch (StackOverflowError e) {
            regexes.put(m.key(), "nested too deeply");
            throw new TimedText.Stopped("nested too deeply");
        }
    }

    /** The field in lower case (null when missing), read once per interaction however many rules test it. */
    String name(Condition.NameField field) {
        int i = field.ordinal();
        if (!namesRead[i]) {
            names[i] = field.read(this);
            namesRead[i] = true;
        }
        return names[i];
    }

    /** What "days since" is measured against: the context's time, else the interaction's. */
    Instant now() {
        if (context.now() != null) {
            return context.now();
        }
        return interaction.occurredAt() != null ? interaction.occurredAt() : Instant.now();
    }
}
