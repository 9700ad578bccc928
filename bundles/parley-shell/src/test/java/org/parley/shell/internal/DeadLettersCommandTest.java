package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;

class DeadLettersCommandTest {

    private final InMemoryDeadLetterStore store = new InMemoryDeadLetterStore();
    private final FakeReplayer replayer = new FakeReplayer(store);
    private final DeadLettersCommand command = new DeadLettersCommand();

    @BeforeEach
    void wire() {
        command.deadLetters = store;
        command.replayer = replayer;
        store.put(deadLetter(1, "feeds", "blog", "externalId is missing", 3_600, 1, null));
        store.put(deadLetter(2, "mastodon", "acme", "occurredAt is missing", 600, 3, null));
        store.put(deadLetter(3, "feeds", "blog", "text is empty", 7_200, 2, NOW.minusSeconds(60)));
    }

    @Nested
    class List {

        @Test
        void listIsTheDefaultAndShowsPendingOnesNewestFirst() {
            String out = run(command);

            assertThat(out).contains("Id", "Channel", "Account", "Created", "Attempts", "State", "Reason");
            assertThat(lineWith(out, "occurredAt is missing"))
                    .contains("2", "mastodon", "acme", "10 min ago (2025-06-01T11:50:00Z)", "3", "pending");
            assertThat(lineWith(out, "externalId is missing")).contains("feeds", "blog", "1 h ago", "pending");
            assertThat(out.indexOf("occurredAt")).isLessThan(out.indexOf("externalId"));
            assertThat(out).doesNotContain("text is empty").contains("Pending dead letters (all channels): 2");
        }

        @Test
        void allIncludesReplayedOnes() {
            command.action = "list";
            command.all = true;

            assertThat(lineWith(run(command), "text is empty")).contains("replayed 1 min ago");
        }

        @Test
        void channelAndLimitFilter() {
            command.channel = "feeds";
            command.all = true;
            command.limit = 1;

            String out = run(command);

            assertThat(out).contains("externalId is missing").doesNotContain("occurredAt", "text is empty");
        }

        @Test
        void longReasonsAreShortenedAndSanitised() {
            store.put(deadLetter(9, "feeds", "blog", "bad\n" + TestSupport.HOSTILE + "y".repeat(200), 0, 1, null));

            String row = lineWith(run(command), "bad y");

            assertThat(row).contains("bad " + "y".repeat(DeadLettersCommand.REASON_CHARS - 7) + "...")
                    .doesNotContain("\u001b", "pwned", "y".repeat(60));
        }

        @Test
        void emptyListSaysWhatWasLookedFor() {
            command.channel = "bluesky";

            assertThat(run(command)).contains("No pending dead letters on channel 'bluesky'");
        }

        @Test
        void limitIsValidated() {
            command.limit = 5000;

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--limit must be between 1 and 1000, was 5000");
        }

        @Test
        void anIdIsNotForList() {
            command.id = "1";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parley:deadletters show <id>");
        }
    }

    @Nested
    class Show {

        @Test
        void showsEveryFieldWithTheFullReasonAndPayload() {
            String reason = "kind is missing: one of [POST, MENTION]; " + "z".repeat(300);
            store.put(new DeadLetter(7, "feeds", "blog", reason, "{\n  \"guid\": \"abc\"\n}",
                    "parley:ingest?channel=feeds", NOW.minusSeconds(120), 4, null));
            command.action = "show";
            command.id = "7";

            String out = run(command);

            assertThat(out).contains("Id:          7", "Channel:     feeds", "Account:     blog", "State:       pending",
                    "Created:     2 min ago (2025-06-01T11:58:00Z)", "Attempts:    4",
                    "Replay URI:  parley:ingest?channel=feeds", reason, "{\n  \"guid\": \"abc\"\n}",
                    "Payload (19 characters):");
        }

        @Test
        void payloadIsSanitisedAndTruncatedWithANote() {
            String payload = TestSupport.HOSTILE + "p".repeat(12_000);
            store.put(new DeadLetter(8, "feeds", null, "bad\u001b[2J reason", payload, null, NOW, 1, null));
            command.action = "show";
            command.id = "8";

            String out = run(command);

            assertThat(out).doesNotContain("\u001b", "\u0007", "pwned")
                    .contains("bad reason", "Account:     -", "Replay URI:  -")
                    .contains("p".repeat(10_000)).doesNotContain("p".repeat(10_001))
                    .contains("[truncated: the first 10000 of 12000 characters are shown]");
        }

        @Test
        void replayedOneShowsWhen() {
            command.action = "show";
            command.id = "3";

            assertThat(run(command)).contains("State:       replayed 1 min ago (2025-06-01T11:59:00Z)");
        }

        @Test
        void unknownIdIsAClearError() {
            command.action = "show";
            command.id = "404";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("There is no dead letter 404 (parley:deadletters list --all shows them)");
        }

        @Test
        void idMustBeANumber() {
            command.action = "show";
            command.id = "abc\u001b[2J";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'abc' is not a dead-letter id");
        }

        @Test
        void idIsRequired() {
            command.action = "show";

            assertThatThrownBy(() -> run(command)).hasMessage("show needs a dead-letter id: parley:deadletters show <id>");
        }
    }

    @Nested
    class Replay {

        @Test
        void replaysOneAndPrintsTheOutcome() {
            command.action = "replay";
            command.id = "2";

            String out = run(command);

            assertThat(out).contains("#2 mastodon/acme: replayed - stored as feeds:abc");
            assertThat(replayer.replayed).containsExactly(2L);
            assertThat(store.find(2).orElseThrow().pending()).isFalse();
        }

        @Test
        void aRefusedReplayIsPrintedAndFailsTheCommand() {
            replayer.refuse(1, "externalId is still missing");
            command.action = "replay";
            command.id = "1";
            TestSupport.Output output = new TestSupport.Output();
            command.out = output.stream;

            assertThatThrownBy(command::execute).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Dead letter 1 was refused again and stays pending");
            assertThat(output.text()).contains("#1 feeds/blog: REFUSED AGAIN - externalId is still missing");
            assertThat(store.find(1).orElseThrow().attempts()).isEqualTo(2);
        }

        @Test
        void unknownIdIsAClearErrorAndNothingIsReplayed() {
            command.action = "replay";
            command.id = "404";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("There is no dead letter 404 (parley:deadletters list --all shows them)");
            assertThat(replayer.replayed).isEmpty();
        }

        @Test
        void anAlreadyReplayedOneIsNotReplayedAgain() {
            command.action = "replay";
            command.id = "3";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Dead letter 3 was already replayed 1 min ago");
            assertThat(replayer.replayed).isEmpty();
        }

        @Test
        void allPendingReplaysEveryPendingOneOldestFirstAndSumsUp() {
            replayer.refuse(2, "occurredAt is still missing");
            command.action = "replay";
            command.allPending = true;

            String out = run(command);

            assertThat(replayer.replayed).containsExactly(1L, 2L);
            assertThat(out).contains("#1 feeds/blog: replayed", "#2 mastodon/acme: REFUSED AGAIN - occurredAt is still missing",
                    "Replayed 1 of 2 pending dead letters; 1 refused again and still pending");
        }

        @Test
        void allPendingWithChannelReplaysOnlyThatChannel() {
            command.action = "replay";
            command.allPending = true;
            command.channel = "mastodon";

            String out = run(command);

            assertThat(replayer.replayed).containsExactly(2L);
            assertThat(out).contains("Replayed 1 of 1 pending dead letters");
        }

        @Test
        void allPendingWithNothingPendingSaysSo() {
            command.action = "replay";
            command.allPending = true;
            command.channel = "bluesky";

            assertThat(run(command)).contains("No pending dead letters on channel 'bluesky': nothing to replay");
        }

        @Test
        void aReplayerThatThrowsIsReportedAsAnOutcome() {
            replayer.fail(1, new IllegalStateException("route parley-feeds is stopped"));
            command.action = "replay";
            command.allPending = true;

            String out = run(command);

            assertThat(out).contains("#1 feeds/blog: REFUSED AGAIN - route parley-feeds is stopped",
                    "#2 mastodon/acme: replayed", "Replayed 1 of 2");
        }

        @Test
        void needsAnIdOrAllPendingButNotBoth() {
            command.action = "replay";
            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replay needs a dead-letter id").hasMessageContaining("--all-pending");

            command.id = "1";
            command.allPending = true;
            assertThatThrownBy(() -> run(command)).hasMessage("Give either a dead-letter id or --all-pending, not both");
            assertThat(replayer.replayed).isEmpty();
        }

        @Test
        void withoutAReplayerServiceReplayExplainsWhy() {
            command.replayer = null;
            command.action = "replay";
            command.id = "1";

            assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No dead-letter replayer is running");
        }

        @Test
        void allIsNotAllPending() {
            command.action = "replay";
            command.all = true;

            assertThatThrownBy(() -> run(command)).hasMessageContaining("did you mean --all-pending?");
        }
    }

    @Test
    void unknownActionNamesTheValidOnes() {
        command.action = "purge";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown action 'purge': use list, show or replay");
    }

    private static DeadLetter deadLetter(long id, String channel, String account, String reason, long secondsAgo,
                                         int attempts, Instant replayedAt) {
        return new DeadLetter(id, channel, account, reason, "{\"id\":" + id + "}", "parley:ingest?channel=" + channel,
                NOW.minusSeconds(secondsAgo), attempts, replayedAt);
    }

    private static String lineWith(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + out));
    }
}
