package org.parley.ingress.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;
import org.parley.api.WebhookInbox;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request to the ingress, in this order: path ({@code /parley/hooks/{channel}/{account}}, else 404) and method
 * (GET or POST, else 405); declared body size (413); the source's rate (429 with Retry-After); the channel account
 * (404, the same answer as a wrong path: nothing tells which accounts exist); the body, read up to the limit (413).
 * GET is the channel's verification handshake. POST is verified on the raw bytes before anything is parsed (401
 * unsigned, 403 forged, stale or replayed; counted, logged without body or secret, never stored), then committed to
 * the inbox (a delivery the inbox has is a duplicate: acknowledged, not stored again) and only then acknowledged. An
 * inbox that cannot commit gets 503, so the channel retries: nothing is acknowledged that is not committed.
 */
final class HookHandler extends AbstractHandler {

    static final Pattern PATH = Pattern.compile("/parley/hooks/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/?");
    /** How long a channel is asked to wait when the inbox cannot commit. */
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HookHandler.class);
    private static final HookResponse NOT_FOUND = HookResponse.text(404, "Not Found");
    private static final HookResponse OK = HookResponse.text(200, "OK");

    private final EndpointRegistry endpoints;
    private final WebhookInbox inbox;
    private final IngressCounters counters;
    private final SourceRateLimiter rateLimiter;
    private final ClientAddress clients;
    private final RefusalLog refusals;
    private final int maxBodyBytes;
    private final Clock clock;
    private final Runnable committed;

    /** @param committed called after a new delivery is committed (wakes the worker) */
    HookHandler(EndpointRegistry endpoints, WebhookInbox inbox, IngressCounters counters, IngressSettings settings,
                Clock clock, Runnable committed) {
        this.endpoints = endpoints;
        this.inbox = inbox;
        this.counters = counters;
        this.rateLimiter = new SourceRateLimiter(settings.requestsPerSecondPerSource());
        this.clients = new ClientAddress(settings.proxySet());
        this.refusals = new RefusalLog(clock);
        this.maxBodyBytes = settings.maxBodyBytes();
        this.clock = clock;
        this.committed = committed;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        try {
            answer(response, serve(request, response));
        } catch (RuntimeException e) {
            LOG.warn("Ingress: a request to {} failed: {}", Text.line(request.getRequestURI(), 200), Text.line(e.toString(), 300));
            answer(response, HookResponse.text(500, "Internal Server Error"));
        }
    }

    private HookResponse serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant received = clock.instant();
        Matcher path = PATH.matcher(request.getRequestURI());
        if (!path.matches()) {
            counters.notFound.increment();
            return NOT_FOUND;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            response.setHeader("Allow", "GET, POST");
            return HookResponse.text(405, "Method Not Allowed");
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            return tooLarge(response);
        }
        String client = clients.of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        Duration wait = rateLimiter.refuse(client);
        if (wait != null) {
            counters.rateLimited.increment();
            response.setHeader("Retry-After", Long.toString(wait.toSeconds()));
            return HookResponse.text(429, "Too Many Requests");
        }
        WebhookInbox.Source source = new WebhookInbox.Source(path.group(1), path.group(2));
        Optional<WebhookEndpoint> found = endpoints.find(source.channel(), source.account());
        if (found.isEmpty()) {
            counters.notFound.increment();
            return NOT_FOUND;
        }
        WebhookEndpoint endpoint = found.get();
        byte[] body = "POST".equals(method) ? readBody(request.getInputStream()) : new byte[0];
        if (body == null) {
            return tooLarge(response);
        }
        HookRequest hook;
        try {
            hook = new HookRequest(method, headers(request), query(request.getQueryString()), body, client, received);
        } catch (IllegalArgumentException badQuery) {
            return HookResponse.text(400, "Bad Request");
        }
        IngressCounters.Account counts = counters.of(source);
        return "GET".equals(method) ? handshake(endpoint, hook, source, counts) : deliver(endpoint, hook, source, counts, response);
    }

    private HookResponse handshake(WebhookEndpoint endpoint, HookRequest hook, WebhookInbox.Source source,
                                   IngressCounters.Account counts) {
        Optional<HookResponse> answer = endpoint.handshake(hook);
        if (answer.isEmpty()) {
            refusals.handshakeRefused(source, hook.remote());
            return HookResponse.text(403, "Forbidden");
        }
        counts.handshakes.increment();
        return answer.get();
    }

    private HookResponse deliver(WebhookEndpoint endpoint, HookRequest hook, WebhookInbox.Source source,
                                 IngressCounters.Account counts, HttpServletResponse response) {
        Verdict verdict = endpoint.verify(hook);
        if (verdict == null || !verdict.accepted()) {
            Verdict refused = verdict != null ? verdict
                    : Verdict.refused(Verdict.Outcome.FORGED, "the channel's check gave no verdict");
            counts.refused(refused.outcome());
            refusals.refused(source, refused, hook.remote());
            return refused.outcome() == Verdict.Outcome.UNSIGNED
                    ? HookResponse.text(401, "Unauthorized") : HookResponse.text(403, "Forbidden");
        }
        String deliveryId = DeliveryIds.of(endpoint, hook);
        Optional<Long> id;
        try {
            id = inbox.add(source.channel(), source.account(), deliveryId, kept(endpoint, hook), hook.body(), hook.received());
        } catch (RuntimeException e) {
            counters.storeFailures.increment();
            LOG.warn("Ingress {}/{}: delivery {} not acknowledged (503, the channel retries): the inbox cannot commit it: {}",
                    source.channel(), source.account(), Text.line(deliveryId, 80), Text.line(e.getMessage(), 300));
            response.setHeader("Retry-After", Long.toString(STORE_RETRY_AFTER.toSeconds()));
            return HookResponse.text(503, "Service Unavailable");
        }
        if (id.isPresent()) {
            counts.accepted.increment();
            committed.run();
        } else {
            counts.duplicates.increment();
            LOG.debug("Ingress {}/{}: delivery {} was received before; acknowledged again, not stored",
                    source.channel(), source.account(), Text.line(deliveryId, 80));
        }
        try {
            HookResponse ack = endpoint.acknowledge(hook);
            return ack == null ? OK : ack;
        } catch (RuntimeException e) {
            // Committed already: the delivery is safe, so the channel hears that it arrived.
            LOG.warn("Ingress {}/{}: the channel's acknowledgement failed ({}); answered 200 OK", source.channel(),
                    source.account(), Text.line(e.toString(), 300));
            return OK;
        }
    }

    private HookResponse tooLarge(HttpServletResponse response) {
        counters.tooLarge.increment();
        response.setHeader("Connection", "close");
        return HookResponse.text(413, "Payload Too Large: at most " + maxBodyBytes + " bytes");
    }

    /** The body, or null when it is longer than the limit (with or without a Content-Length that said so). */
    private byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        return body.length > maxBodyBytes ? null : body;
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
    }

    /** The query string decoded by hand: the servlet's parameter map would read a form body before it is verified. */
    static Map<String, List<String>> query(String queryString) {
        if (queryString == null || queryString.isEmpty()) {
            return Map.of();
        }
        MultiMap<String> params = new MultiMap<>();
        UrlEncoded.decodeUtf8To(queryString, params);
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((name, values) -> query.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(query);
    }

    /** Only what the channel asked for, and the content type: never a credential or a signature. */
    private static Map<String, List<String>> kept(WebhookEndpoint endpoint, HookRequest hook) {
        Set<String> wanted = new HashSet<>();
        endpoint.keptHeaders().forEach(name -> wanted.add(name.toLowerCase(Locale.ROOT)));
        Map<String, List<String>> kept = new LinkedHashMap<>();
        hook.headers().forEach((name, values) -> {
            if (name.equals("content-type") || wanted.contains(name)) {
                kept.put(name, values);
            }
        });
        return kept;
    }

    private static void answer(HttpServletResponse response, HookResponse answer) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = answer.body() == null ? new byte[0] : answer.body();
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
