package org.parley.ingress.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;
import org.parley.api.config.ConfigValues;

/**
 * The ingress's configuration, checked once at activation by {@link #validate}; every wrong value is refused with a
 * message naming the PID, the key and what is allowed.
 *
 * @param host                       address to listen on
 * @param port                       TCP port; 0 for any free one
 * @param maxBodyBytes               largest body; larger ones get 413
 * @param requestsPerSecondPerSource per client address; 0 for no limit
 * @param trustedProxies             the proxies as configured (for messages), parsed into {@link #proxySet}
 * @param maxThreads                 request threads
 * @param maxQueuedRequests          requests waiting for a thread
 * @param idleTimeout                a connection that sends nothing this long is closed
 * @param workerThreads              deliveries processed at once
 * @param batchSize                  deliveries claimed at once
 * @param pollInterval               how often the worker looks for due deliveries
 * @param lease                      how long a claim holds a delivery
 * @param retryInitial               the first wait after a failure; doubles per attempt
 * @param retryMax                   the longest wait
 * @param keepFinished               how long processed deliveries are kept (and retries recognised)
 */
public record IngressSettings(String host, int port, int maxBodyBytes, int requestsPerSecondPerSource,
                              List<String> trustedProxies, int maxThreads, int maxQueuedRequests, Duration idleTimeout,
                              int workerThreads, int batchSize, Duration pollInterval, Duration lease,
                              Duration retryInitial, Duration retryMax, Duration keepFinished) {

    static final int MAX_BODY_LIMIT = 64 * 1024 * 1024;

    /** IP literals and CIDR ranges only: a host name would be looked up, and a DNS answer is no trust. */
    private static final Pattern ADDRESS_OR_RANGE = Pattern.compile("[0-9A-Fa-f:.]+(/\\d{1,3})?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");

    public IngressSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static IngressSettings validate(String pid, IngressConfig config) {
        String where = pid + ": ";
        String host = config.host() == null ? "" : config.host().trim();
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(where + "host '" + config.host()
                    + "' is not an address to listen on, such as 127.0.0.1 or 0.0.0.0");
        }
        int port = number(where, "port", config.port(), 0, 65_535);
        int maxBody = number(where, "maxBodyBytes", config.maxBodyBytes(), 1024, MAX_BODY_LIMIT);
        int rate = number(where, "requestsPerSecondPerSource", config.requestsPerSecondPerSource(), 0, 1_000_000);
        List<String> proxies = proxies(where, config.trustedProxies());
        int maxThreads = number(where, "maxThreads", config.maxThreads(), 4, 1000);
        int maxQueued = number(where, "maxQueuedRequests", config.maxQueuedRequests(), 1, 100_000);
        Duration idle = ConfigValues.positiveDuration(where, "idleTimeout", config.idleTimeout());
        int workers = number(where, "workerThreads", config.workerThreads(), 1, 64);
        int batch = number(where, "batchSize", config.batchSize(), 1, 1000);
        Duration poll = ConfigValues.positiveDuration(where, "pollInterval", config.pollInterval());
        Duration lease = ConfigValues.positiveDuration(where, "lease", config.lease());
        Duration retryInitial = ConfigValues.positiveDuration(where, "retryInitial", config.retryInitial());
        Duration retryMax = ConfigValues.positiveDuration(where, "retryMax", config.retryMax());
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException(where + "retryMax '" + config.retryMax()
                    + "' is shorter than retryInitial '" + config.retryInitial() + "'");
        }
        Duration keep = ConfigValues.positiveDuration(where, "keepFinished", config.keepFinished());
        if (keep.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException(where + "keepFinished '" + config.keepFinished()
                    + "' is shorter than PT1H: channels retry a delivery for hours, and a retry must be recognised");
        }
        return new IngressSettings(host, port, maxBody, rate, proxies, maxThreads, maxQueued, idle, workers, batch,
                poll, lease, retryInitial, retryMax, keep);
    }

    /** The trusted proxies as a set that tests an address. */
    public InetAddressSet proxySet() {
        InetAddressSet set = new InetAddressSet();
        trustedProxies.forEach(set::add);
        return set;
    }

    private static List<String> proxies(String where, String value) {
        List<String> proxies = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return proxies;
        }
        for (String item : value.split(",")) {
            String proxy = item.trim();
            if (proxy.isEmpty()) {
                continue;
            }
            boolean valid = ADDRESS_OR_RANGE.matcher(proxy).matches();
            if (valid) {
                try {
                    new InetAddressSet().add(proxy);
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException(where + "trustedProxies: '" + proxy
                        + "' is not an IP address or CIDR range such as 127.0.0.1, 10.0.0.0/8 or ::1");
            }
            proxies.add(proxy);
        }
        return proxies;
    }

    private static int number(String where, String key, String value, int min, int max) {
        String v = value == null ? "" : value.trim().replace("_", "");
        if (v.matches("\\d{1,10}")) {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        throw new IllegalArgumentException(where + key + " '" + value + "' must be a whole number from " + min + " to " + max);
    }
}
