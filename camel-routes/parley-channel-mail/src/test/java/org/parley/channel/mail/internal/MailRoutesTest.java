package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ChannelState;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InvalidInteractionException;
import org.parley.channel.testkit.ParleyHarness;

/**
 * The mail routes end to end: GreenMail's IMAP server on 127.0.0.1, the real parley: component, pipeline and store.
 */
class MailRoutesTest {

    @TempDir
    Path work;

    private MailServers servers;
    private ParleyHarness parley;

    @BeforeEach
    void startServers() throws Exception {
        servers = new MailServers();
    }

    @AfterEach
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
        servers.close();
    }

    private void start(Map<String, ?> overrides) throws Exception {
        parley = ParleyHarness.start(work, () -> List.of(new MailRoutes(servers.settings("acme", overrides), Clock.systemUTC())));
    }

    private Set<String> stored() {
        return parley.stored(MailMapper.CHANNEL).stream().map(Interaction::externalId).collect(Collectors.toSet());
    }

    private static Set<String> items(int... n) {
        return IntStream.of(n).mapToObj(Mails::itemId).collect(Collectors.toSet());
    }

    private ChannelState state() {
        return parley.state(MailMapper.CHANNEL, "acme").orElse(null);
    }

    private MailCursor cursor() {
        ChannelState s = state();
        return s == null ? null : MailCursor.parse(s.cursor());
    }

    @Test
    void aRebuiltFolderIsReadAgainAndNothingIsStoredTwice() throws Exception {
        servers.createFolder("Support");
        for (int n = 0; n < 3; n++) {
            servers.deliver("Support", Mails.item(n, "Message " + n), Instant.now());
        }
        start(Map.of("folder", "Support"));
        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(0, 1, 2)));
        long before = cursor().uidValidity();
        assertThat(before).isEqualTo(servers.folder("Support").getUidValidity());

        // GreenMail's UIDVALIDITY is the second a folder was created in: let one pass, then rebuild the folder with
        // the same three messages and a new one. They get UIDs 1 to 4 again, under a new UIDVALIDITY.
        long second = Instant.now().getEpochSecond();
        await().until(() -> Instant.now().getEpochSecond() > second);
        servers.rebuild("Support");
        for (int n = 0; n < 4; n++) {
            servers.deliver("Support", Mails.item(n, "Message " + n), Instant.now());
        }
        long after = servers.folder("Support").getUidValidity();
        assertThat(after).isNotEqualTo(before);

        await().atMost(ParleyHarness.PATIENCE).until(() -> cursor().uidValidity() == after && stored().size() == 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> stored().size() == 4);
        assertThat(stored()).isEqualTo(items(0, 1, 2, 3));
        // The three were read again after the rebuild, and the store kept each once.
        assertThat(parley.offeredTwice()).containsAll(items(0, 1, 2).stream()
                .map(id -> new InteractionKey(MailMapper.CHANNEL, id)).toList());
        assertThat(state().backfill()).startsWith("done: ").endsWith("(folder rebuilt: UIDVALIDITY changed)");
        assertThat(parley.deadLetters(MailMapper.CHANNEL)).isEmpty();
    }

    @Test
    void aNewAccountImportsTheBackfillWindowInBatchesAndThenWhatArrives() throws Exception {
        Instant now = Instant.now();
        servers.deliver("INBOX", Mails.item(0, "ten days old", now.minus(Duration.ofDays(10))), now.minus(Duration.ofDays(10)));
        servers.deliver("INBOX", Mails.item(1, "three days old", now.minus(Duration.ofDays(3))), now.minus(Duration.ofDays(3)));
        servers.deliver("INBOX", Mails.item(2, "an hour old", now.minus(Duration.ofHours(1))), now.minus(Duration.ofHours(1)));
        servers.deliver("INBOX", Mails.item(3, "just now"), now);

        start(Map.of("batchSize", "1"));

        await().atMost(ParleyHarness.PATIENCE).until(() -> state() != null && state().backfill() != null
                && state().backfill().startsWith("done:"));
        assertThat(stored()).isEqualTo(items(1, 2, 3));
        LocalDate since = LocalDate.ofInstant(now.minus(Duration.ofDays(7)), ZoneOffset.UTC);
        assertThat(state().backfill()).isIn("done: 3 imported since " + since, "done: 3 imported since " + since.plusDays(1));
        assertThat(cursor().backfill()).isNull();
        assertThat(cursor().lastUid()).isEqualTo(4);
        assertThat(cursor().newest()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        servers.deliver(Mails.item(4, "after the backfill"));
        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(1, 2, 3, 4)));
        assertThat(parley.offeredTwice()).isEmpty();
    }

    @Test
    void withoutABackfillWindowReadingStartsWithTheNextMessage() throws Exception {
        servers.deliver("INBOX", Mails.item(0, "from before"), Instant.now().minus(Duration.ofHours(1)));

        start(Map.of("backfillWindow", "PT0S"));
        await().atMost(ParleyHarness.PATIENCE).until(() -> cursor() != null);
        assertThat(cursor().lastUid()).isEqualTo(1);
        servers.deliver(Mails.item(1, "new"));

        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(1)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> stored().equals(items(1)));
        assertThat(state().backfill()).isNull();
    }

    @Test
    void anOversizedMessageIsADeadLetterWithItsHeadersAndReadingGoesOn() throws Exception {
        servers.deliver(Mails.message().header("Subject", "Scan of the receipt").header("Message-ID", "<scan@example.net>")
                .text("x".repeat(5000)).bytes());
        servers.deliver(Mails.item(1, "small"));

        start(Map.of("maxMessageBytes", "2KB"));

        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(1)));
        List<DeadLetter> dead = parley.deadLetters(MailMapper.CHANNEL);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).contains("bytes is over maxMessageBytes (2048): not read");
            assertThat(d.payload()).startsWith("X-Parley-Not-Read: ").contains("Subject: Scan of the receipt")
                    .contains("scan@example.net").doesNotContain("xxxxxxxxxx");
            assertThat(d.replayUri()).isEqualTo("direct:parley-mail-acme");
        });
        assertThat(cursor().lastUid()).isEqualTo(2);

        // Replayed, it is refused again with the reason: its body was never read.
        DeadLetter d = dead.get(0);
        assertThatThrownBy(() -> parley.camel().createProducerTemplate().sendBody(d.replayUri(), d.payload()))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(InvalidInteractionException.class)
                .rootCause().hasMessageStartingWith("the message was not read");
    }

    @Test
    void aMessageTheServerWillNotHandOutIsADeadLetterAndReadingGoesOn() throws Exception {
        servers.deliver(Mails.message().header("Subject", "Corrupt in the store").header("Message-ID", "<corrupt@example.net>")
                .text("lost").bytes());
        servers.deliver(Mails.item(1, "fine"));
        // Break GreenMail's stored copy: content it cannot render, marked changed, so that its FETCH of the body fails
        // with NO while the connection stays up (envelope and size were computed when it arrived).
        jakarta.mail.internet.MimeMessage storedCopy = servers.folder("INBOX").getMessages().get(0).getMimeMessage();
        storedCopy.setContent(new Object(), "application/x-broken");
        storedCopy.saveChanges();

        start(Map.of());

        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(1)));
        assertThat(parley.deadLetters(MailMapper.CHANNEL)).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("the IMAP server failed to hand out message UID 1: ");
            assertThat(d.payload()).startsWith("X-Parley-Not-Read: ").contains("corrupt@example.net")
                    .contains("Subject: Corrupt in the store");
        });
        assertThat(cursor().lastUid()).isEqualTo(2);
    }

    @Test
    void aReplayedSourceIsMappedAndStored() throws Exception {
        start(Map.of());
        byte[] raw = Mails.item(7, "fixed and replayed");

        parley.camel().createProducerTemplate().sendBody("direct:parley-mail-acme", new String(raw, StandardCharsets.UTF_8));

        assertThat(stored()).isEqualTo(items(7));
        assertThat(parley.find(new InteractionKey(MailMapper.CHANNEL, Mails.itemId(7))).orElseThrow().text())
                .isEqualTo("Subject: Question 7\n\nfixed and replayed");
    }

    @Test
    void automaticMessagesAreSkippedAndTheCursorMovesPastThem() throws Exception {
        servers.deliver(Mails.message().header("Auto-Submitted", "auto-replied").header("Subject", "Out of office")
                .text("Back on Monday").bytes());
        servers.deliver(Mails.message().header("Return-Path", "<>").header("From", "MAILER-DAEMON@mx.example.net")
                .header("X-Failed-Recipients", "nobody@example.net").text("Delivery failed").bytes());
        servers.deliver(Mails.item(2, "a person"));

        start(Map.of());

        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(2)));
        assertThat(cursor().lastUid()).isEqualTo(3);
        assertThat(parley.deadLetters(MailMapper.CHANNEL)).isEmpty();
    }

    @Test
    void aThrottlingServerIsRecordedWaitedForAndLosesNothing() throws Exception {
        start(Map.of());
        servers.deliver(Mails.item(0, "first"));
        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(0)));

        servers.imapProxy.refuseNext(3);
        servers.deliver(Mails.item(1, "while throttled"));

        // Polls go on through three refusals (a poll already connected may read the message before them).
        await().atMost(ParleyHarness.PATIENCE).until(() -> servers.imapProxy.refused() == 3);
        await().atMost(ParleyHarness.PATIENCE).until(() -> stored().equals(items(0, 1)));
        assertThat(state().lastError()).contains("[UNAVAILABLE] Too many connections")
                .contains("brand@example.org on imap://127.0.0.1:" + servers.imapProxy.port() + " folder INBOX");
        await().atMost(ParleyHarness.PATIENCE).until(() -> state().lastSuccessAt().isAfter(state().lastErrorAt()));
    }

    @Test
    void aChineseMessageIn8BitGbkArrivesDecodedAndItsSourceByteForByte() throws Exception {
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
        byte[] head = Mails.message().header("Message-ID", "<gbk@example.cn>").header("Subject", "@SUBJECT@")
                .body("text/plain; charset=GB2312", "8bit", new byte[0]).bytes();
        String template = new String(head, StandardCharsets.ISO_8859_1)
                .replace("@SUBJECT@", new String("订单问题 朱镕基".getBytes(gbk), StandardCharsets.ISO_8859_1));
        byte[] raw = concat(template.getBytes(StandardCharsets.ISO_8859_1), "您好，订单还没到。\r\n".getBytes(gbk));
        servers.deliver(raw);

        start(Map.of());

        InteractionKey key = new InteractionKey(MailMapper.CHANNEL, "gbk@example.cn");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(key).isPresent());
        Interaction in = parley.find(key).orElseThrow();
        assertThat(in.text()).isEqualTo("Subject: 订单问题 朱镕基\n\n您好，订单还没到。");
        assertThat(RawSource.bytes(in.raw())).isEqualTo(raw);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aMissingFolderIsReportedByName() throws Exception {
        start(Map.of("folder", "Archive/2026"));

        await().atMost(ParleyHarness.PATIENCE).until(() -> state() != null && state().lastError() != null);
        assertThat(state().lastError()).contains("folder 'Archive/2026' does not exist for brand@example.org on imap://127.0.0.1:");
    }
}
