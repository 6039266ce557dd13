package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The warehouse sink on the local PostgreSQL (batched inserts rewritten): guard, idempotence, timestamptz. */
class WarehousePostgresIT {

    private static final String EVENTS = "notes.events";
    private static final String VIEWS = "notes.talk-views";

    @Test
    void shouldNeverLetAnOlderViewOverwriteANewerOneAcrossTransactions() {
        try (TestPostgres pg = TestPostgres.freshSchema("guard"); WarehouseSink sink = sink(pg)) {
            sink.write(List.of(view(0, TestEvents.view("t1", 5, 3))), Map.of(new TopicPartition(VIEWS, 0), 1L));
            sink.write(List.of(view(1, TestEvents.view("t1", 4, 1)), view(2, TestEvents.view("t2", 1, 1))),
                    Map.of(new TopicPartition(VIEWS, 0), 3L));

            assertThat(sink.warehouse().count("talks")).isEqualTo(2);
            assertThat(sink.warehouse().count("notes")).as("t1 keeps revision 5's 3 notes + 1 child; t2 has 1 + 1")
                    .isEqualTo(6);
            assertThat(sink.storedOffsets(List.of(new TopicPartition(VIEWS, 0))))
                    .containsEntry(new TopicPartition(VIEWS, 0), 3L);
        }
    }

    @Test
    void shouldStoreOccurredAtAsTimestamptzAndIgnoreDuplicateEventIds() throws Exception {
        List<NoteEvent> events = TestEvents.generate(51, 2, 1, Instant.parse("2026-03-01T23:59:59.999Z"), 2);
        try (TestPostgres pg = TestPostgres.freshSchema("tz"); WarehouseSink sink = sink(pg)) {
            sink.write(List.of(event(0, events.get(0)), event(1, events.get(1)), event(2, events.get(0))), Map.of());
            assertThat(sink.warehouse().count("note_events")).isEqualTo(2);
            try (Connection c = sink.warehouse().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT pg_typeof(occurred_at)::text, "
                         + "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM note_events "
                         + "ORDER BY occurred_at");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("timestamp with time zone");
                assertThat(rs.getString(2)).isEqualTo("2026-03-01 23:59:59.999");
                c.rollback();
            }
        }
    }

    @Test
    void shouldFenceAWarehouseSinkWhosePartitionWasClaimedSince() {
        try (TestPostgres pg = TestPostgres.freshSchema("fence"); WarehouseSink zombie = sink(pg);
             WarehouseSink owner = sink(pg)) {
            SinkFencingTest.fenceScenario(zombie, owner);
        }
    }

    private static WarehouseSink sink(TestPostgres pg) {
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.WAREHOUSE_URL_CONFIG, pg.url()));
        return new WarehouseSink(Warehouse.open(config), config);
    }

    private static SinkRecord view(long offset, io.notespipeline.schemas.avro.TalkView v) {
        return new SinkRecord(VIEWS, 0, offset, 0L, v.getTalkId(), v);
    }

    private static SinkRecord event(long offset, NoteEvent e) {
        return new SinkRecord(EVENTS, 0, offset, 0L, e.getTalkId(), e);
    }
}
