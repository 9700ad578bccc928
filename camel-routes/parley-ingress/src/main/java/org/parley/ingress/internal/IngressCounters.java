package org.parley.ingress.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.parley.api.WebhookInbox;
import org.parley.ingress.Verdict;

/**
 * What the listener counted since it started: per channel account (only accounts that exist get a row, so a flood
 * of made-up paths cannot grow this map), and per listener for what is refused before an account is known.
 */
final class IngressCounters {

    /** One channel account's counts. */
    static final class Account {
        final LongAdder accepted = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder handshakes = new LongAdder();
        private final Map<Verdict.Outcome, LongAdder> refused = new EnumMap<>(Verdict.Outcome.class);

        Account() {
            for (Verdict.Outcome outcome : Verdict.Outcome.values()) {
                if (outcome != Verdict.Outcome.ACCEPTED) {
                    refused.put(outcome, new LongAdder());
                }
            }
        }

        void refused(Verdict.Outcome outcome) {
            refused.get(outcome).increment();
        }

        Map<Verdict.Outcome, Long> refused() {
            Map<Verdict.Outcome, Long> counts = new EnumMap<>(Verdict.Outcome.class);
            refused.forEach((outcome, n) -> counts.put(outcome, n.sum()));
            return counts;
        }
    }

    final LongAdder tooLarge = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder storeFailures = new LongAdder();
    private final Map<WebhookInbox.Source, Account> accounts = new ConcurrentHashMap<>();

    /** The counts of an account that has an endpoint (the caller looked it up). */
    Account of(WebhookInbox.Source source) {
        return accounts.computeIfAbsent(source, s -> new Account());
    }

    Map<WebhookInbox.Source, Account> accounts() {
        return Map.copyOf(accounts);
    }
}
