package org.parley.channel.bluesky.internal;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The channel's parts wired as {@link BlueskyRoutes} wires them, for tests that drive one part directly. */
final class Wiring {

    final ObjectMapper json = new ObjectMapper();
    final RateLimitGate gate;
    final BlueskySession session;

    Wiring(BlueskySettings settings) {
        Clock clock = Clock.systemUTC();
        this.gate = new RateLimitGate(clock);
        this.session = new BlueskySession(new XrpcClient(settings.serviceUrl(), settings.connectTimeout(),
                settings.readTimeout(), gate, json), settings, clock, json);
    }

    NotificationPoller poller(BlueskySettings settings, int maxPages) {
        return new NotificationPoller(session, settings, Clock.systemUTC(), json, maxPages);
    }

    ReplyPoster poster() {
        return new ReplyPoster(session, Clock.systemUTC(), json);
    }
}
