package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.HOSTILE;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.api.InteractionKey;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;

class RepliesCommandTest {

    private final List<Reply> rows = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    private final ReplyStore store = new ReplyStore() {
        @Override public long add(Reply.New reply) { throw new UnsupportedOperationException(); }
        @Override public Optional<Reply> find(long id) { return rows.stream().filter(r -> r.id() == id).findFirst(); }
        @Override public List<Reply> list(Reply.Status status, int limit) {
            return rows.stream().filter(r -> status == null || r.status() == status).limit(limit).toList();
        }
        @Override public long count(Reply.Status status) { throw new UnsupportedOperationException(); }
        @Override public List<Reply> repliesTo(Collection<InteractionKey> keys) { return List.of(); }
        @Override public boolean approve(long id, String approvedBy, Instant at) { throw new UnsupportedOperationException(); }
        @Override public List<Claim> claimDue(int limit, Instant now, Duration lease) { throw new UnsupportedOperationException(); }
        @Override public void sent(long id, String externalId, String url, Instant at) { throw new UnsupportedOperationException(); }
        @Override public void retryAt(long id, Instant next, String error) { throw new UnsupportedOperationException(); }
        @Override public void fail(long id, String reason, Instant at) { throw new UnsupportedOperationException(); }
        @Override public boolean retry(long id, Instant at) { throw new UnsupportedOperationException(); }
    };

    private final Replies replies = new Replies() {
        @Override public Reply request(InteractionKey inReplyTo, String text, String user) {
            calls.add("request " + inReplyTo + " '" + text + "' by " + user);
            return reply(7, Reply.Status.AWAITING_APPROVAL, null, null);
        }
        @Override public Reply approve(long id, String user) {
            calls.add("approve " + id + " by " + user);
            return reply(id, Reply.Status.PENDING, null, null);
        }
        @Override public Reply retry(long id, String user) {
            calls.add("retry " + id + " by " + user);
            if (id != 3) {
                throw new IllegalStateException("Reply " + id + " is SENT; only a FAILED reply can be retried");
            }
            return reply(id, Reply.Status.PENDING, null, null);
        }
    };

    private static Reply reply(long id, Reply.Status status, String externalId, String error) {
        return new Reply(id, new InteractionKey("mastodon", "1100" + id), "brand", "Thanks " + HOSTILE, "karaf:alice", status,
                null, "key-" + id, externalId, null, error, 1, NOW.minusSeconds(60), null);
    }

    private RepliesCommand command(String action, Long id) {
        RepliesCommand command = new RepliesCommand();
        command.store = store;
        command.replies = replies;
        command.action = action;
        command.id = id;
        return command;
    }

    @Test
    void listShowsStatusAndWhereItWasPostedOrWhyItFailed() {
        rows.add(reply(1, Reply.Status.SENT, "110099", null));
        rows.add(reply(2, Reply.Status.FAILED, null, "Gave up after 8 attempts: HTTP 503"));

        String out = run(command("list", null));

        assertThat(out).contains("mastodon:11001", "SENT", "110099", "FAILED", "Gave up after 8 attempts: HTTP 503");
        assertThat(out).doesNotContain("\u001b");
    }

    @Test
    void listFiltersByStatusAndRefusesAnUnknownOne() {
        rows.add(reply(1, Reply.Status.SENT, "110099", null));
        rows.add(reply(2, Reply.Status.FAILED, null, "refused"));
        RepliesCommand failed = command("list", null);
        failed.status = "failed";

        assertThat(run(failed)).contains("mastodon:11002").doesNotContain("mastodon:11001");

        RepliesCommand wrong = command("list", null);
        wrong.status = "lost";
        assertThatThrownBy(() -> run(wrong)).hasMessageContaining("--status lost is not one of");
    }

    @Test
    void approveAndRetryActAsTheSessionUserAndSayWhatHappened() {
        assertThat(run(command("approve", 5L))).contains("Reply 5 approved");
        assertThat(run(command("retry", 3L))).contains("Reply 3 is queued again");
        assertThat(calls).containsExactly("approve 5 by karaf:shell", "retry 3 by karaf:shell");
        assertThatThrownBy(() -> run(command("retry", 4L))).hasMessageContaining("only a FAILED reply can be retried");
    }

    @Test
    void showWithoutAnIdOrWithAnUnknownOneSaysWhatToType() {
        assertThatThrownBy(() -> run(command("show", null))).hasMessageContaining("parley:replies show ID");
        assertThatThrownBy(() -> run(command("show", 99L))).hasMessageContaining("There is no reply 99");
    }

    @Test
    void replyJoinsTheWordsAndSaysWhenItWaitsForApproval() {
        ReplyCommand reply = new ReplyCommand();
        reply.replies = replies;
        reply.interaction = "mastodon:110042";
        reply.text = List.of("Thanks,", "we", "are", "on", "it");

        assertThat(run(reply)).contains("Reply 7 waits for a second person: parley:replies approve 7");
        assertThat(calls).containsExactly("request mastodon:110042 'Thanks, we are on it' by karaf:shell");
    }
}
