package org.parley.channel.feeds.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test feed documents from src/test/resources/feeds and the shipped sample. */
final class Feeds {

    private Feeds() {
    }

    static String read(String resource) {
        try (InputStream in = Feeds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String feed(String name) {
        return read("/feeds/" + name);
    }
}
