package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash test: sinks are stopped abruptly at random points (seeded; set -Dcrash.seed=N to replay a
 * run) and restarted; in the end the warehouse and the lake hold every eventId of the log exactly once.
 */
@ExtendWith(KafkaExtension.class)
class SinkCrashIT {

    private static final Logger log = LoggerFactory.getLogger(SinkCrashIT.class);
    private static final int EVENTS = 100_000;
    private static final int PARTITIONS = 6;
    private static final int CRASHES = 8;

    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static String bootstrap;
    private static TopicCatalog topics;
    private static String topic;
    private static String viewsTopic;
    private static Set<String> ids;
    private static Map<TopicPartition, Long> ends;

    @BeforeAll
    static void publishEvents(TestKafka kafka) throws Exception {
        log.info("Crash test seed={} (replay with -Dcrash.seed={})", SEED, SEED);
        bootstrap = kafka.bootstrapServers();
        topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("crash") + ".");
        topic = topics.events().name();
        viewsTopic = topics.talkViews().name();
        kafka.createTopic(topic, PARTITIONS);
        kafka.createTopic(viewsTopic, 1);
        kafka.createTopic(topic + ".dlq", 1);
        kafka.createTopic(viewsTopic + ".dlq", 1);
        // 100 ms apart from 22:00 UTC: about 2.8 hours of event time, across midnight
        List<NoteEvent> events = TestEvents.generate(SEED, EVENTS, 500, Instant.parse("2026-03-01T22:00:00Z"), 100);
        ids = new HashSet<>();
        events.forEach(e -> ids.add(e.getEventId().toString()));
        long start = System.nanoTime();
        TestEvents.publish(bootstrap, topic, events);
        log.info("Published events={} ms={}", EVENTS, (System.nanoTime() - start) / 1_000_000);
        ends = endOffsets(kafka);
    }

    private static Map<TopicPartition, Long> endOffsets(TestKafka kafka) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        try (Admin admin = kafka.admin()) {
            admin.listOffsets(request).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
        }
        assertThat(result.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);
        return result;
    }

    private static SinksConfig config(String group, Path dir) {
        return new SinksConfig(Map.of(
                SinksConfig.GROUP_ID_CONFIG, group,
                SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.LAKE_ROTATE_RECORDS_CONFIG, 2000,
                SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 200,
                SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
    }

    @Test
    void shouldHoldEveryEventIdExactlyOnceInTheSqliteWarehouseAfterRandomCrashes(@TempDir Path dir) throws Exception {
        SinksConfig config = config("crash-sqlite", dir);
        String url = config.warehouseUrl();
        crashAndRecover(config, () -> new WarehouseSink(Warehouse.open(config), config, topics),
                () -> warehouseOffsets(url, "crash-sqlite-warehouse"), new Random(SEED));
        assertThat(warehouseEventIds(url)).as("seed=%d", SEED).hasSize(EVENTS).isEqualTo(ids);
    }

    @Test
    void shouldHoldEveryEventIdExactlyOnceInThePostgresWarehouseAfterRandomCrashes(@TempDir Path dir) throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema("crash")) {
            SinksConfig config = new SinksConfig(Map.of(
                    SinksConfig.GROUP_ID_CONFIG, "crash-pg", SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                    SinksConfig.WAREHOUSE_URL_CONFIG, pg.url(), SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
            crashAndRecover(config, () -> new WarehouseSink(Warehouse.open(config), config, topics),
                    () -> warehouseOffsets(pg.url(), "crash-pg-warehouse"), new Random(SEED + 1));
            assertThat(warehouseEventIds(pg.url())).as("seed=%d", SEED).hasSize(EVENTS).isEqualTo(ids);
        }
    }

    @Test
    void shouldHoldEveryEventIdExactlyOnceInTheLakeAfterRandomCrashes(@TempDir Path dir) throws Exception {
        SinksConfig config = config("crash-lake", dir);
        crashAndRecover(config, () -> new LakeSink(config, topics), () -> lakeOffsets(config.lakeDir()), new Random(SEED + 2));

        List<String> lakeIds = new ArrayList<>();
        for (Path file : LakeFiles.list(config.lakeDir(), topic)) {
            LakeFiles.read(file).forEach(e -> lakeIds.add(e.getEventId().toString()));
        }
        assertThat(lakeIds).as("seed=%d: no eventId twice", SEED).hasSize(EVENTS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(lakeIds)).as("seed=%d", SEED).isEqualTo(ids);
    }

    /** Runs the sink, kills it at a random point {@value #CRASHES} times, then lets it catch up. */
    private static void crashAndRecover(SinksConfig config, Supplier<Sink> sinks,
                                        Supplier<Map<TopicPartition, Long>> stored, Random random) {
        long start = System.nanoTime();
        for (int i = 0; i < CRASHES; i++) {
            SinkRunner runner = new SinkRunner(sinks.get(), config, bootstrap, topics);
            runner.start();
            long target = 1 + random.nextInt(25_000);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    runner.recordsConsumed() >= target || !runner.isAlive() || ends.equals(stored.get()));
            runner.closeAbruptly();
            assertThat(runner.failure()).as("seed=%d", SEED).isEmpty();
            log.info("Crashed sink={} crash={} afterRecords={} stored={}", runner.sink().name(), i,
                    runner.recordsConsumed(), stored.get().values().stream().mapToLong(Long::longValue).sum());
        }
        try (SinkRunner runner = new SinkRunner(sinks.get(), config, bootstrap, topics)) {
            runner.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> ends.equals(stored.get()));
            assertThat(runner.failure()).isEmpty();
        }
        log.info("Crash test done seed={} crashes={} ms={}", SEED, CRASHES, (System.nanoTime() - start) / 1_000_000);
    }

    private static Map<TopicPartition, Long> warehouseOffsets(String url, String group) {
        Map<TopicPartition, Long> result = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT topic, kafka_partition, next_offset FROM sink_offsets WHERE group_id = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            return Map.of(); // not migrated yet
        }
        return result;
    }

    private static Set<String> warehouseEventIds(String url) throws SQLException {
        Set<String> result = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT event_id FROM note_events");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }

    /** Next offsets from the committed lake files' metadata (read-only: safe while the sink runs). */
    private static Map<TopicPartition, Long> lakeOffsets(Path lake) {
        Map<TopicPartition, Long> result = new HashMap<>();
        try {
            for (Path file : LakeFiles.list(lake, topic)) {
                int partition = LakeFiles.parse(file).orElseThrow().partition();
                long end = Long.parseLong(LakeFiles.meta(file).get(LakeFiles.META_END));
                result.merge(new TopicPartition(topic, partition), end + 1, Math::max);
            }
        } catch (IOException e) {
            return Map.of(); // a file renamed away under us: look again
        }
        return result;
    }
}
