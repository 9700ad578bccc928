package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Cursors and poll outcomes per channel account. Cursors are written with their batch ({@link InteractionStore#store}). */
public interface ChannelStateStore {

    Optional<ChannelState> state(String channel, String account);

    List<ChannelState> states();

    /** Records a poll: {@code error} null for a success, else what went wrong (no secrets, no message content). */
    void recordPoll(String channel, String account, Instant at, String error);

    /** Records how a backfill of the account's recent history stands: a short text, no message content. */
    void recordBackfill(String channel, String account, String progress);
}
