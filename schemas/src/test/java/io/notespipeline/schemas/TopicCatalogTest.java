package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void shouldKeepEventsForeverAndCompactViews() {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        assertThat(catalog.events().configs()).containsEntry("retention.ms", "-1");
        assertThat(catalog.events().identityField()).contains("eventId");
        assertThat(catalog.events().orderingField()).contains("occurredAt");
        assertThat(catalog.talkViews().compacted()).isTrue();
        assertThat(catalog.talkViews().identityField()).contains("talkId");
        assertThat(catalog.talkViews().orderingField()).contains("revision");
        assertThat(catalog.schemas().partitions()).as("the registry log needs a total order").isEqualTo(1);
        assertThat(catalog.deadLetter("notes.events").name()).isEqualTo("notes.events.dlq");
    }

    @Test
    void shouldTypeTheAuditTopicWithoutChangingItsPolicy() {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        assertThat(catalog.auditCounts().name()).isEqualTo(catalog.audit().name()).isEqualTo(TopicCatalog.AUDIT);
        assertThat(catalog.auditCounts().configs()).isEqualTo(catalog.audit().configs());
        assertThat(catalog.auditCounts().compacted()).as("the latest report per key wins").isTrue();
        assertThat(catalog.config().auditBucketMs()).isEqualTo(60_000L);
    }

    @Test
    void shouldTakePartitionsFromConfigurationAndRefuseNonsense() {
        TopicCatalog catalog = new TopicCatalog(new CatalogConfig(Map.of(CatalogConfig.PARTITIONS_CONFIG, "12")),
                SerdeProvider.avroBinary());
        assertThat(catalog.events().partitions()).isEqualTo(12);
        assertThatThrownBy(() -> new CatalogConfig(Map.of(CatalogConfig.PARTITIONS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CatalogConfig.PARTITIONS_CONFIG);
    }

    @Test
    void shouldResolveFlagsThenEnvironmentThenDefaults() {
        Map<String, Object> values = ConfigSources.resolve(CatalogConfig.CONFIG,
                Map.of(CatalogConfig.PARTITIONS_CONFIG, "3"),
                Map.of("NOTES_TOPICS_PARTITIONS", "9", "NOTES_TOPICS_REPLICATION_FACTOR", "3"));
        CatalogConfig config = new CatalogConfig(values);
        assertThat(config.partitions()).as("a flag beats the environment").isEqualTo(3);
        assertThat(config.replicationFactor()).as("the environment beats the default").isEqualTo((short) 3);
        assertThat(ConfigSources.envName("kafka.bootstrap-servers")).isEqualTo("NOTES_KAFKA_BOOTSTRAP_SERVERS");
    }
}
