package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks' audit counts are what they committed, and a restarted sink reads the same counts back from its storage. */
class SinkAuditTest {

    private static final String EVENTS = "notes.events";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long MINUTE = 60_000;
    private static final List<TopicPartition> P0 = List.of(new TopicPartition(EVENTS, 0));

    @TempDir
    Path dir;

    private SinksConfig config(Map<String, Object> extra) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.LAKE_DIR_CONFIG, dir.resolve("lake").toString(), SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 1));
        m.putAll(extra);
        return new SinksConfig(m);
    }

    private static List<SinkRecord> records(List<NoteEvent> events, long firstOffset) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            out.add(new SinkRecord(EVENTS, 0, firstOffset + i, 0L, events.get(i).getTalkId(), events.get(i)));
        }
        return out;
    }

    private static long count(AuditCounter counter, long bucketStart) {
        return counter.count(EVENTS, 0, bucketStart);
    }

    @Test
    void shouldCountWarehouseCommitsPerBucketAndReloadThemAfterARestart() {
        List<NoteEvent> events = TestEvents.generate(3, 90, 2, T0, 1000);
        SinksConfig config = config(Map.of());
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(config), config, TopicCatalog.withDefaults())) {
            sink.storedOffsets(P0);
            sink.write(records(events.subList(0, 50), 0), Map.of(P0.get(0), 50L));
            sink.write(records(events.subList(50, 90), 50), Map.of(P0.get(0), 90L));
            AuditCounter live = sink.auditCounter().orElseThrow();
            assertThat(live.total()).isEqualTo(90);
            assertThat(count(live, T0.toEpochMilli())).isEqualTo(60);
            assertThat(count(live, T0.toEpochMilli() + MINUTE)).isEqualTo(30);
        }
        try (WarehouseSink restarted = new WarehouseSink(Warehouse.open(config), config, TopicCatalog.withDefaults())) {
            restarted.storedOffsets(P0);
            AuditCounter reloaded = restarted.auditCounter().orElseThrow();
            assertThat(reloaded.total()).as("the counts come from audit_counts, committed with the rows").isEqualTo(90);
            List<AuditCount> reports = reloaded.drainChanged(Instant.now());
            assertThat(reports).filteredOn(AuditKeys::isOffsetReport).singleElement()
                    .extracting(AuditCount::getCommittedOffset).isEqualTo(90L);
        }
    }

    @Test
    void shouldCountOnlyTheEventsWrittenWhileTheOffsetMovesPastAMissingOne() {
        List<NoteEvent> events = TestEvents.generate(4, 10, 1, T0, 1000);
        SinksConfig config = config(Map.of());
        try (WarehouseSink sink = new WarehouseSink(Warehouse.open(config), config, TopicCatalog.withDefaults())) {
            sink.write(without(records(events, 0), 4), Map.of(P0.get(0), 10L));
            assertThat(sink.warehouse().count("note_events")).isEqualTo(9);
            assertThat(sink.auditCounter().orElseThrow().total()).isEqualTo(9);
            assertThat(sink.storedOffsets(P0)).as("the offset still moves past the dropped event")
                    .containsEntry(P0.get(0), 10L);
        }
    }

    @Test
    void shouldCountLakeFilesPerBucketAndRecomputeThemFromTheFilesAfterARestart() {
        List<NoteEvent> events = TestEvents.generate(5, 90, 2, T0, 1000);
        SinksConfig config = config(Map.of());
        LakeSink lake = new LakeSink(config, TopicCatalog.withDefaults());
        lake.storedOffsets(P0);
        lake.write(without(records(events, 0), 7), Map.of(P0.get(0), 90L));
        assertThat(lake.auditCounter().orElseThrow().total()).as("nothing counted before a file is committed").isZero();
        lake.flush();
        assertThat(lake.auditCounter().orElseThrow().total()).isEqualTo(89);
        lake.close();

        LakeSink restarted = new LakeSink(config(Map.of()), TopicCatalog.withDefaults());
        restarted.storedOffsets(P0);
        AuditCounter reloaded = restarted.auditCounter().orElseThrow();
        assertThat(reloaded.total()).isEqualTo(89);
        assertThat(count(reloaded, T0.toEpochMilli())).isEqualTo(59);
        restarted.close();
    }

    /** @return {@code records} without the one at {@code index}, as a sink that lost it would see them */
    private static List<SinkRecord> without(List<SinkRecord> records, int index) {
        List<SinkRecord> rest = new java.util.ArrayList<>(records);
        rest.remove(index);
        return rest;
    }
}
