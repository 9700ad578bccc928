package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.typing;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.Completer;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.DeadLetter;

class CompletersTest {

    @Test
    void channelCompleterOffersEachKnownChannelOnce() {
        InMemoryChannelStateStore states = new InMemoryChannelStateStore()
                .add(state("mastodon", "a")).add(state("mastodon", "b")).add(state("feeds", "blog"))
                .add(state("mail", "support"));
        ChannelCompleter completer = new ChannelCompleter();
        completer.channelStates = states;

        assertThat(complete(completer, "")).containsExactly("feeds", "mail", "mastodon");
        assertThat(complete(completer, "ma")).containsExactly("mail", "mastodon");
        assertThat(complete(completer, "x")).isEmpty();
    }

    @Test
    void deadLetterIdCompleterOffersPendingIdsOnly() {
        InMemoryDeadLetterStore store = new InMemoryDeadLetterStore()
                .put(deadLetter(1, null)).put(deadLetter(12, null)).put(deadLetter(2, NOW)).put(deadLetter(21, null));
        DeadLetterIdCompleter completer = new DeadLetterIdCompleter();
        completer.deadLetters = store;

        assertThat(complete(completer, "")).containsExactlyInAnyOrder("1", "12", "21");
        assertThat(complete(completer, "1")).containsExactlyInAnyOrder("1", "12");
        assertThat(complete(completer, "2")).containsExactly("21");
    }

    @Test
    void actionCompleterOffersTheSubActions() {
        DeadLetterActionCompleter completer = new DeadLetterActionCompleter();

        assertThat(complete(completer, "")).containsExactly("list", "replay", "show");
        assertThat(complete(completer, "re")).containsExactly("replay");
        assertThat(complete(completer, "s")).containsExactly("show");
    }

    private static List<String> complete(Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing(typed), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    private static ChannelState state(String channel, String account) {
        return new ChannelState(channel, account, null, NOW, NOW, null, null, 0, null);
    }

    private static DeadLetter deadLetter(long id, java.time.Instant replayedAt) {
        return new DeadLetter(id, "feeds", "blog", "bad", "{}", null, NOW.minusSeconds(id), 1, replayedAt);
    }
}
