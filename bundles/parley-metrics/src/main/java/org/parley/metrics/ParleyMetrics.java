package org.parley.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Parley's metrics, read from the services Parley publishes at the moment they are asked for (nothing is sampled in
 * the background). The same values are readable over JMX as the MXBean {@value #OBJECT_NAME}.
 */
public interface ParleyMetrics {

    /** The Prometheus text exposition format this writes. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The JMX name of the MXBean with the same metrics. */
    String OBJECT_NAME = "org.parley:type=Metrics";

    /**
     * Reads every metric now and writes it in the Prometheus text format 0.0.4 (UTF-8). A source that is absent or
     * fails is reported as {@code parley_metrics_source_up{source="..."} 0} and its metrics are left out; the rest is
     * written.
     */
    void writePrometheus(OutputStream out) throws IOException;
}
