package org.parley.api;

import java.time.Instant;

/** How the CRM side is doing, for {@code parley:crm} and health checks. Implemented where the outbox worker runs. */
public interface CrmStatus {

    record Snapshot(String connector, String breakerState, long delivered, long failures, String lastError,
                    Instant lastErrorAt, CrmOutbox.Stats outbox) {
    }

    Snapshot snapshot();
}
