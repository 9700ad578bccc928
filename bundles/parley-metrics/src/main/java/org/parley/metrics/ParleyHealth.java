package org.parley.metrics;

import java.util.List;

/** Whether Parley can do its work now, and if not, every reason why (configuration {@code org.parley.health}). */
public interface ParleyHealth {

    /** Checks now: the store answers, the CRM circuit breaker is not open, no channel account and no inbox lags. */
    Readiness readiness();

    /**
     * @param reasons why Parley is not ready, one short sentence each (no message content, no secrets); empty when ready
     */
    record Readiness(List<String> reasons) {

        public Readiness {
            reasons = List.copyOf(reasons);
        }

        public boolean ready() {
            return reasons.isEmpty();
        }
    }
}
