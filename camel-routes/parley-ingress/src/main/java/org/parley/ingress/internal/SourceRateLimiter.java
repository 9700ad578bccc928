package org.parley.ingress.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source rate limiting: one resilience4j {@link RateLimiter} per client address, {@code perSecond} permits
 * refreshed every second, never waiting (a request over the rate is refused at once, with how long to wait). The
 * limiters of the {@value #MAX_SOURCES} most recently seen addresses are kept; older ones are dropped, so a flood
 * from many addresses costs bounded memory.
 */
final class SourceRateLimiter {

    static final int MAX_SOURCES = 10_000;

    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> limiters = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /** @param perSecond requests per second per source; 0 for no limit */
    SourceRateLimiter(int perSecond) {
        this.config = perSecond == 0 ? null : RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(REFRESH)
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /**
     * Null when the source may go on; else how long it should wait before its next request: the rest of the
     * current one-second period, rounded up to the second that Retry-After can say.
     */
    Duration refuse(String source) {
        if (config == null) {
            return null;
        }
        RateLimiter limiter;
        synchronized (limiters) {
            limiter = limiters.computeIfAbsent(source, s -> RateLimiter.of("parley-ingress-" + s, config));
        }
        if (limiter.acquirePermission()) {
            return null;
        }
        return REFRESH;
    }
}
