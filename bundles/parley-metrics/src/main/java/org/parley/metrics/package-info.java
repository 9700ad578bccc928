/**
 * Parley's metrics and readiness, for the REST API: {@link org.parley.metrics.ParleyMetrics} writes every metric in
 * the Prometheus text format, {@link org.parley.metrics.ParleyHealth} says whether Parley is ready and why not.
 * Everything else of parley-metrics is private.
 */
package org.parley.metrics;
