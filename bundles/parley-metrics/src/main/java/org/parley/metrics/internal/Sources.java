package org.parley.metrics.internal;

import org.parley.api.ChannelStateStore;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.DeadLetterStore;
import org.parley.api.InteractionStore;
import org.parley.api.ReplyStore;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;

/**
 * The services the metrics are read from, as they are bound at one moment; any may be null: the store's services
 * while the database is not there, {@code crm} without a CRM connector, {@code refusals} without the ingress.
 */
public record Sources(ChannelStateStore states, InteractionStore interactions, CrmOutbox outbox, CrmStatus crm,
                      DeadLetterStore deadLetters, ReplyStore replies, WebhookInbox inbox,
                      WebhookRefusals refusals) {
}
