package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.WebhookRefusals;

class StatusCommandTest {

    private final InMemoryChannelStateStore states = new InMemoryChannelStateStore();
    private final InMemoryInteractionStore interactions = new InMemoryInteractionStore();
    private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    private final StatusCommand command = new StatusCommand();

    @BeforeEach
    void wire() {
        command.channelStates = states;
        command.interactions = interactions;
        command.deadLetters = deadLetters;
    }

    @Test
    void oneRowPerChannelAccountWithPollCursorCountAndError() {
        states.add(new ChannelState("mastodon", "acme@mastodon.social", "since_id=113456789012345678901234567890",
                NOW.minusSeconds(120), NOW.minusSeconds(120), null, null, 42, null));
        states.add(new ChannelState("feeds", "blog", "etag-1", NOW.minusSeconds(300), NOW.minusSeconds(3_600),
                "HTTP 503 from https://example.com/feed.xml", NOW.minusSeconds(300), 7, null));

        String out = run(command);

        assertThat(out).contains("Channel", "Account", "Last poll", "Cursor", "Interactions", "Last error");
        assertThat(lineWith(out, "mastodon"))
                .contains("acme@mastodon.social", "2 min ago (2025-06-01T11:58:00Z)", "42")
                .contains(ShellText.shortenMiddle("since_id=113456789012345678901234567890", 30))
                .doesNotContain("since_id=113456789012345678901234567890");
        assertThat(lineWith(out, "feeds"))
                .contains("blog", "5 min ago (2025-06-01T11:55:00Z)", "etag-1", "7",
                        "HTTP 503 from https://example.com/feed.xml (5 min ago)");
        assertThat(out.indexOf("feeds")).as("sorted by channel").isLessThan(out.indexOf("mastodon"));
    }

    @Test
    void aBackfillShowsItsProgressInAColumnOfItsOwn() {
        states.add(new ChannelState("mastodon", "acme", "c", NOW, NOW, null, null, 340, "running: 340 imported, back to 2025-05-02"));
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));

        String out = run(command);

        assertThat(out).contains("Backfill");
        assertThat(lineWith(out, "mastodon")).contains("running: 340 imported, back to 2025-05-02");
    }

    @Test
    void webhookRefusalsShowPerChannelAccountEvenBeforeAnythingWasStored() {
        states.add(new ChannelState("meta", "brand", null, NOW, NOW, null, null, 12, null));
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));
        command.webhooks = () -> List.of(
                new WebhookRefusals.Refused("meta", "brand", Map.of("forged", 3L, "unsigned", 1L)),
                new WebhookRefusals.Refused("telegram", "bot", Map.of("replayed", 2L)));

        String out = run(command);

        assertThat(out).contains("Refused webhooks");
        assertThat(lineWith(out, "meta")).contains("brand", "12", "3 forged, 1 unsigned");
        assertThat(lineWith(out, "telegram")).contains("bot", "2 replayed");
        assertThat(lineWith(out, "feeds")).doesNotContain("forged", "replayed");
    }

    @Test
    void noRefusedWebhooksColumnWhenNothingWasRefused() {
        states.add(new ChannelState("meta", "brand", null, NOW, NOW, null, null, 12, null));
        command.webhooks = List::of;

        assertThat(run(command)).doesNotContain("Refused webhooks");
    }

    @Test
    void noBackfillColumnWhenNoAccountBackfilled() {
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));

        assertThat(run(command)).doesNotContain("Backfill");
    }

    @Test
    void accountThatNeverPolledShowsNeverAndDashes() {
        states.add(new ChannelState("bluesky", "acme.bsky.social", null, null, null, null, null, 0, null));

        assertThat(lineWith(run(command), "bluesky")).contains("never", "-");
    }

    @Test
    void longErrorsAreShortenedAndMarkedWhenTheChannelRecoveredSince() {
        String error = "Connection refused: " + "x".repeat(200);
        states.add(new ChannelState("feeds", "blog", "c", NOW, NOW.minusSeconds(60), error, NOW.minusSeconds(7_200), 1, null));

        String row = lineWith(run(command), "blog");

        assertThat(row).contains(ShellText.shorten(error, StatusCommand.ERROR_CHARS) + " (2 h ago, recovered since)")
                .doesNotContain(error);
    }

    @Test
    void printsTotalInteractionsAndPendingDeadLetters() {
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));
        interactions.add(interaction("1")).add(interaction("2")).add(interaction("3"));
        deadLetters.put(deadLetter(1, null)).put(deadLetter(2, null)).put(deadLetter(3, Instant.EPOCH));

        assertThat(run(command))
                .contains("Stored interactions (all channels): 3")
                .contains("Pending dead letters (all channels): 2");
    }

    @Test
    void channelOptionFiltersRows() {
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));
        states.add(new ChannelState("mastodon", "acme", null, NOW, NOW, null, null, 3, null));
        command.channel = "mastodon";

        String out = run(command);

        assertThat(out).contains("mastodon").doesNotContain("feeds");
    }

    @Test
    void unknownChannelSaysSoInsteadOfAnEmptyTable() {
        states.add(new ChannelState("feeds", "blog", null, NOW, NOW, null, null, 2, null));
        command.channel = "nope";

        assertThat(run(command)).contains("No channel account on channel 'nope'");
    }

    @Test
    void hostileStateValuesCannotDriveTheTerminal() {
        states.add(new ChannelState("feeds", "acct" + TestSupport.HOSTILE, "cur\u001b[2J", NOW, NOW,
                "bad\r\u001b]0;pwned\u0007 error", NOW, 1, null));

        String out = run(command);

        assertThat(out).doesNotContain("\u001b", "\u0007", "\r", "pwned").contains("acct", "bad error");
    }

    private static String lineWith(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + out));
    }

    private static Interaction interaction(String id) {
        return Interaction.builder("feeds", id).occurredAt(NOW).build();
    }

    private static DeadLetter deadLetter(long id, Instant replayedAt) {
        return new DeadLetter(id, "feeds", "blog", "bad", "{}", "parley:ingest?channel=feeds", NOW, 1, replayedAt);
    }
}
