package org.parley.channel.feeds.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A feed host on 127.0.0.1 and a port chosen at run time. Honours If-None-Match (ETag) and If-Modified-Since
 * (Last-Modified) with 304, and can be told to answer the next requests with an error such as 429 + Retry-After.
 */
final class FeedServer implements AutoCloseable {

    record Request(String path, String query, String ifNoneMatch, String ifModifiedSince) {
    }

    private record Scripted(int status, Map<String, String> headers) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private volatile byte[] document = new byte[0];
    private volatile String etag;
    private volatile String lastModified;
    private volatile boolean chunked;
    private volatile String contentType = "application/rss+xml; charset=UTF-8";

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** Serves this document from now on, with these validators (null for none). */
    void publish(String xml, String etag, String lastModified) {
        this.document = xml.getBytes(StandardCharsets.UTF_8);
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /** Sends documents without Content-Length (chunked), as a streaming or hostile server would. */
    void chunked(boolean value) {
        this.chunked = value;
    }

    void contentType(String value) {
        this.contentType = value;
    }

    /** Answers the next request with this status and headers instead of the document. */
    synchronized void answerNext(int status, Map<String, String> headers) {
        scripted.add(new Scripted(status, headers));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                    ifNoneMatch, ifModifiedSince));
            exchange.getRequestBody().readAllBytes();
            Scripted next;
            synchronized (this) {
                next = scripted.poll();
            }
            if (next != null) {
                next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] body = ("error " + next.status()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(next.status(), body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            boolean notModified = ifNoneMatch != null
                    ? etag != null && ifNoneMatch.equals(etag)
                    : ifModifiedSince != null && ifModifiedSince.equals(lastModified);
            if (etag != null) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            if (lastModified != null) {
                exchange.getResponseHeaders().add("Last-Modified", lastModified);
            }
            if (notModified) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, chunked ? 0 : document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            } catch (IOException e) {
                // the client hung up early, as it does when a document is over its limit
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
