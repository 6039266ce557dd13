package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing: a sink instance kicked out of its group (its partition claimed by another since) cannot commit any more,
 * stored offsets never move backwards, and a lake file is never replaced by one covering fewer offsets; nothing of a
 * refused write is kept, audit counts included. The PostgreSQL side is in {@link WarehousePostgresIT}.
 */
class SinkFencingTest {

    static final String EVENTS = "notes.events";
    static final TopicPartition P0 = new TopicPartition(EVENTS, 0);

    @TempDir
    Path dir;

    @Test
    void shouldRefuseTheWritesOfAWarehouseSinkWhosePartitionWasClaimedSinceAndNeverMoveOffsetsBack() {
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString()));
        try (WarehouseSink zombie = new WarehouseSink(Warehouse.open(config), config);
             WarehouseSink owner = new WarehouseSink(Warehouse.open(config), config)) {
            fenceScenario(zombie, owner);
        }
    }

    /** The scenario on two sinks of the same group and database. */
    static void fenceScenario(WarehouseSink zombie, WarehouseSink owner) {
        List<NoteEvent> events = TestEvents.generate(81, 30, 2, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        assertThat(zombie.claim(List.of(P0))).isEmpty();
        zombie.write(records(0, events.subList(0, 10)), Map.of(P0, 10L));

        assertThat(owner.claim(List.of(P0))).as("the new owner starts from what was stored").containsEntry(P0, 10L);
        assertThatThrownBy(() -> zombie.write(records(10, events.subList(10, 20)), Map.of(P0, 20L)))
                .isInstanceOf(SinkFencedException.class).hasMessageContaining("claimed by another instance");
        assertThat(owner.warehouse().count("note_events")).as("nothing of the refused write").isEqualTo(10);
        assertThat(auditSum(owner)).isEqualTo(10);

        owner.write(records(10, events.subList(10, 20)), Map.of(P0, 20L));
        assertThatThrownBy(() -> owner.write(records(5, events.subList(5, 8)), Map.of(P0, 8L)))
                .as("an offset before the stored one").isInstanceOf(SinkFencedException.class)
                .hasMessageContaining("backwards");
        assertThat(owner.storedOffsets(List.of(P0))).containsEntry(P0, 20L);
        assertThat(auditSum(owner)).as("counts never doubled").isEqualTo(20);
        assertThat(epochOf(owner)).as("the epoch is stored with the offset").isEqualTo(2);
    }

    @Test
    void shouldNeverReplaceALakeFileByOneCoveringFewerOffsets() throws Exception {
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.LAKE_ROTATE_RECORDS_CONFIG, 1000));
        TopicCatalog catalog = TopicCatalog.withDefaults();
        List<NoteEvent> events = TestEvents.generate(82, 20, 2, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        LakeSink owner = new LakeSink(config, catalog);
        owner.storedOffsets(List.of(P0));
        owner.write(records(0, events), Map.of(P0, 20L));
        owner.flush();
        Path file = single(config);

        LakeSink zombie = new LakeSink(config, catalog); // still thinks it owns offsets 0..9 and flushes them
        zombie.write(records(0, events.subList(0, 10)), Map.of(P0, 10L));
        assertThatThrownBy(zombie::flush).isInstanceOf(SinkFencedException.class)
                .hasMessageContaining("already covers offsets up to 19");
        assertThat(LakeFiles.meta(file)).containsEntry(LakeFiles.META_END, "19");
        assertThat(LakeFiles.read(file)).hasSize(20);
        assertThat(zombie.auditCounter().orElseThrow().total()).as("the zombie counted nothing").isZero();
        try (var temps = Files.walk(dir)) {
            assertThat(temps.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }

        LakeSink rerun = new LakeSink(config, catalog); // a re-run of the same range: the same file, not replaced
        rerun.write(records(0, events), Map.of(P0, 20L));
        assertThatThrownBy(rerun::flush).isInstanceOf(SinkFencedException.class);
        assertThat(rerun.storedOffsets(List.of(P0))).as("after the rewind, it goes on after the file")
                .containsEntry(P0, 20L);
    }

    private static Path single(SinksConfig config) throws Exception {
        List<Path> files = LakeFiles.list(config.lakeDir(), EVENTS);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    static List<SinkRecord> records(long from, List<NoteEvent> events) {
        List<SinkRecord> list = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            list.add(new SinkRecord(EVENTS, 0, from + i, 0L, events.get(i).getTalkId(), events.get(i)));
        }
        return list;
    }

    static long auditSum(WarehouseSink sink) {
        return query(sink, "SELECT COALESCE(SUM(records), 0) FROM audit_counts");
    }

    static long epochOf(WarehouseSink sink) {
        return query(sink, "SELECT epoch FROM sink_offsets WHERE topic = '" + EVENTS + "' AND kafka_partition = 0");
    }

    private static long query(WarehouseSink sink, String sql) {
        try (Connection c = sink.warehouse().dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.rollback();
            return n;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
