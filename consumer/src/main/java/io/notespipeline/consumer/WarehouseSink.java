package io.notespipeline.consumer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.notespipeline.consumer.internal.WarehouseAudit;
import io.notespipeline.consumer.internal.WarehouseWriter;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL warehouse sink: each batch of events (insert-or-ignore by {@code event_id}) and talk views
 * (upsert guarded by {@code revision}, notes replaced) is written in one transaction together with
 * the next offsets in {@code sink_offsets} and the audit counts in {@code audit_counts} (tier {@code warehouse}:
 * events committed per partition and occurredAt bucket, duplicates ignored by the insert included, since they were
 * handled). Owns the {@link Warehouse} it is given.
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
    private final WarehouseAudit audit;
    private final AuditCounter counter;
    private final Map<TopicPartition, Long> epochs = new java.util.HashMap<>();

    /** A warehouse sink of the default catalogue's topics, counting per bucket of the default length. */
    public WarehouseSink(Warehouse warehouse, SinksConfig config) {
        this(warehouse, config, TopicCatalog.withDefaults());
    }

    /**
     * @param warehouse the opened warehouse (closed with the sink)
     * @param config    group id prefix
     * @param catalog   the events and views topics, the length of an audit bucket ({@code topics.audit.bucket.ms})
     */
    public WarehouseSink(Warehouse warehouse, SinksConfig config, TopicCatalog catalog) {
        long auditBucketMs = catalog.config().auditBucketMs();
        this.warehouse = warehouse;
        this.writer = new WarehouseWriter(warehouse.dialect());
        this.group = config.groupId() + "-" + NAME;
        this.eventsTopic = catalog.events().name();
        this.viewsTopic = catalog.talkViews().name();
        this.audit = new WarehouseAudit(group, auditBucketMs);
        this.counter = new AuditCounter(AuditKeys.WAREHOUSE, "", auditBucketMs);
    }

    /** @return the committed counts of the owned partitions, reloaded from {@code audit_counts} on assignment */
    @Override
    public Optional<AuditCounter> auditCounter() {
        return Optional.of(counter);
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

    /** Bumps the epoch of {@code partitions} (fencing out their previous owner), then reads the stored offsets. */
    @Override
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) {
        try (Connection c = warehouse.dataSource().getConnection()) {
            try {
                Map<TopicPartition, Long> claimed = writer.claim(c, group, partitions, Instant.now());
                c.commit();
                epochs.putAll(claimed);
                log.info("Claimed warehouse partitions group={} epochs={}", group, claimed);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim partitions " + partitions + " of group " + group + ": "
                    + e.getMessage(), e);
        }
        return storedOffsets(partitions);
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(epochs::remove);
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = warehouse.storedOffsets(group, partitions);
        try (Connection c = warehouse.dataSource().getConnection()) {
            audit.load(c, partitions, counter);
            c.rollback();
        } catch (SQLException e) {
            throw new NotesSinkException("cannot read audit counts of group " + group + ": " + e.getMessage(), e);
        }
        stored.forEach((tp, next) -> {
            if (tp.topic().equals(eventsTopic)) {
                counter.committedOffset(tp.topic(), tp.partition(), next);
            }
        });
        return stored;
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        List<NoteEvent> events = new ArrayList<>();
        List<SinkRecord> eventRecords = new ArrayList<>();
        List<Map.Entry<String, TalkView>> views = new ArrayList<>();
        for (SinkRecord r : records) {
            if (r.topic().equals(eventsTopic)) {
                NoteEvent event = (NoteEvent) r.value();
                events.add(event);
                eventRecords.add(r);
            } else if (r.topic().equals(viewsTopic)) {
                views.add(new AbstractMap.SimpleEntry<>(r.key(), (TalkView) r.value()));
            }
        }
        Map<WarehouseAudit.Slot, Long> counts = audit.tally(eventRecords);
        try (Connection c = warehouse.dataSource().getConnection()) {
            try {
                int inserted = writer.insertEvents(c, events);
                audit.add(c, counts);
                writer.applyViews(c, views);
                writer.storeOffsets(c, group, nextOffsets, epochs, Instant.now());
                if (aborted || Thread.currentThread().isInterrupted()) {
                    throw new NotesSinkException("warehouse sink aborted before commit");
                }
                c.commit();
                counted(counts, nextOffsets);
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

    private void counted(Map<WarehouseAudit.Slot, Long> counts, Map<TopicPartition, Long> nextOffsets) {
        counts.forEach((slot, n) -> counter.add(slot.topic(), slot.partition(), slot.bucketStart(), n));
        nextOffsets.forEach((tp, next) -> {
            if (tp.topic().equals(eventsTopic)) {
                counter.committedOffset(tp.topic(), tp.partition(), next);
            }
        });
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed", e);
        }
    }

    /** A connection from the pool that the driver says is valid within 2 s. */
    @Override
    public Optional<String> probe() {
        try (Connection c = warehouse.dataSource().getConnection()) {
            return c.isValid(2) ? Optional.empty() : Optional.of("warehouse connection is not valid");
        } catch (SQLException | RuntimeException e) {
            return Optional.of("warehouse unreachable: " + e.getMessage());
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
