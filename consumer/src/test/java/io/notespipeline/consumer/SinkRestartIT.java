package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision: the warehouse sink's thread dies on an {@link AssertionError} thrown from inside a write (as pgjdbc
 * does under {@code -ea} when PostgreSQL drops a connection); the service restarts it with backoff, reports it in
 * its health, and the warehouse ends with every event once and counts that did not double.
 */
@ExtendWith(KafkaExtension.class)
class SinkRestartIT {

    @Test
    void shouldRestartASinkWhoseThreadDiedAndEndWithEveryEventOnce(TestKafka kafka, @TempDir Path dir) throws Exception {
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("supervise") + ".");
        String topic = topics.events().name();
        kafka.createTopic(topic, 3);
        kafka.createTopic(topics.talkViews().name(), 1);
        int events = 3_000;
        TestEvents.publish(kafka.bootstrapServers(), topic,
                TestEvents.generate(71, events, 30, Instant.parse("2026-03-01T10:00:00Z"), 100));
        SinksConfig config = new SinksConfig(Map.of(
                SinksConfig.DATA_DIR_CONFIG, dir.toString(), SinksConfig.GROUP_ID_CONFIG, topic,
                SinksConfig.LAKE_ENABLED_CONFIG, false, SinksConfig.MAX_POLL_RECORDS_CONFIG, 500,
                SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50, SinksConfig.RESTART_BACKOFF_MS_CONFIG, 200,
                SinksConfig.AUDIT_INTERVAL_MS_CONFIG, 0));
        AtomicInteger deaths = new AtomicInteger(2); // the first two instances die on their second write
        try (SinkService service = new SinkService(config, kafka.bootstrapServers(), topics,
                sink -> deaths.getAndDecrement() > 0 ? new DyingOnSecondWrite(sink) : sink)) {
            service.start();
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> count(config, "note_events") == events
                    && service.health().get(0).up());
            SinkHealth health = service.health().get(0);
            assertThat(health.restarts()).as("two deaths, two restarts").isEqualTo(2);
            assertThat(health.name()).isEqualTo(WarehouseSink.NAME);
        }
        assertThat(count(config, "note_events")).isEqualTo(events);
        assertThat(sum(config, "SELECT SUM(records) FROM audit_counts")).as("counts never doubled").isEqualTo(events);
        assertThat(sum(config, "SELECT SUM(next_offset) FROM sink_offsets WHERE topic = '" + topic + "'"))
                .isEqualTo(events);
    }

    private static long count(SinksConfig config, String table) {
        return sum(config, "SELECT COUNT(*) FROM " + table);
    }

    private static long sum(SinksConfig config, String sql) {
        try (Connection c = DriverManager.getConnection(config.warehouseUrl()); ResultSet rs = c.createStatement()
                .executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return -1; // not migrated yet
        }
    }

    /** The first write goes through, the second throws an Error from inside the sink. */
    private static final class DyingOnSecondWrite extends ForwardingSink {
        private int writes;

        DyingOnSecondWrite(Sink delegate) {
            super(delegate);
        }

        @Override
        public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
            if (++writes == 2) {
                throw new AssertionError("Misuse of castNonNull: called with a null argument (as pgjdbc under -ea)");
            }
            delegate().write(records, nextOffsets);
        }
    }
}
