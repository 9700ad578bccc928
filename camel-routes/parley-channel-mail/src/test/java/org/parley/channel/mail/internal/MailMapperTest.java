package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;

class MailMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant ARRIVED = Instant.parse("2026-11-23T09:58:00Z");
    private static final String REPLAY = "direct:parley-mail-acme";
    private static final Charset GBK = Charset.forName("GBK");

    private final MailMapper mapper = new MailMapper("acme", 64 * 1024, REPLAY,
            new InteractionValidator(Clock.fixed(NOW, ZoneOffset.UTC)));

    private Interaction mapped(byte[] raw) {
        MailMapper.Result result = mapper.map(raw, ARRIVED);
        assertThat(result.deadLetter()).as("dead letter").isNull();
        assertThat(result.skipped()).as("skipped").isNull();
        return result.interaction();
    }

    @Test
    void aPlainMessageBecomesADirectMessageFromItsSender() {
        byte[] raw = Mails.message()
                .header("From", "\"De Vries, Jan\" <Jan.de.Vries@Example.NET>")
                .header("Subject", "Order 42 has not arrived")
                .header("Date", "Mon, 23 Nov 2026 10:15:00 +0100")
                .header("Message-ID", "<CAF=abc.123@mail.example.net>")
                .header("Content-Language", "nl-NL")
                .text("Hello,\nmy order has not arrived.\n\nJan")
                .bytes();

        Interaction in = mapped(raw);

        assertThat(in.channel()).isEqualTo("mail");
        assertThat(in.account()).isEqualTo("acme");
        assertThat(in.externalId()).isEqualTo("CAF=abc.123@mail.example.net");
        assertThat(in.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(in.author().handle()).isEqualTo("jan.de.vries@example.net");
        assertThat(in.author().email()).isEqualTo("jan.de.vries@example.net");
        assertThat(in.author().displayName()).isEqualTo("De Vries, Jan");
        assertThat(in.author().channel()).isEqualTo("mail");
        assertThat(in.text()).isEqualTo("Subject: Order 42 has not arrived\n\nHello,\nmy order has not arrived.\n\nJan");
        assertThat(in.occurredAt()).isEqualTo(Instant.parse("2026-11-23T09:15:00Z"));
        assertThat(in.inReplyTo()).isNull();
        assertThat(in.threadId()).isEqualTo(in.externalId());
        assertThat(in.language()).isEqualTo("nl-NL");
        assertThat(in.url()).isNull();
        assertThat(in.media()).isEmpty();
        assertThat(in.raw()).isEqualTo(new String(raw, StandardCharsets.UTF_8));
    }

    @Test
    void aReplyKeepsItsThread() {
        Interaction in = mapped(Mails.message()
                .header("Message-ID", "<c@example.net>")
                .header("In-Reply-To", "<b@acme.example>")
                .header("References", "<a@example.net>\r\n <b@acme.example>")
                .text("Thanks!").bytes());

        assertThat(in.kind()).isEqualTo(InteractionKind.REPLY);
        assertThat(in.inReplyTo()).isEqualTo("b@acme.example");
        assertThat(in.threadId()).isEqualTo("a@example.net");
    }

    @Test
    void withoutReferencesTheThreadIsWhatItAnswers() {
        Interaction in = mapped(Mails.message()
                .header("In-Reply-To", "<b@acme.example> (Acme's message of Monday)")
                .text("Thanks!").bytes());

        assertThat(in.inReplyTo()).isEqualTo("b@acme.example");
        assertThat(in.threadId()).isEqualTo("b@acme.example");
    }

    @Test
    void anHtmlOnlyMessageBecomesInertPlainText() {
        String html = """
                <!DOCTYPE html><html><head><title>Newsletter</title><style>p { color: red; }</style></head>
                <body><p>Hello <b>team</b>,</p><script>alert('x')</script>
                <p onclick="steal()">I typed &lt;script&gt;alert(1)&lt;/script&gt; in your form &amp; it broke.<br>Caf&eacute; &#8364;5</p>
                <!-- <img src=x onerror=alert(2)> --></body></html>""";
        Interaction in = mapped(Mails.message().header("Subject", "HTML only")
                .body("text/html; charset=UTF-8", "8bit", html).bytes());

        assertThat(in.text()).isEqualTo("Subject: HTML only\n\nHello team,\nalert('x')\n\n"
                + "I typed <script>alert(1)</script> in your form & it broke.\nCafé €5");
        assertThat(in.text()).doesNotContain("<script>alert('x')").doesNotContain("onclick").doesNotContain("color: red")
                .doesNotContain("onerror").doesNotContain("Newsletter");
    }

    @Test
    void ofAlternativesThePlainTextIsTaken() {
        String body = """
                --alt
                Content-Type: text/plain; charset=UTF-8

                Plain words.
                --alt
                Content-Type: text/html; charset=UTF-8

                <p>HTML words.</p>
                --alt--
                """;
        Interaction in = mapped(Mails.message().body("multipart/alternative; boundary=alt", null, body).bytes());

        assertThat(in.text()).endsWith("Plain words.").doesNotContain("HTML words");
    }

    @Test
    void chineseMailInGb2312WithGbkCharactersIsDecoded() {
        // 镕 is in GBK, not in GB2312, yet mailers label such text GB2312: Java's own GB2312 would lose it.
        assertThat(Charset.forName("GB2312").newEncoder().canEncode('镕')).isFalse();
        assertThat(new String("镕".getBytes(GBK), Charset.forName("GB2312"))).isNotEqualTo("镕");
        String subject = "=?GB2312?B?" + base64("关于订单的问题".getBytes(GBK)) + "?=";
        String name = "=?gb2312?B?" + base64("朱镕基".getBytes(GBK)) + "?=";
        byte[] body = base64("您好，我的订单还没有到。\r\n朱镕基".getBytes(GBK)).getBytes(StandardCharsets.US_ASCII);

        Interaction in = mapped(Mails.message()
                .header("From", name + " <zhu@example.cn>")
                .header("Subject", subject)
                .body("text/plain; charset=\"gb2312\"", "base64", body).bytes());

        assertThat(in.author().displayName()).isEqualTo("朱镕基");
        assertThat(in.text()).isEqualTo("Subject: 关于订单的问题\n\n您好，我的订单还没有到。\n朱镕基");
    }

    @Test
    void encodedWordsSplitInsideACharacterAreJoined() {
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8); // ü is two bytes: split it across two words
        String subject = "=?UTF-8?B?" + base64(java.util.Arrays.copyOfRange(utf8, 0, 3)) + "?=\r\n =?UTF-8?B?"
                + base64(java.util.Arrays.copyOfRange(utf8, 3, utf8.length)) + "?= aus Köln";

        Interaction in = mapped(Mails.message().header("Subject", subject).text("x").bytes());

        assertThat(in.text()).startsWith("Subject: Grüße aus Köln\n");
    }

    @Test
    void latin1QuotedPrintableAndRaw8BitUtf8HeadersAreDecoded() {
        Interaction latin = mapped(Mails.message()
                .header("Subject", "=?ISO-8859-1?Q?Caf=E9_cr=E8me?=")
                .body("text/plain; charset=ISO-8859-1", "quoted-printable", "Caf=E9 au lait =80 2,50 =\nper kopje")
                .bytes());
        Interaction utf8 = mapped(Mails.message().header("Subject", "Überweisung für Bestellung 7").text("ok").bytes());

        assertThat(latin.text()).isEqualTo("Subject: Café crème\n\nCafé au lait € 2,50 per kopje");
        assertThat(utf8.text()).startsWith("Subject: Überweisung für Bestellung 7");
    }

    @Test
    void attachmentsAreListedByNameAndNotStored() {
        String body = """
                --mix
                Content-Type: text/plain; charset=UTF-8

                See the photo and the invoice.
                --mix
                Content-Type: image/jpeg
                Content-Disposition: attachment; filename="broken vase.jpg"
                Content-Transfer-Encoding: base64

                /9j/4AAQSkZJRgABAQ==
                --mix
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --mix
                Content-Type: text/plain; name="=?UTF-8?B?bm90aXotw6Qub3JnLnR4dA==?="
                Content-Disposition: attachment

                not part of the body
                --mix--
                """;
        Interaction in = mapped(Mails.message().body("multipart/mixed; boundary=mix", null, body).bytes());

        assertThat(in.media()).containsExactly("broken vase.jpg", "Rechnung März.pdf", "notiz-ä.org.txt");
        assertThat(in.text()).endsWith("See the photo and the invoice.").doesNotContain("not part of the body")
                .doesNotContain("JVBER");
    }

    @Test
    void withoutMessageIdTheKeyIsAStableHashOfWhatTheMessageSays() {
        Mails.Builder message = Mails.message().header("Message-ID", null).header("Date", "Mon, 23 Nov 2026 09:00:00 +0000");
        String first = mapped(message.text("Same words").bytes()).externalId();
        String again = mapped(message.text("Same words").bytes()).externalId();
        String other = mapped(message.text("Other words").bytes()).externalId();

        assertThat(first).startsWith("sha256:").hasSize("sha256:".length() + 64).isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void automaticMessagesAreSkipped() {
        byte[] outOfOffice = Mails.message().header("Auto-Submitted", "auto-replied (vacation)").text("I am away").bytes();
        byte[] bounce = Mails.message().header("From", "Mail Delivery System <MAILER-DAEMON@mx.example.net>")
                .body("multipart/report; report-type=delivery-status; boundary=b", null,
                        "--b\nContent-Type: text/plain\n\nDelivery failed\n--b--\n").bytes();
        byte[] nullSender = Mails.message().header("Return-Path", "<>").text("Your message was read").bytes();
        byte[] person = Mails.message().header("Auto-Submitted", "no").text("I wrote this myself").bytes();

        assertThat(mapper.map(outOfOffice, ARRIVED).skipped()).contains("Auto-Submitted: auto-replied");
        assertThat(mapper.map(bounce, ARRIVED).skipped()).contains("multipart/report");
        assertThat(mapper.map(nullSender, ARRIVED).skipped()).contains("Return-Path");
        assertThat(mapper.map(person, ARRIVED).interaction()).isNotNull();
    }

    @Test
    void theArrivalTimeStandsInForAMissingOrImpossibleDate() {
        Interaction noDate = mapped(Mails.message().header("Date", null).text("x").bytes());
        Interaction future = mapped(Mails.message().header("Date", "Fri, 01 Jan 2100 00:00:00 +0000").text("x").bytes());
        MailMapper.Result replayed = mapper.map(Mails.message().header("Date", null)
                .header("Received", "from mx.example.net by imap.acme.example;\r\n Mon, 23 Nov 2026 08:30:00 +0000")
                .text("x").bytes(), null);

        assertThat(noDate.occurredAt()).isEqualTo(ARRIVED);
        assertThat(future.occurredAt()).isEqualTo(ARRIVED);
        assertThat(replayed.interaction().occurredAt()).isEqualTo(Instant.parse("2026-11-23T08:30:00Z"));
    }

    @Test
    void aMessageWithoutSenderIsADeadLetterWithItsSource() {
        byte[] raw = Mails.message().header("From", "undisclosed-recipients:;").text("Who am I?").bytes();

        DeadLetter.New dead = mapper.map(raw, ARRIVED).deadLetter();

        assertThat(dead.reason()).isEqualTo("the message has no sender address (From: undisclosed-recipients:;)");
        assertThat(dead.payload()).isEqualTo(new String(raw, StandardCharsets.UTF_8));
        assertThat(dead.replayUri()).isEqualTo(REPLAY);
        assertThat(dead.channel()).isEqualTo("mail");
        assertThat(dead.account()).isEqualTo("acme");
    }

    @Test
    void aMessageOverTheLimitIsADeadLetterThatAReplayRefusesAgain() {
        byte[] raw = Mails.message().header("Subject", "Huge scan").text("x".repeat(70 * 1024)).bytes();

        DeadLetter.New dead = mapper.map(raw, ARRIVED).deadLetter();

        assertThat(dead.reason()).startsWith("message of " + raw.length + " bytes is over maxMessageBytes (65536)");
        assertThat(dead.payload()).startsWith("X-Parley-Not-Read: ").contains("Subject: Huge scan").hasSizeLessThan(2000);
        DeadLetter.New again = mapper.map(RawSource.bytes(dead.payload()), null).deadLetter();
        assertThat(again.reason()).isEqualTo("the message was not read (" + raw.length + " bytes, over maxMessageBytes 65536); only its headers are here: read it in the mailbox");
    }

    @Test
    void aVeryLongTextIsCutWithANoteAndKeptWholeInRaw() {
        MailMapper big = new MailMapper("acme", 1024 * 1024, REPLAY, new InteractionValidator(Clock.fixed(NOW, ZoneOffset.UTC)));
        byte[] raw = Mails.message().text("word ".repeat(20_000)).bytes();

        Interaction in = big.map(raw, ARRIVED).interaction();

        assertThat(in.text()).hasSizeLessThanOrEqualTo(InteractionValidator.MAX_TEXT_CHARS)
                .endsWith("more characters: the whole message is kept in its raw source]");
        assertThat(in.raw()).hasSize(raw.length);
    }

    @Test
    void flowedTextIsUnwrapped() {
        Interaction in = mapped(Mails.message().body("text/plain; charset=UTF-8; format=flowed", "7bit",
                "This is one long \nsentence that was \nwrapped.\n> quoted \n> line\n-- \nJan").bytes());

        assertThat(in.text()).endsWith("This is one long sentence that was wrapped.\n> quoted line\n--\nJan");
    }

    @Test
    void aRawSourceInALocalCharsetSurvivesTheRoundTrip() {
        byte[] raw = Mails.message().body("text/plain; charset=GBK", "8bit", new byte[0]).bytes();
        byte[] gbk = concat(raw, "您好".getBytes(GBK));

        Interaction in = mapped(gbk);

        assertThat(in.text()).endsWith("您好");
        assertThat(RawSource.bytes(in.raw())).isEqualTo(gbk);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
