package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Issue 13's restart and memory settings of the views' Kafka Streams instance. */
class ViewsRecoverySettingsTest {

    @Test
    void shouldKeepLocalStateAcrossACrashUnderExactlyOnce() {
        Properties p = ViewsConfig.defaults().streamsProperties("b:9092", "dlq");
        assertThat(p.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo(true);
        assertThat(p.get(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG)).isEqualTo("READ_UNCOMMITTED");
        assertThat(p.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(10_000);
        assertThat(p).as("Kafka Streams' own RocksDB settings (a 24 MB shared budget made the fold 200x slower)")
                .doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        assertThat(new StreamsConfig(p).getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isTrue();
    }

    @Test
    void shouldNotAskForTransactionalStoresUnderAtLeastOnce() {
        Properties p = new ViewsConfig(Map.of(ViewsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))
                .streamsProperties("b:9092", "dlq");
        assertThat(p).doesNotContainKey(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG);
    }

    @Test
    void shouldGiveTheSameStaticMemberIdToTheSameStateFolderAndAnotherToAnother() {
        ViewsConfig a = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, "/data/a/streams"));
        ViewsConfig again = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, "/data/a/../a/streams"));
        ViewsConfig b = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, "/data/b/streams"));
        assertThat(ViewsService.groupInstanceId(a)).isEqualTo(ViewsService.groupInstanceId(again))
                .startsWith("notes-views-").isNotEqualTo(ViewsService.groupInstanceId(b))
                .matches("[A-Za-z0-9._-]+");
    }
}
