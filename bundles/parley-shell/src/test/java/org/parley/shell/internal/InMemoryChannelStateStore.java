package org.parley.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;

/** Test double: channel states held in a list, in the order they were added. */
class InMemoryChannelStateStore implements ChannelStateStore {

    final List<ChannelState> states = new ArrayList<>();

    InMemoryChannelStateStore add(ChannelState state) {
        states.add(state);
        return this;
    }

    @Override
    public Optional<ChannelState> state(String channel, String account) {
        return states.stream()
                .filter(s -> s.channel().equals(channel) && Objects.equals(s.account(), account))
                .findFirst();
    }

    @Override
    public List<ChannelState> states() {
        return List.copyOf(states);
    }

    @Override
    public void recordPoll(String channel, String account, Instant at, String error) {
        throw new UnsupportedOperationException("the shell never records polls");
    }

    @Override
    public void recordBackfill(String channel, String account, String progress) {
        throw new UnsupportedOperationException("the shell never records backfills");
    }
}
