package org.parley.channel.feeds.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Pattern;

import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.parley.api.InvalidInteractionException;
import org.xml.sax.SAXException;

/**
 * Parses feed documents from untrusted servers. A DOCTYPE is refused outright: a feed has no use for one, and it is
 * how XXE (external entities reading local files or internal URLs) and entity expansion ("billion laughs") attacks
 * start. External entities and DTD loading are switched off as well, so that nothing is fetched even if the parser
 * ignores one of the features.
 */
final class SecureXml {

    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);

    private SecureXml() {
    }

    static Document parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new InvalidInteractionException("feed document is empty");
        }
        if (DOCTYPE.matcher(xml).find()) {
            throw new InvalidInteractionException("feed document refused: it declares a DOCTYPE, which Parley never "
                    + "accepts from a feed (DTDs enable external-entity and entity-expansion attacks)");
        }
        try {
            return builder().build(new StringReader(xml));
        } catch (JDOMException e) {
            throw new InvalidInteractionException("feed document is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInteractionException("feed document cannot be read: " + e.getMessage(), e);
        }
    }

    static SAXBuilder builder() {
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setExpandEntities(false);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
        });
        builder.setReuseParser(false);
        return builder;
    }
}
