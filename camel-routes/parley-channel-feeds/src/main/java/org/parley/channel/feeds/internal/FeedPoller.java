package org.parley.channel.feeds.internal;

import org.parley.camel.BoundedBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rometools.rome.io.XmlReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one feed with a conditional GET and remembers when the server asked us to come back later.
 *
 * <p>Uses the JDK's {@link HttpClient} rather than camel-http: camel-http 4.14 reads the whole response into a stream
 * cache before the route sees it (or, with {@code disableStreamCache}, HttpClient 5 drains and closes it when the
 * producer's response handler returns), so {@code maxBytes} could only be checked after an arbitrarily large download;
 * enforcing it while reading would need HttpClient 5 interceptors, i.e. importing {@code org.apache.hc.*} from Parley's
 * runtime bundle, which exports only {@code org.apache.camel.*}. camel-http would also send every message header as a
 * request header. The JDK client streams into {@link BoundedBody}, bounded in size and time.
 */
public final class FeedPoller {

    /** The longest Retry-After honoured: a server cannot silence a feed for longer than this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);
    private static final String ACCEPT =
            "application/rss+xml, application/atom+xml;q=0.95, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1";
    private static final String USER_AGENT = "Parley-Feeds/0.1";

    /** What one poll found. */
    public enum Outcome { NOT_MODIFIED, DOCUMENT }

    /**
     * @param outcome  not modified, or a new document
     * @param document the document, decoded to a String (null when not modified)
     * @param cursor   the validators the server sent with the document
     */
    public record Result(Outcome outcome, String document, FeedCursor cursor) {
    }

    private final FeedSettings settings;
    private final Clock clock;
    private final HttpClient client;
    private volatile Instant notBefore;

    public FeedPoller(FeedSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL) // never from https to http
                .build();
    }

    /** When a 429/503 Retry-After asked us to wait: the time before which polls are skipped, else null. */
    public Instant waitUntil() {
        Instant until = notBefore;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    /** One conditional GET. A failure throws, with a message fit for {@code parley:status}. */
    public Result poll(FeedCursor cursor) throws FeedPollException {
        if (settings.isFile()) {
            return read(cursor);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.readTimeout())
                .header("Accept", ACCEPT)
                .header("User-Agent", USER_AGENT)
                .GET();
        if (cursor.etag() != null) {
            request.header("If-None-Match", cursor.etag());
        }
        if (cursor.lastModified() != null) {
            request.header("If-Modified-Since", cursor.lastModified());
        }
        BodyHandler<byte[]> body = info -> info.statusCode() == 200
                ? BoundedBody.of(settings.maxBytes(), info)
                : BodySubscribers.replacing(new byte[0]);
        HttpResponse<byte[]> response = send(request.build(), body);
        int status = response.statusCode();
        LOG.debug("Feed {} on {} answered HTTP {}", settings.account(), settings.source(), status);
        if (status == 304) {
            return new Result(Outcome.NOT_MODIFIED, null, cursor);
        }
        if (status == 200) {
            FeedCursor next = new FeedCursor(response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
            return new Result(Outcome.DOCUMENT, decode(response.body(), response.headers().firstValue("Content-Type").orElse(null),
                    "GET " + settings.safeUrl()), next);
        }
        if (status == 429 || status == 503) {
            Optional<Duration> wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
            if (wait.isPresent()) {
                notBefore = clock.instant().plus(wait.get());
                throw new FeedPollException("GET " + settings.safeUrl() + " answered HTTP " + status
                        + " with Retry-After: polls skipped until " + notBefore);
            }
        }
        throw new FeedPollException("GET " + settings.safeUrl() + " answered HTTP " + status);
    }

    /** A local document, read again only when its modification time changed; the same size limit applies. */
    private Result read(FeedCursor cursor) throws FeedPollException {
        Path file = Path.of(settings.url());
        try {
            String modified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Files.getLastModifiedTime(file).toInstant().atZone(ZoneOffset.UTC));
            if (modified.equals(cursor.lastModified())) {
                return new Result(Outcome.NOT_MODIFIED, null, cursor);
            }
            long size = Files.size(file);
            if (size > settings.maxBytes()) {
                throw new FeedPollException(settings.safeUrl() + " has " + size + " bytes, over maxBytes " + settings.maxBytes());
            }
            byte[] bytes = Files.readAllBytes(file);
            return new Result(Outcome.DOCUMENT, decode(bytes, null, settings.safeUrl()), new FeedCursor(null, modified));
        } catch (IOException e) {
            throw new FeedPollException("cannot read " + settings.safeUrl() + ": " + e, e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, BodyHandler<byte[]> body) throws FeedPollException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, body);
        try {
            // The request timeout covers the headers only; this bounds the whole response.
            return future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FeedPollException("GET " + settings.safeUrl() + ": no complete response within readTimeout "
                    + settings.readTimeout());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FeedPollException("GET " + settings.safeUrl() + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof BoundedBody.TooLargeException tooLarge) {
                    throw new FeedPollException("GET " + settings.safeUrl() + ": feed document is too large: "
                            + tooLarge.getMessage() + ", over maxBytes " + tooLarge.limit(), t);
                }
            }
            if (cause instanceof HttpTimeoutException) {
                throw new FeedPollException("GET " + settings.safeUrl() + " timed out: " + cause.getMessage(), cause);
            }
            throw new FeedPollException("GET " + settings.safeUrl() + " failed: " + cause, cause);
        }
    }

    /** Bytes to text by the XML rules Rome implements: BOM, HTTP charset, XML prolog, else UTF-8. */
    private static String decode(byte[] bytes, String contentType, String source) throws FeedPollException {
        try (Reader reader = new XmlReader(new ByteArrayInputStream(bytes), contentType, true)) {
            StringWriter out = new StringWriter(bytes.length);
            reader.transferTo(out);
            return out.toString();
        } catch (IOException e) {
            throw new FeedPollException(source + ": cannot decode the document: " + e.getMessage(), e);
        }
    }

    /** Retry-After as seconds or an HTTP date, capped at {@link #MAX_RETRY_AFTER}; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Duration wait;
        if (v.matches("\\d{1,10}")) {
            wait = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }
}
