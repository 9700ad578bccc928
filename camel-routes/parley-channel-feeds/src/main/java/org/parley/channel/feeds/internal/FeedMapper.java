package org.parley.channel.feeds.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.SocialIdentity;

/**
 * Maps one feed document (RSS 0.9x/2.0, RSS 1.0 or Atom) to interactions, entry by entry: an entry that cannot be
 * mapped becomes a dead letter whose payload is a copy of the feed holding that entry alone, so a replay maps exactly
 * it; its neighbours are mapped as usual.
 *
 * <p>Conventions: the key is the Atom {@code id} / RSS {@code guid} (RSS 1.0 {@code rdf:about}), else the link. The
 * author is the entry's, else the feed's; its handle is the e-mail address when the feed gives one, else the name.
 * A rating is read from {@code <rev:rating>} in the RDF Review vocabulary ({@code http://purl.org/stuff/rev#}), on a
 * 1 to 5 scale unless a {@code <rev:maxRating>} sibling gives another maximum (then scaled to 5 and rounded).
 */
public final class FeedMapper {

    public static final String CHANNEL = "feeds";
    public static final Namespace REV = Namespace.getNamespace("rev", "http://purl.org/stuff/rev#");

    static final Namespace ATOM_10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    static final Namespace ATOM_03 = Namespace.getNamespace("http://purl.org/atom/ns#");
    static final Namespace RSS_10 = Namespace.getNamespace("http://purl.org/rss/1.0/");
    static final Namespace RDF = Namespace.getNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    static final Namespace DC = Namespace.getNamespace("http://purl.org/dc/elements/1.1/");

    private static final Pattern RSS_AUTHOR = Pattern.compile("\\s*([^\\s()<>]+@[^\\s()<>]+)\\s*(?:\\((.*)\\))?\\s*");
    private static final XMLOutputter XML = new XMLOutputter(Format.getRawFormat().setOmitDeclaration(false));

    /** What one document gave. */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters) {
    }

    private final String account;
    private final InteractionKind kind;
    private final String defaultLanguage;
    private final String replayUri;
    private final InteractionValidator validator;

    public FeedMapper(String account, InteractionKind kind, String defaultLanguage, String replayUri,
                      InteractionValidator validator) {
        this.account = account;
        this.kind = kind;
        this.defaultLanguage = defaultLanguage;
        this.replayUri = replayUri;
        this.validator = validator;
    }

    /**
     * @throws InvalidInteractionException when the document as a whole is refused (not XML, a DOCTYPE, not a feed)
     */
    public Mapped map(String document) {
        Document doc = SecureXml.parse(document);
        FeedShape shape = FeedShape.of(doc.getRootElement());
        Element skeleton = doc.getRootElement().clone();
        shape.entries(skeleton).forEach(Element::detach);

        List<Interaction> interactions = new ArrayList<>();
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        List<Element> entries = shape.entries(doc.getRootElement());
        for (int i = 0; i < entries.size(); i++) {
            Element single = skeleton.clone();
            Element entry = entries.get(i).clone();
            shape.container(single).addContent(entry);
            Document singleDoc = new Document(single);
            List<String> problems = new ArrayList<>();
            Interaction interaction = null;
            String id = shape.id(entry);
            try {
                interaction = mapEntry(singleDoc, entry, shape, id, problems);
            } catch (RuntimeException e) {
                problems.add("the entry cannot be read: " + e.getMessage());
            }
            if (problems.isEmpty()) {
                interactions.add(interaction);
            } else {
                String reason = "entry " + (i + 1) + (id == null ? "" : " '" + id + "'") + ": " + String.join("; ", problems);
                deadLetters.add(new DeadLetter.New(CHANNEL, account, reason, XML.outputString(singleDoc), replayUri));
            }
        }
        return new Mapped(interactions, deadLetters);
    }

    private Interaction mapEntry(Document singleDoc, Element entry, FeedShape shape, String feedId,
                                 List<String> problems) {
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(singleDoc);
        } catch (Exception e) {
            problems.add("Rome cannot read the entry: " + e.getMessage());
            return null;
        }
        if (feed.getEntries().isEmpty()) {
            problems.add("Rome found no entry");
            return null;
        }
        SyndEntry e = feed.getEntries().get(0);

        String externalId = firstNonBlank(feedId, e.getLink());
        if (externalId == null) {
            problems.add("entry has no id (Atom <id>, RSS <guid>) and no link");
        }
        Instant occurredAt = toInstant(e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate());
        if (occurredAt == null) {
            problems.add(dateProblem(entry));
        }
        SocialIdentity author = author(e, feed, singleDoc.getRootElement());
        if (author == null) {
            problems.add("entry has no author and the feed names none");
        }
        String text = text(e);
        if (text.isBlank()) {
            problems.add("entry has no text: title, description and content are empty");
        }
        Integer rating = rating(entry, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        Interaction interaction = Interaction.builder(CHANNEL, externalId)
                .kind(kind)
                .account(account)
                .author(author)
                .text(text)
                .url(httpOrNull(e.getLink()))
                .media(media(e))
                .occurredAt(occurredAt)
                .language(language(entry, shape, singleDoc.getRootElement()))
                .rating(rating)
                .raw(XML.outputString(entry))
                .build();
        problems.addAll(validator.problems(interaction));
        return interaction;
    }

    private static String dateProblem(Element entry) {
        for (Element child : entry.getChildren()) {
            String name = child.getName();
            if (name.equals("pubDate") || name.equals("date") || name.equals("published") || name.equals("updated")
                    || name.equals("issued") || name.equals("modified")) {
                String value = child.getTextTrim();
                if (!value.isEmpty()) {
                    String qualified = child.getNamespacePrefix().isEmpty() ? name : child.getNamespacePrefix() + ":" + name;
                    return qualified + " '" + abbreviate(value) + "' is not a date (expected RFC 822 such as "
                            + "'Tue, 03 Jun 2025 09:39:21 GMT' or ISO 8601 such as '2025-06-03T09:39:21Z')";
                }
            }
        }
        return "entry has no date (pubDate, dc:date, published or updated)";
    }

    private static SocialIdentity author(SyndEntry e, SyndFeed feed, Element root) {
        SocialIdentity who = person(e.getAuthors());
        if (who == null) {
            who = person(e.getAuthor());
        }
        if (who == null) {
            who = person(feed.getAuthors());
        }
        if (who == null) {
            who = person(feed.getAuthor());
        }
        if (who == null && root.getChild("channel") != null) {
            who = person(root.getChild("channel").getChildTextTrim("managingEditor"));
        }
        return who;
    }

    private static SocialIdentity person(List<SyndPerson> persons) {
        for (SyndPerson p : persons == null ? List.<SyndPerson>of() : persons) {
            String name = blankToNull(p.getName());
            String email = blankToNull(p.getEmail());
            if (name != null || email != null) {
                return identity(name, email, httpOrNull(p.getUri()));
            }
        }
        return null;
    }

    /** An RSS author: {@code jan@example.nl (Jan de Vries)}, an address, or a name (dc:creator). */
    private static SocialIdentity person(String author) {
        String a = blankToNull(author);
        if (a == null) {
            return null;
        }
        Matcher m = RSS_AUTHOR.matcher(a);
        if (m.matches()) {
            return identity(blankToNull(m.group(2)), m.group(1), null);
        }
        return identity(a, null, null);
    }

    private static SocialIdentity identity(String name, String email, String profileUrl) {
        String handle = email != null ? email.toLowerCase(Locale.ROOT) : name;
        return new SocialIdentity(CHANNEL, handle, name, profileUrl, email, null);
    }

    /** Title, a blank line, then the richest body the entry has; all as plain text. */
    private static String text(SyndEntry e) {
        SyndContent titleEx = e.getTitleEx();
        String title = titleEx != null ? plain(titleEx) : PlainText.fromHtml(e.getTitle());
        StringBuilder body = new StringBuilder();
        for (SyndContent c : e.getContents()) {
            String t = plain(c);
            if (!t.isEmpty()) {
                body.append(body.length() == 0 ? "" : "\n\n").append(t);
            }
        }
        if (body.length() == 0 && e.getDescription() != null) {
            body.append(plain(e.getDescription()));
        }
        if (title.isEmpty()) {
            return body.toString();
        }
        if (body.length() == 0 || body.toString().startsWith(title)) {
            return body.length() == 0 ? title : body.toString();
        }
        return title + "\n\n" + body;
    }

    private static String plain(SyndContent content) {
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        return type.equals("text") || type.equals("text/plain")
                ? PlainText.fromText(content.getValue())
                : PlainText.fromHtml(content.getValue());
    }

    private static Integer rating(Element entry, List<String> problems) {
        String value = entry.getChildTextTrim("rating", REV);
        if (value == null || value.isEmpty()) {
            return null;
        }
        String maxText = entry.getChildTextTrim("maxRating", REV);
        try {
            BigDecimal rating = new BigDecimal(value);
            BigDecimal max = maxText == null || maxText.isEmpty() ? BigDecimal.valueOf(5) : new BigDecimal(maxText);
            if (max.signum() <= 0 || rating.compareTo(BigDecimal.ONE) < 0 || rating.compareTo(max) > 0) {
                problems.add("rev:rating '" + value + "' is not between 1 and " + max.toPlainString());
                return null;
            }
            int stars = rating.multiply(BigDecimal.valueOf(5)).divide(max, 0, RoundingMode.HALF_UP).intValue();
            return Math.max(1, stars);
        } catch (NumberFormatException ex) {
            problems.add("rev:rating '" + abbreviate(value) + "' is not a number"
                    + (maxText == null ? "" : " (or rev:maxRating '" + abbreviate(maxText) + "' is not)"));
            return null;
        }
    }

    /** The entry's language, else the feed's, else the configured default. */
    private String language(Element entry, FeedShape shape, Element root) {
        return Stream.of(
                        lang(entry.getChild("content", entry.getNamespace())),
                        lang(entry),
                        entry.getChildTextTrim("language", DC),
                        shape.feedLanguage(root),
                        defaultLanguage)
                .map(FeedMapper::languageTag)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static String lang(Element element) {
        return element == null ? null : element.getAttributeValue("lang", Namespace.XML_NAMESPACE);
    }

    private static String languageTag(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String tag = Locale.forLanguageTag(value.trim().replace('_', '-')).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    private static List<String> media(SyndEntry e) {
        List<String> media = new ArrayList<>();
        for (SyndEnclosure enclosure : e.getEnclosures()) {
            String url = httpOrNull(enclosure.getUrl());
            if (url != null) {
                media.add(url);
            }
        }
        return media;
    }

    /** Only http(s) links are kept: a {@code javascript:} or {@code file:} link is nobody's words. */
    private static String httpOrNull(String url) {
        String u = blankToNull(url);
        if (u == null) {
            return null;
        }
        String lower = u.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") ? u : null;
    }

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String firstNonBlank(String a, String b) {
        return blankToNull(a) != null ? a.trim() : blankToNull(b) != null ? b.trim() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Where the entries of each feed format live, and what identifies one. */
    private enum FeedShape {
        RSS, ATOM, RSS_1;

        static FeedShape of(Element root) {
            String name = root.getName();
            if (name.equals("rss") && root.getChild("channel") != null) {
                return RSS;
            }
            if (name.equals("feed") && (root.getNamespace().equals(ATOM_10) || root.getNamespace().equals(ATOM_03))) {
                return ATOM;
            }
            if (name.equals("RDF") && root.getNamespace().equals(RDF)) {
                return RSS_1;
            }
            throw new InvalidInteractionException("feed document is neither RSS nor Atom: its root element is <"
                    + root.getQualifiedName() + "> in namespace '" + root.getNamespaceURI() + "'");
        }

        Element container(Element root) {
            return this == RSS ? root.getChild("channel") : root;
        }

        List<Element> entries(Element root) {
            return switch (this) {
                case RSS -> new ArrayList<>(container(root).getChildren("item"));
                case ATOM -> new ArrayList<>(root.getChildren("entry", root.getNamespace()));
                case RSS_1 -> new ArrayList<>(root.getChildren("item", RSS_10));
            };
        }

        String id(Element entry) {
            String id = switch (this) {
                case RSS -> entry.getChildTextTrim("guid");
                case ATOM -> entry.getChildTextTrim("id", entry.getNamespace());
                case RSS_1 -> entry.getAttributeValue("about", RDF);
            };
            return blankToNull(id);
        }

        String feedLanguage(Element root) {
            return switch (this) {
                case RSS -> firstNonBlank(root.getChild("channel").getChildTextTrim("language"),
                        firstNonBlank(root.getChild("channel").getChildTextTrim("language", DC), lang(root)));
                case ATOM -> lang(root);
                case RSS_1 -> {
                    Element channel = root.getChild("channel", RSS_10);
                    yield firstNonBlank(channel == null ? null : channel.getChildTextTrim("language", DC), lang(root));
                }
            };
        }
    }
}
