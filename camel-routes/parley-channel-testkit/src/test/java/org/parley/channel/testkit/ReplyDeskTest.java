package org.parley.channel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.SocialIdentity;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/**
 * The reply desk (parley-camel) over the real store, with a channel whose outbound route the test scripts: what is
 * posted, refused, rate limited or cut off by a crash, and what a person sees afterwards.
 */
class ReplyDeskTest {

    private static final InteractionKey ORIGINAL = new InteractionKey("fake", "m-1");

    @TempDir
    Path work;

    private ParleyHarness parley;
    /** What the fake channel does on each post, in turn; once used up it posts. */
    private final List<RuntimeException> script = new CopyOnWriteArrayList<>();
    private final List<OutboundReply> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
    }

    private void start(String outboundOptions) throws Exception {
        start(outboundOptions, Map.of("pollInterval", "PT0.1S", "backoffInitial", "PT0.1S", "backoffMax", "PT0.2S",
                "lease", "PT5S", "maxAttempts", "3"));
    }

    private void start(String outboundOptions, Map<String, Object> desk) throws Exception {
        parley = ParleyHarness.start(work, () -> List.of(channel(outboundOptions)), desk);
        Interaction original = Interaction.builder("fake", "m-1").kind(InteractionKind.MENTION).account("brand")
                .author(SocialIdentity.of("fake", "ana", "Ana")).text("Where is my order?")
                .occurredAt(Instant.parse("2026-11-20T10:00:00Z")).build();
        parley.interactions().store(new IngestBatch("fake", "brand", List.of(original), List.of(), null));
    }

    private RoutesBuilder channel(String options) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("parley:outbound?channel=fake&account=brand" + options).routeId("fake-outbound").process(exchange -> {
                    attempts.incrementAndGet();
                    if (!script.isEmpty()) {
                        throw script.remove(0);
                    }
                    OutboundReply reply = exchange.getIn().getBody(OutboundReply.class);
                    posted.add(reply);
                    exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, "r-" + posted.size());
                    exchange.getMessage().setHeader(ParleyHeaders.REPLY_URL, "https://fake.example/r-" + posted.size());
                });
            }
        };
    }

    private Reply awaitStatus(long id, Reply.Status status) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(id).status() == status);
        return parley.reply(id);
    }

    @Test
    void aReplyIsStoredThenPostedOnceWithItsOriginalAndRecorded() throws Exception {
        start("");

        Reply asked = parley.replies().request(ORIGINAL, "We are on it, Ana", "crm:alice");

        Reply sent = awaitStatus(asked.id(), Reply.Status.SENT);
        assertThat(sent.externalId()).isEqualTo("r-1");
        assertThat(sent.url()).isEqualTo("https://fake.example/r-1");
        assertThat(sent.account()).isEqualTo("brand");
        assertThat(sent.sentAt()).isNotNull();
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.reply().text()).isEqualTo("We are on it, Ana");
            assertThat(p.original().text()).isEqualTo("Where is my order?");
            assertThat(p.uncertain()).isFalse();
        });
        assertThat(parley.replyStore().repliesTo(List.of(ORIGINAL))).extracting(Reply::id).containsExactly(asked.id());
    }

    @Test
    void requestsThatCannotBePostedAreRefusedWithTheReason() throws Exception {
        start("&maxLength=10");

        assertThatThrownBy(() -> parley.replies().request(ORIGINAL, "  ", "crm:alice")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parley.replies().request(ORIGINAL, "far too long for this channel", "crm:alice"))
                .hasMessageContaining("29 characters").hasMessageContaining("at most 10");
        assertThatThrownBy(() -> parley.replies().request(new InteractionKey("fake", "nope"), "Hi", "crm:alice"))
                .hasMessageContaining("no interaction fake:nope");
        assertThatThrownBy(() -> parley.replies().request(ORIGINAL, "Hi", " ")).hasMessageContaining("named user");
        parley.camel().getRouteController().stopRoute("fake-outbound");
        assertThatThrownBy(() -> parley.replies().request(ORIGINAL, "Hi", "crm:alice"))
                .hasMessageContaining("channel route is not running");
        assertThat(parley.replyStore().list(null, 10)).isEmpty();
    }

    @Test
    void anAccountThatRequiresApprovalWaitsForASecondPerson() throws Exception {
        start("&requireApproval=true");

        Reply asked = parley.replies().request(ORIGINAL, "Sorry about that", "crm:alice");
        assertThat(asked.status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);
        assertThatThrownBy(() -> parley.replies().approve(asked.id(), "crm:alice")).hasMessageContaining("a second person");
        assertThat(posted).isEmpty();

        Reply approved = parley.replies().approve(asked.id(), "crm:bob");
        assertThat(approved.approvedBy()).isEqualTo("crm:bob");
        awaitStatus(asked.id(), Reply.Status.SENT);
        assertThat(posted).hasSize(1);
        assertThatThrownBy(() -> parley.replies().approve(asked.id(), "crm:carol")).hasMessageContaining("is SENT, not awaiting approval");
    }

    @Test
    void aRefusedReplyFailsWithTheChannelsReasonAndCanBeRetried() throws Exception {
        start("");
        script.add(new ReplyRefusedException("The conversation was deleted on fake"));

        Reply asked = parley.replies().request(ORIGINAL, "Hello", "crm:alice");

        Reply failed = awaitStatus(asked.id(), Reply.Status.FAILED);
        assertThat(failed.error()).isEqualTo("The conversation was deleted on fake");
        assertThat(posted).isEmpty();

        parley.replies().retry(asked.id(), "crm:alice");
        awaitStatus(asked.id(), Reply.Status.SENT);
        assertThat(posted).hasSize(1);
        assertThatThrownBy(() -> parley.replies().retry(asked.id(), "crm:alice")).hasMessageContaining("only a FAILED reply");
    }

    @Test
    void aRateLimitWaitsAsLongAsTheChannelSaysAndLosesNothing() throws Exception {
        start("");
        script.add(new RateLimitedException("429 from fake", Duration.ofMillis(300)));

        Instant asked = Instant.now();
        Reply reply = parley.replies().request(ORIGINAL, "Hello", "crm:alice");

        Reply sent = awaitStatus(reply.id(), Reply.Status.SENT);
        assertThat(sent.sentAt()).isAfterOrEqualTo(asked.plusMillis(300));
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(posted).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedThenGivenUpWithTheLastError() throws Exception {
        start("");
        for (int i = 0; i < 3; i++) {
            script.add(new IllegalStateException("HTTP 503 from fake (" + i + ")"));
        }

        Reply reply = parley.replies().request(ORIGINAL, "Hello", "crm:alice");

        Reply failed = awaitStatus(reply.id(), Reply.Status.FAILED);
        assertThat(failed.error()).startsWith("Gave up after 3 attempts").contains("HTTP 503 from fake (2)");
        assertThat(attempts).hasValue(3);
        assertThat(posted).isEmpty();
    }

    @Test
    void aRouteThatDoesNotSayWhereItPostedIsNotTakenAsPosted() throws Exception {
        parley = ParleyHarness.start(work, () -> List.of(new RouteBuilder() {
            @Override
            public void configure() {
                from("parley:outbound?channel=fake&account=brand").process(exchange -> attempts.incrementAndGet());
            }
        }), Map.of("pollInterval", "PT0.1S", "backoffInitial", "PT0.1S", "backoffMax", "PT0.1S", "maxAttempts", "2"));
        parley.interactions().store(new IngestBatch("fake", "brand", List.of(Interaction.builder("fake", "m-1")
                .kind(InteractionKind.MENTION).account("brand").author(SocialIdentity.of("fake", "ana", "Ana")).text("Hi")
                .occurredAt(Instant.parse("2026-11-20T10:00:00Z")).build()), List.of(), null));

        Reply reply = parley.replies().request(ORIGINAL, "Hello", "crm:alice");

        assertThat(awaitStatus(reply.id(), Reply.Status.FAILED).error()).contains("returned without ParleyReplyExternalId");
    }

    @Test
    void aPostCutOffByACrashIsNotPostedAgainWhereTheChannelCannotDedupe() throws Exception {
        start("", Map.of("pollInterval", "PT1H"));
        long id = crashedWhilePosting();

        parley.restart();

        Reply failed = awaitStatus(id, Reply.Status.FAILED);
        assertThat(failed.error()).contains("cannot tell whether it went out");
        assertThat(posted).isEmpty();
    }

    @Test
    void aPostCutOffByACrashIsPostedAgainWithItsKeyWhereTheChannelDedupes() throws Exception {
        start("&idempotent=true", Map.of("pollInterval", "PT1H"));
        long id = crashedWhilePosting();

        parley.restart();

        awaitStatus(id, Reply.Status.SENT);
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.uncertain()).isTrue();
            assertThat(p.reply().idempotencyKey()).isEqualTo("key-crashed");
        });
    }

    /** A reply claimed by a process that died before it recorded anything: its lease runs out with no outcome. */
    private long crashedWhilePosting() {
        ReplyStore store = parley.replyStore();
        long id = store.add(new Reply.New(ORIGINAL, "brand", "Hello", "crm:alice", true, "key-crashed", Instant.now()));
        store.approve(id, "crm:bob", Instant.now());
        Instant claimedAt = Instant.now();
        List<ReplyStore.Claim> claims = new ArrayList<>(store.claimDue(10, claimedAt, Duration.ofMillis(1)));
        assertThat(claims).extracting(c -> c.reply().id()).containsExactly(id);
        await().until(() -> Instant.now().isAfter(claimedAt.plusMillis(5)));
        return id;
    }
}
