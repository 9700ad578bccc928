package org.parley.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.metrics.internal.Doubles.NOW;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.CrmOutbox;
import org.parley.api.InteractionQuery;
import org.parley.api.Reply;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;

/** Each metric's value as read from the services' test doubles. */
class MetricsReaderTest {

    private final Doubles doubles = new Doubles();
    private MetricsReader reader = new MetricsReader(doubles::all, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void channelsCarryTheirStoredCountLagsAndWhetherTheyFail() {
        doubles.states.add(new ChannelState("telegram", "bot", "1001", NOW.minusSeconds(30), NOW.minusSeconds(3600),
                "401 Unauthorized", NOW.minusSeconds(30), 12, null));
        doubles.states.add(new ChannelState("mastodon", "brand", "109", NOW.minusSeconds(60), NOW.minusSeconds(60),
                null, null, 340, null));
        doubles.states.add(new ChannelState("feeds", "", null, null, null, null, null, 0, null));
        doubles.interactions.add(Doubles.interaction("mastodon", "brand", "m1", NOW.minusSeconds(500)));
        doubles.interactions.add(Doubles.interaction("mastodon", "brand", "m2", NOW.minusSeconds(90)));
        doubles.interactions.add(Doubles.interaction("mastodon", "other", "m3", NOW.minusSeconds(5)));
        doubles.interactions.add(Doubles.interaction("telegram", "bot", "t1", NOW.minusSeconds(7200)));

        var channels = reader.channels();

        assertThat(channels).extracting(MetricsReader.ChannelAccount::channel)
                .containsExactly("feeds", "mastodon", "telegram");
        var feeds = channels.get(0);
        assertThat(feeds.account()).isEmpty();
        assertThat(feeds.interactionsStored()).isZero();
        assertThat(feeds.sinceLastSuccess()).isNull();
        assertThat(feeds.sinceNewest()).isNull();
        assertThat(feeds.failing()).isFalse();
        var mastodon = channels.get(1);
        assertThat(mastodon.interactionsStored()).isEqualTo(340);
        assertThat(mastodon.sinceLastSuccess()).isEqualTo(Duration.ofSeconds(60));
        assertThat(mastodon.sinceNewest()).as("the account's newest, not another account's").isEqualTo(Duration.ofSeconds(90));
        assertThat(mastodon.failing()).isFalse();
        var telegram = channels.get(2);
        assertThat(telegram.interactionsStored()).isEqualTo(12);
        assertThat(telegram.sinceLastSuccess()).isEqualTo(Duration.ofHours(1));
        assertThat(telegram.sinceNewest()).isEqualTo(Duration.ofHours(2));
        assertThat(telegram.failing()).isTrue();
        assertThat(doubles.queries).as("one newest-first look-up of one row per account; '' looks across the channel")
                .containsExactly(new InteractionQuery("feeds", null, null, 1),
                        new InteractionQuery("mastodon", "brand", null, 1),
                        new InteractionQuery("telegram", "bot", null, 1));
    }

    @Test
    void anAccountThatNeverSucceededButFailedIsFailingAndAClockAheadGivesNoNegativeAge() {
        doubles.states.add(new ChannelState("bluesky", "brand", null, NOW, null, "timeout", NOW, 0, null));
        doubles.states.add(new ChannelState("mail", "support", null, NOW.plusSeconds(5), NOW.plusSeconds(5), null,
                null, 1, null));

        var channels = reader.channels();

        assertThat(channels.get(0).failing()).isTrue();
        assertThat(channels.get(0).sinceLastSuccess()).isNull();
        assertThat(channels.get(1).failing()).isFalse();
        assertThat(channels.get(1).sinceLastSuccess()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSuccessAfterTheLastErrorIsNotFailing() {
        doubles.states.add(new ChannelState("mastodon", "brand", "1", NOW, NOW, "502", NOW.minusSeconds(60), 3, null));
        assertThat(reader.channels().get(0).failing()).isFalse();
    }

    @Test
    void theOutboxByStatusWithTheOldestPendingAge() {
        doubles.outboxStats = new CrmOutbox.Stats(7, 2, 1, Duration.ofMinutes(3), "503 from the CRM");
        assertThat(reader.outbox()).isEqualTo(new MetricsReader.Outbox(7, 2, 1, Duration.ofMinutes(3)));
    }

    @Test
    void theBreakerDeadLettersAndFailedReplies() {
        doubles.breakerState = "OPEN";
        doubles.deadLettersPending = 4;
        doubles.replies.add(Doubles.reply(1, Reply.Status.FAILED));
        doubles.replies.add(Doubles.reply(2, Reply.Status.SENT));
        doubles.replies.add(Doubles.reply(3, Reply.Status.FAILED));
        doubles.replies.add(Doubles.reply(4, Reply.Status.PENDING));

        assertThat(reader.breakerState()).isEqualTo("OPEN");
        assertThat(reader.deadLettersPending()).isEqualTo(4);
        assertThat(reader.repliesFailed()).isEqualTo(2);
    }

    @Test
    void refusalsPerChannelAccountAndReason() {
        doubles.refused.add(new WebhookRefusals.Refused("meta", "brand", Map.of("forged", 3L, "unsigned", 1L)));
        doubles.refused.add(new WebhookRefusals.Refused("wechat", null, Map.of("stale", 2L)));

        assertThat(reader.refusals()).containsExactly(
                new MetricsReader.Refusal("meta", "brand", "forged", 3),
                new MetricsReader.Refusal("meta", "brand", "unsigned", 1),
                new MetricsReader.Refusal("wechat", "", "stale", 2));
    }

    @Test
    void theInboxBacklogPerChannelAccount() {
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("telegram", "bot"), 0, 2,
                Duration.ZERO, null));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 5, 0,
                Duration.ofSeconds(42), "store down"));

        assertThat(reader.inbox()).containsExactly(
                new MetricsReader.InboxBacklog("meta", "brand", 5, 0, Duration.ofSeconds(42)),
                new MetricsReader.InboxBacklog("telegram", "bot", 0, 2, Duration.ZERO));
    }

    @Test
    void anAbsentSourceSaysWhichServiceIsMissing() {
        reader = new MetricsReader(() -> new Sources(null, null, null, null, null, null, null, null),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(reader::channels).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("ChannelStateStore");
        assertThatThrownBy(reader::outbox).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("CrmOutbox");
        assertThatThrownBy(reader::breakerState).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("no CRM connector is running (no CrmStatus)");
        assertThatThrownBy(reader::deadLettersPending).isInstanceOf(SourceUnavailableException.class);
        assertThatThrownBy(reader::repliesFailed).isInstanceOf(SourceUnavailableException.class);
        assertThatThrownBy(reader::refusals).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("ingress");
        assertThatThrownBy(reader::inbox).isInstanceOf(SourceUnavailableException.class);
    }

    @Test
    void withoutTheInteractionStoreChannelsHaveNoNewestAge() {
        doubles.states.add(new ChannelState("mastodon", "brand", "1", NOW, NOW, null, null, 3, null));
        Sources s = doubles.all();
        reader = new MetricsReader(() -> new Sources(s.states(), null, s.outbox(), s.crm(), s.deadLetters(),
                s.replies(), s.inbox(), s.refusals()), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(reader.channels().get(0).sinceNewest()).isNull();
        assertThat(reader.channels().get(0).interactionsStored()).isEqualTo(3);
    }
}
