package org.parley.channel.wechat.internal;

import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a WeChat message body ({@code <xml><ToUserName>...</ToUserName>...</xml>}) into its fields, safely and in one
 * streaming pass: a body with a DOCTYPE is refused as soon as it is met, so no DTD is read and no entity (internal or
 * external) is declared or expanded (XXE and "billion laughs" alike); an entity reference is refused too; no external
 * resource is ever resolved. Uses the JDK's own StAX parser ({@link XMLInputFactory#newDefaultFactory()}), whatever
 * other XML parser a Karaf bundle brings; the encoding is the body's declared one (UTF-8 by default).
 */
final class WeChatXml {

    /** Fields of one message: top-level element names to their text (CDATA or not), in document order. */
    record Fields(Map<String, String> values) {

        String get(String name) {
            return values.get(name);
        }

        /** The field's text, trimmed; null when absent or blank. */
        String text(String name) {
            String v = values.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    private static final XMLInputFactory FACTORY = factory();

    private WeChatXml() {
    }

    /** @throws IllegalArgumentException when the body is not a well-formed WeChat XML message (the reason says why) */
    static Fields parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the body is empty");
        }
        Map<String, String> values = new LinkedHashMap<>();
        XMLStreamReader reader = null;
        try {
            synchronized (FACTORY) {
                reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            }
            int depth = 0;
            String field = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw new IllegalArgumentException("the body is not valid XML: a "
                            + "DOCTYPE is not allowed (no DTD is read and no entity expanded)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new IllegalArgumentException("the body is not valid "
                            + "XML: the entity reference &" + oneLine(reader.getLocalName()) + "; is not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth == 1 && !"xml".equals(reader.getLocalName())) {
                            throw new IllegalArgumentException("the body's root element is <" + oneLine(reader.getLocalName())
                                    + ">, not WeChat's <xml>");
                        }
                        if (depth == 2) {
                            field = reader.getLocalName();
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (depth >= 2) {
                            text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 2) {
                            // The first of a repeated name wins; WeChat's messages repeat none.
                            values.putIfAbsent(field, text.toString());
                        }
                        depth--;
                    }
                    default -> {
                        // comments, processing instructions, the document's start and end
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the body is not valid XML: " + oneLine(e.getMessage()));
        } finally {
            close(reader);
        }
        return new Fields(Collections.unmodifiableMap(values));
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not read");
        });
        return factory;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was opened that needs closing: the input is a byte array
            }
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
    }
}
