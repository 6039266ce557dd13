package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the warehouse's batch write rate (events/s) on SQLite and PostgreSQL: 50,000 events
 * written through {@link WarehouseSink#write} in transactions of {@value #BATCH} (the default
 * {@code sinks.max.poll.records}), offsets included, no Kafka in the way. Logs the rate; asserts the rows.
 */
class WarehouseThroughputIT {

    private static final Logger log = LoggerFactory.getLogger(WarehouseThroughputIT.class);
    private static final int EVENTS = Integer.getInteger("throughput.events", 50_000);
    private static final int BATCH = 5000;
    private static final String TOPIC = "notes.events";

    private static final List<NoteEvent> DATA =
            TestEvents.generate(41, EVENTS, 1000, Instant.parse("2026-03-01T00:00:00Z"), 10);

    @Test
    void shouldMeasureBatchWriteRateIntoSqlite(@TempDir Path dir) {
        measure("sqlite", new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString())));
    }

    @Test
    void shouldMeasureBatchWriteRateIntoPostgres() {
        try (TestPostgres pg = TestPostgres.freshSchema("tput")) {
            measure("postgresql", new SinksConfig(Map.of(SinksConfig.WAREHOUSE_URL_CONFIG, pg.url())));
        }
    }

    private static void measure(String label, SinksConfig config) {
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(config), config)) {
            long start = System.nanoTime();
            for (int from = 0; from < EVENTS; from += BATCH) {
                List<SinkRecord> batch = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    batch.add(new SinkRecord(TOPIC, i % 6, i / 6, 0L, DATA.get(i).getTalkId(), DATA.get(i)));
                }
                Map<TopicPartition, Long> next = new java.util.HashMap<>();
                for (int p = 0; p < 6; p++) {
                    next.put(new TopicPartition(TOPIC, p), (long) (from + BATCH) / 6);
                }
                sink.write(batch, next);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("Warehouse batch write rate db={} events={} batch={} seconds={} eventsPerSecond={}", label, EVENTS,
                    BATCH, String.format("%.2f", seconds), Math.round(EVENTS / seconds));
            assertThat(sink.warehouse().count("note_events")).isEqualTo(EVENTS);
        }
    }
}
