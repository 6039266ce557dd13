package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.notespipeline.schemas.ConfigSources;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ViewsConfigTest {

    @Test
    void shouldDefaultToExactlyOnceSevenDaysDedupeAndOneStandby() {
        ViewsConfig config = ViewsConfig.defaults();
        Properties p = config.streamsProperties("localhost:9092", "notes.events.dlq");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("notes.events.dlq");
        assertThat(p).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
        assertThat(config.retention().dedupeRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.afterWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldTakeFlagsOverEnvironmentOverDefaults() {
        Map<String, Object> values = ConfigSources.resolve(ViewsConfig.CONFIG,
                Map.of(ViewsConfig.APPLICATION_SERVER_CONFIG, "host-a:8080"),
                Map.of("NOTES_STREAMS_APPLICATION_SERVER", "ignored:1", "NOTES_STREAMS_NUM_STANDBY_REPLICAS", "2"));
        ViewsConfig config = new ViewsConfig(values);
        Properties p = config.streamsProperties("b:9092", "dlq");
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("host-a:8080");
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(2);
    }

    @Test
    void shouldRefuseUnknownProcessingGuarantee() {
        assertThatThrownBy(() -> new ViewsConfig(Map.of(ViewsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldDocumentEverySetting() {
        assertThat(ConfigSources.markdownReference(ViewsConfig.CONFIG))
                .contains("streams.dedupe.retention.ms", "NOTES_STREAMS_HISTORY_RETENTION_MS", "exactly_once_v2");
    }
}
