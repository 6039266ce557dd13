package io.notespipeline.consumer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.consumer.internal.WarehouseWriter;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL warehouse sink: each batch of events (insert-or-ignore by {@code event_id}) and talk views
 * (upsert guarded by {@code revision}, notes replaced) is written in one transaction together with
 * the next offsets in {@code sink_offsets}. Owns the {@link Warehouse} it is given.
 */
public final class WarehouseSink implements Sink {

    /** The sink's name; its consumer group and {@code sink_offsets.group_id} are {@code <prefix>-warehouse}. */
    public static final String NAME = "warehouse";

    private static final Logger log = LoggerFactory.getLogger(WarehouseSink.class);

    private final Warehouse warehouse;
    private final WarehouseWriter writer;
    private final String group;
    private final String eventsTopic;
    private final String viewsTopic;
    private volatile boolean aborted;

    /**
     * @param warehouse the opened warehouse (closed with the sink)
     * @param config    group id prefix and topic names
     */
    public WarehouseSink(Warehouse warehouse, SinksConfig config) {
        this.warehouse = warehouse;
        this.writer = new WarehouseWriter(warehouse.dialect());
        this.group = config.groupId() + "-" + NAME;
        this.eventsTopic = config.eventsTopic();
        this.viewsTopic = config.viewsTopic();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> topics() {
        return Set.of(eventsTopic, viewsTopic);
    }

    /** @return the warehouse written to */
    public Warehouse warehouse() {
        return warehouse;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        return warehouse.storedOffsets(group, partitions);
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        List<NoteEvent> events = new ArrayList<>();
        List<Map.Entry<String, TalkView>> views = new ArrayList<>();
        for (SinkRecord r : records) {
            if (r.topic().equals(eventsTopic)) {
                events.add((NoteEvent) r.value());
            } else if (r.topic().equals(viewsTopic)) {
                views.add(new AbstractMap.SimpleEntry<>(r.key(), (TalkView) r.value()));
            }
        }
        try (Connection c = warehouse.dataSource().getConnection()) {
            try {
                int inserted = writer.insertEvents(c, events);
                writer.applyViews(c, views);
                writer.storeOffsets(c, group, nextOffsets, Instant.now());
                if (aborted || Thread.currentThread().isInterrupted()) {
                    throw new NotesSinkException("warehouse sink aborted before commit");
                }
                c.commit();
                log.debug("Committed warehouse batch events={} inserted={} views={} offsets={}",
                        events.size(), inserted, views.size(), nextOffsets);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("warehouse write failed: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed", e);
        }
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public void close() {
        warehouse.close();
    }
}
