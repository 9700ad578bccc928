package org.parley.benchmarks.channels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.parley.api.InteractionValidator;
import org.parley.channel.mail.internal.MailMapper;

/**
 * Parse-and-map throughput of the e-mail channel: one poll's batch of {@value #MESSAGES} messages, as their RFC 822
 * sources, through {@link MailMapper} (header parsing and RFC 2047 decoding, MIME walk, charset decoding, HTML to
 * text, validation). The batch is mixed as a support mailbox is: plain UTF-8 answers in threads, HTML-only mails from
 * web forms, multipart/alternative from desktop clients, Chinese mail in GB2312/GBK (base64), Latin-1
 * quoted-printable, messages with an attachment, and an out-of-office reply that is skipped. Seeded: every run maps
 * the same bytes. Reported per message.
 *
 * <p>Run: {@code java -jar benchmarks.jar MailMappingBenchmark} (JMH 1.37).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MailMappingBenchmark {

    static final int MESSAGES = 60;

    private static final Charset GBK = Charset.forName("GBK");
    private static final Instant START = Instant.parse("2026-11-16T08:00:00Z");

    private MailMapper mapper;
    private byte[][] batch;
    private Instant[] arrivals;

    @Setup
    public void setUp() {
        mapper = new MailMapper("bench", 10L * 1024 * 1024, "direct:parley-mail-bench", new InteractionValidator());
        SplittableRandom random = new SplittableRandom(42);
        batch = new byte[MESSAGES][];
        arrivals = new Instant[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            Instant arrived = START.plusSeconds(600L * i);
            arrivals[i] = arrived;
            batch[i] = switch (i % 10) {
                case 0, 1, 2 -> plain(i, arrived, random);
                case 3, 4 -> htmlOnly(i, arrived, random);
                case 5, 6 -> alternative(i, arrived, random);
                case 7 -> chinese(i, arrived);
                case 8 -> withAttachment(i, arrived, random);
                default -> i % 20 == 9 ? latin1(i, arrived) : outOfOffice(i, arrived);
            };
        }
        // The batch must map as a mailbox would: all but the automatic replies become interactions.
        int mapped = 0;
        for (int i = 0; i < MESSAGES; i++) {
            MailMapper.Result r = mapper.map(batch[i], arrivals[i]);
            if (r.deadLetter() != null) {
                throw new IllegalStateException("benchmark message " + i + " is a dead letter: " + r.deadLetter().reason());
            }
            mapped += r.interaction() != null ? 1 : 0;
        }
        if (mapped != MESSAGES - MESSAGES / 20) {
            throw new IllegalStateException("expected " + (MESSAGES - MESSAGES / 20) + " interactions, got " + mapped);
        }
    }

    /** The baseline of the same run: only decoding each message's bytes to text, the least any mapping does. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void baselineDecodeOnly(Blackhole hole) {
        for (int i = 0; i < MESSAGES; i++) {
            hole.consume(new String(batch[i], java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void mapBatch(Blackhole hole) {
        for (int i = 0; i < MESSAGES; i++) {
            hole.consume(mapper.map(batch[i], arrivals[i]));
        }
    }

    private static final String[] SENTENCES = {
            "Hello, my order has not arrived yet and the tracking page shows no update since Monday. ",
            "Could you tell me when the replacement part will be shipped? ",
            "Thank you for the quick answer, that solves it. ",
            "Ik heb de verkeerde maat ontvangen en wil die graag ruilen. ",
            "Die Rechnung enthält einen Fehler: der Rabatt wurde nicht abgezogen. ",
    };

    private static String words(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        int n = 2 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(SENTENCES[random.nextInt(SENTENCES.length)]);
            if (random.nextInt(4) == 0) {
                sb.append("\r\n\r\n");
            }
        }
        return sb.toString();
    }

    private static String headers(int i, Instant date, String subject, String extra) {
        String inReplyTo = i % 3 == 0 ? "In-Reply-To: <parley-reply-" + (i - 1) + "@acme.example>\r\n"
                + "References: <thread-" + (i / 6) + "@customers.example.net>\r\n <parley-reply-" + (i - 1) + "@acme.example>\r\n" : "";
        return "Return-Path: <customer" + i + "@customers.example.net>\r\n"
                + "Received: from mx.customers.example.net by imap.acme.example; " + rfc822(date) + "\r\n"
                + "From: =?UTF-8?Q?Customer_N=C2=B0" + i + "?= <Customer" + i + "@Customers.example.net>\r\n"
                + "To: Acme Support <support@acme.example>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: " + rfc822(date.minusSeconds(30)) + "\r\n"
                + "Message-ID: <msg-" + i + "@customers.example.net>\r\n"
                + inReplyTo
                + "MIME-Version: 1.0\r\n"
                + extra;
    }

    private static byte[] plain(int i, Instant date, SplittableRandom random) {
        return bytes(headers(i, date, "Order " + (1000 + i), "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\nContent-Language: en\r\n") + "\r\n" + words(random));
    }

    private static byte[] htmlOnly(int i, Instant date, SplittableRandom random) {
        String html = "<!DOCTYPE html><html><head><style>p{font-family:Arial}</style></head><body>"
                + "<p>Name: Customer " + i + "</p><p>Message:</p><p>" + words(random).replace("\r\n", "<br>")
                + "</p><p>Sent from the contact form &amp; received by Acme&nbsp;Support</p></body></html>";
        return bytes(headers(i, date, "Contact form", "Content-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n") + "\r\n" + html);
    }

    private static byte[] alternative(int i, Instant date, SplittableRandom random) {
        String text = words(random);
        String body = "--alt" + i + "\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + text.replace("=", "=3D") + "\r\n"
                + "--alt" + i + "\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<div dir=\"ltr\">"
                + text.replace("\r\n", "<br>") + "</div>\r\n--alt" + i + "--\r\n";
        return bytes(headers(i, date, "=?UTF-8?B?" + b64("Rückfrage zur Lieferung".getBytes(StandardCharsets.UTF_8)) + "?=",
                "Content-Type: multipart/alternative; boundary=\"alt" + i + "\"\r\n") + "\r\n" + body);
    }

    private static byte[] chinese(int i, Instant date) {
        String body = "您好，我在上周下的订单还没有收到，请帮忙查一下物流信息。谢谢！朱镕基";
        String head = headers(i, date, "=?GB2312?B?" + b64("关于订单的问题".getBytes(GBK)) + "?=",
                "Content-Type: text/plain; charset=\"gb2312\"\r\nContent-Transfer-Encoding: base64\r\n");
        return bytes(head + "\r\n" + Base64.getMimeEncoder().encodeToString(body.getBytes(GBK)) + "\r\n");
    }

    private static byte[] latin1(int i, Instant date) {
        return bytes(headers(i, date, "=?ISO-8859-1?Q?R=E9clamation?=", "Content-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n") + "\r\nBonjour, la commande est arriv=E9e ab=EEm=E9e.=\r\nMerci.\r\n");
    }

    private static byte[] withAttachment(int i, Instant date, SplittableRandom random) {
        byte[] photo = new byte[48 * 1024];
        random.nextBytes(photo);
        String body = "--mix" + i + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + words(random)
                + "\r\n--mix" + i + "\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"damage.jpg\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(photo)
                + "\r\n--mix" + i + "--\r\n";
        return bytes(headers(i, date, "Photo of the damage", "Content-Type: multipart/mixed; boundary=\"mix" + i + "\"\r\n")
                + "\r\n" + body);
    }

    private static byte[] outOfOffice(int i, Instant date) {
        return bytes(headers(i, date, "Automatic reply: Order " + (1000 + i), "Auto-Submitted: auto-replied\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n") + "\r\nI am out of the office until Monday.\r\n");
    }

    private static byte[] bytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String rfc822(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }
}
