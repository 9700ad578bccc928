package org.parley.ingress.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The public ingress, configured by {@code etc/org.parley.ingress.cfg} (optional: these defaults listen on
 * 127.0.0.1:8183). Read by the listener and by the inbox worker. The defaults here are the only defaults:
 * {@link IngressSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values are strings so that a wrong one is refused by {@link IngressSettings} with a message naming the key,
 * instead of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley webhook ingress",
        description = "The public HTTP listener for channels' webhooks, at /parley/hooks/{channel}/{account}, and the "
                + "worker that processes what it committed")
public @interface IngressConfig {

    String PID = "org.parley.ingress";

    @AttributeDefinition(name = "Host", description = "Address to listen on. 127.0.0.1: only a reverse proxy on this "
            + "machine reaches it (recommended); 0.0.0.0: every interface")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port, 1 to 65535 (0: any free port, for tests). Not the "
            + "internal API's port nor Karaf's web console's")
    String port() default "8183";

    @AttributeDefinition(name = "Largest body", description = "Largest request body in bytes; larger ones get 413. "
            + "1024 to 67108864")
    String maxBodyBytes() default "1048576";

    @AttributeDefinition(name = "Requests per second per source",
            description = "Requests one client address may make per second; more get 429 with Retry-After. 0: no limit")
    String requestsPerSecondPerSource() default "20";

    @AttributeDefinition(name = "Trusted proxies",
            description = "Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names "
                    + "the client; empty: X-Forwarded-For is ignored")
    String trustedProxies() default "";

    @AttributeDefinition(name = "Listener threads", description = "Largest number of request threads, 4 to 1000")
    String maxThreads() default "32";

    @AttributeDefinition(name = "Queued requests",
            description = "Requests waiting for a thread beyond which new connections are refused, 1 to 100000")
    String maxQueuedRequests() default "512";

    @AttributeDefinition(name = "Idle timeout",
            description = "How long a connection may send nothing (headers or body) before it is closed: ISO-8601 "
                    + "duration or seconds")
    String idleTimeout() default "PT30S";

    @AttributeDefinition(name = "Worker threads",
            description = "Deliveries processed at once into parley:ingest, 1 to 64")
    String workerThreads() default "2";

    @AttributeDefinition(name = "Claim size", description = "Deliveries claimed from the inbox at once, 1 to 1000")
    String batchSize() default "50";

    @AttributeDefinition(name = "Poll interval",
            description = "How often the worker looks for due deliveries besides being woken by new ones")
    String pollInterval() default "PT1S";

    @AttributeDefinition(name = "Lease", description = "How long a claimed delivery is held before another worker "
            + "(after a crash, on any node) may take it: longer than the slowest processing")
    String lease() default "PT2M";

    @AttributeDefinition(name = "First retry delay",
            description = "After a failure that may pass (store down), the first wait; it doubles per attempt")
    String retryInitial() default "PT5S";

    @AttributeDefinition(name = "Longest retry delay", description = "The longest wait between two attempts")
    String retryMax() default "PT10M";

    @AttributeDefinition(name = "Keep processed deliveries",
            description = "How long processed deliveries are kept, and so how long a retried delivery is recognised "
                    + "as one; at least PT1H")
    String keepFinished() default "P7D";
}
