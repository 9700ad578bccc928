package org.parley.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules an interaction must meet before it is stored. Each broken rule gives one precise message,
 * naming the field and the limit, so that a dead letter says what to fix.
 */
public final class InteractionValidator {

    /** Longest text kept: long-form reviews and e-mails fit; anything larger is not a conversation. */
    public static final int MAX_TEXT_CHARS = 65_536;
    public static final int MAX_ID_CHARS = 255;
    public static final int MAX_URL_CHARS = 2_048;
    public static final int MAX_MEDIA = 20;
    /** Clock skew tolerated between a channel and us before a timestamp counts as in the future. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofHours(1);

    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Clock clock;

    public InteractionValidator(Clock clock) {
        this.clock = clock;
    }

    public InteractionValidator() {
        this(Clock.systemUTC());
    }

    /** Returns the problems, empty when the interaction may be stored. */
    public List<String> problems(Interaction in) {
        List<String> problems = new ArrayList<>();
        if (isBlank(in.channel())) {
            problems.add("channel is missing");
        } else if (!CHANNEL_NAME.matcher(in.channel()).matches()) {
            problems.add("channel '" + in.channel() + "' must be lower-case letters, digits and '-', starting with a letter, at most 32 characters");
        }
        if (isBlank(in.externalId())) {
            problems.add("externalId is missing: the key is (channel, externalId)");
        } else {
            checkLength(problems, "externalId", in.externalId(), MAX_ID_CHARS);
        }
        if (in.kind() == null) {
            problems.add("kind is missing: one of " + List.of(InteractionKind.values()));
        }
        if (in.author() == null || isBlank(in.author().handle())) {
            problems.add("author.handle is missing");
        } else {
            checkLength(problems, "author.handle", in.author().handle(), MAX_ID_CHARS);
        }
        if (isBlank(in.text()) && in.media().isEmpty()) {
            problems.add("text is empty and there is no media");
        }
        if (in.text() != null && in.text().length() > MAX_TEXT_CHARS) {
            problems.add("text has " + in.text().length() + " characters, over the limit of " + MAX_TEXT_CHARS);
        }
        if (in.media().size() > MAX_MEDIA) {
            problems.add("media has " + in.media().size() + " links, over the limit of " + MAX_MEDIA);
        }
        in.media().forEach(m -> checkLength(problems, "media link", m, MAX_URL_CHARS));
        checkLength(problems, "url", in.url(), MAX_URL_CHARS);
        checkLength(problems, "account", in.account(), MAX_ID_CHARS);
        checkLength(problems, "inReplyTo", in.inReplyTo(), MAX_ID_CHARS);
        checkLength(problems, "threadId", in.threadId(), MAX_ID_CHARS);
        if (in.occurredAt() == null) {
            problems.add("occurredAt is missing");
        } else {
            Instant latest = clock.instant().plus(MAX_FUTURE_SKEW);
            if (in.occurredAt().isAfter(latest)) {
                problems.add("occurredAt " + in.occurredAt() + " is more than " + MAX_FUTURE_SKEW.toMinutes()
                        + " minutes in the future");
            }
        }
        if (in.rating() != null && (in.rating() < 1 || in.rating() > 5)) {
            problems.add("rating " + in.rating() + " is outside 1..5");
        }
        Metrics m = in.metrics();
        if (m.likes() < 0 || m.shares() < 0 || m.replies() < 0) {
            problems.add("metrics must not be negative");
        }
        return problems;
    }

    /** Throws {@link InvalidInteractionException} listing every problem, or returns the interaction. */
    public Interaction require(Interaction in) {
        List<String> problems = problems(in);
        if (!problems.isEmpty()) {
            throw new InvalidInteractionException(problems);
        }
        return in;
    }

    private static void checkLength(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field + " has " + value.length() + " characters, over the limit of " + max);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
