package org.parley.itests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RSS 2.0 review feed on 127.0.0.1 and a port chosen at run time. It honours If-None-Match like a real
 * feed host, so tests can tell a cheap conditional poll from a full read.
 */
final class TestFeedServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> items = new ArrayList<>();
    private final AtomicInteger fullReads = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private int version;

    TestFeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/reviews.xml", exchange -> {
            String body;
            String etag;
            synchronized (this) {
                etag = "\"v" + version + "\"";
                body = document();
            }
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            fullReads.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/reviews.xml";
    }

    synchronized void addReview(String guid, String author, String text, String pubDate) {
        items.add("<item><guid isPermaLink=\"false\">" + guid + "</guid><title>Review</title>"
                + "<author>" + author + "</author><description>" + text + "</description>"
                + "<pubDate>" + pubDate + "</pubDate></item>");
        version++;
    }

    /** An item with no guid, no link and no date: nothing to key it by, so it must become a dead letter. */
    synchronized void addMalformed(String text) {
        items.add("<item><title>broken</title><description>" + text + "</description></item>");
        version++;
    }

    int fullReads() {
        return fullReads.get();
    }

    int notModified() {
        return notModified.get();
    }

    private String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Acme reviews</title>"
                + "<link>http://127.0.0.1/</link><description>Reviews</description>"
                + String.join("", items) + "</channel></rss>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
