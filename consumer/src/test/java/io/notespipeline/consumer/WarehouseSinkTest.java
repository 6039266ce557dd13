package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse sink on SQLite (a file in a temp folder); the PostgreSQL side runs in the ITs. */
class WarehouseSinkTest {

    private static final String EVENTS = "notes.events";
    private static final String VIEWS = "notes.talk-views";

    @TempDir
    Path dir;

    private WarehouseSink sink() {
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString()));
        return new WarehouseSink(Warehouse.open(config), config);
    }

    @Test
    void shouldCreateWarehouseDbInTheDataDirAndIgnoreDuplicateEventIds() {
        List<NoteEvent> events = TestEvents.generate(7, 3, 1, Instant.parse("2026-03-01T10:00:00Z"), 1);
        try (WarehouseSink sink = sink()) {
            sink.write(List.of(rec(EVENTS, 0, 0, events.get(0)), rec(EVENTS, 0, 1, events.get(1))),
                    Map.of(new TopicPartition(EVENTS, 0), 2L));
            sink.write(List.of(rec(EVENTS, 0, 2, events.get(1)), rec(EVENTS, 0, 3, events.get(2))),
                    Map.of(new TopicPartition(EVENTS, 0), 4L));
            assertThat(sink.warehouse().count("note_events")).isEqualTo(3);
            assertThat(sink.storedOffsets(List.of(new TopicPartition(EVENTS, 0))))
                    .containsExactly(Map.entry(new TopicPartition(EVENTS, 0), 4L));
        }
        assertThat(dir.resolve("warehouse.db")).exists();
    }

    @Test
    void shouldOpenSqliteInWalModeSoReadersDoNotBlockTheSink() throws Exception {
        try (WarehouseSink sink = sink();
             java.sql.Connection c = sink.warehouse().dataSource().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void shouldNeverLetAnOlderViewOverwriteANewerOne() {
        try (WarehouseSink sink = sink()) {
            sink.write(List.of(rec(VIEWS, 0, 0, TestEvents.view("t1", 5, 3))), Map.of(new TopicPartition(VIEWS, 0), 1L));
            sink.write(List.of(rec(VIEWS, 0, 1, TestEvents.view("t1", 4, 1))), Map.of(new TopicPartition(VIEWS, 0), 2L));
            Map<String, TableFingerprint> afterOld = sink.warehouse().fingerprint();
            assertThat(sink.warehouse().count("notes")).as("3 notes + 1 child of revision 5").isEqualTo(4);

            sink.write(List.of(rec(VIEWS, 0, 2, TestEvents.view("t1", 6, 2))), Map.of(new TopicPartition(VIEWS, 0), 3L));
            assertThat(sink.warehouse().count("notes")).isEqualTo(3);
            assertThat(sink.warehouse().fingerprint().get("talks")).isNotEqualTo(afterOld.get("talks"));
        }
    }

    @Test
    void shouldKeepTheNewestViewWhenOneBatchHoldsSeveralRevisions() {
        try (WarehouseSink sink = sink()) {
            sink.write(List.of(rec(VIEWS, 0, 0, TestEvents.view("t1", 2, 1)), rec(VIEWS, 0, 1, TestEvents.view("t1", 3, 5)),
                    rec(VIEWS, 0, 2, TestEvents.view("t2", 1, 1))), Map.of(new TopicPartition(VIEWS, 0), 3L));
            assertThat(sink.warehouse().count("talks")).isEqualTo(2);
            assertThat(sink.warehouse().count("notes")).isEqualTo(6 + 2);
        }
    }

    @Test
    void shouldFingerprintEqualContentEquallyWhateverTheInsertOrder() {
        List<NoteEvent> events = TestEvents.generate(8, 20, 2, Instant.parse("2026-03-01T10:00:00Z"), 1);
        Map<String, TableFingerprint> forward;
        try (WarehouseSink sink = sink()) {
            for (int i = 0; i < events.size(); i++) {
                sink.write(List.of(rec(EVENTS, 0, i, events.get(i))), Map.of());
            }
            forward = sink.warehouse().fingerprint();
        }
        SinksConfig other = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.resolve("other").toString()));
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(other), other)) {
            for (int i = events.size() - 1; i >= 0; i--) {
                sink.write(List.of(rec(EVENTS, 0, i, events.get(i))), Map.of());
            }
            assertThat(sink.warehouse().fingerprint()).isEqualTo(forward);
        }
    }

    private static SinkRecord rec(String topic, int partition, long offset, Object value) {
        String key = value instanceof NoteEvent e ? e.getTalkId() : ((io.notespipeline.schemas.avro.TalkView) value).getTalkId();
        return new SinkRecord(topic, partition, offset, 0L, key, value);
    }
}
