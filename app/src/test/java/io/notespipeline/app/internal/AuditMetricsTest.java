package io.notespipeline.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.streams.AuditViewTopology;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {

    @Test
    void shouldExposeBothAuditMetricsToPrometheusWithoutANameClash() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        new AuditViewTopology(TopicCatalog.withDefaults().auditCounts(), Duration.ofMinutes(1), Duration.ofSeconds(1),
                registry);

        assertThat(registry.scrape()).as("the gauge and the counter must have distinct Prometheus names")
                .contains("notes_audit_incomplete_buckets ", "notes_audit_buckets_turned_incomplete_total ");
    }
}
