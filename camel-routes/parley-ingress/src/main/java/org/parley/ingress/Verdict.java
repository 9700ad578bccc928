package org.parley.ingress;

/**
 * The signature check's answer. Everything but {@code ACCEPTED} is refused (401 for {@code UNSIGNED}, 403 for the
 * rest), counted per channel and account, and never stored.
 *
 * @param outcome what was found
 * @param reason  why, for the count and the log (never a secret or the signature itself)
 */
public record Verdict(Outcome outcome, String reason) {

    public enum Outcome { ACCEPTED, UNSIGNED, FORGED, STALE, REPLAYED }

    public static final Verdict ACCEPTED = new Verdict(Outcome.ACCEPTED, null);

    public static Verdict refused(Outcome outcome, String reason) {
        return new Verdict(outcome, reason);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
