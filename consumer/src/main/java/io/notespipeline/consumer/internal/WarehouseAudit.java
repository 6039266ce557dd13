package io.notespipeline.consumer.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;

/**
 * The warehouse tier's audit counts in table {@code audit_counts}: a batch's events are added in the batch's
 * transaction (so the counts are exactly what is committed, and a batch re-read after a crash was never counted),
 * and loaded back into the {@link AuditCounter} when partitions are assigned.
 */
public final class WarehouseAudit {

    private static final String UPSERT = "INSERT INTO audit_counts (group_id, topic, kafka_partition, bucket_start, "
            + "bucket_ms, records) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, topic, kafka_partition, bucket_start) "
            + "DO UPDATE SET records = audit_counts.records + excluded.records";
    private static final String SELECT = "SELECT topic, kafka_partition, bucket_start, records FROM audit_counts "
            + "WHERE group_id = ?";

    /** One bucket of one partition. */
    public record Slot(String topic, int partition, long bucketStart) {
    }

    private final String group;
    private final long bucketMs;

    public WarehouseAudit(String group, long bucketMs) {
        this.group = group;
        this.bucketMs = bucketMs;
    }

    /** @return the events of {@code records} counted per slot */
    public Map<Slot, Long> tally(List<SinkRecord> records) {
        Map<Slot, Long> counts = new HashMap<>();
        for (SinkRecord r : records) {
            long at = ((NoteEvent) r.value()).getOccurredAt().toEpochMilli();
            counts.merge(new Slot(r.topic(), r.partition(), AuditKeys.bucketStart(at, bucketMs)), 1L, Long::sum);
        }
        return counts;
    }

    /** Adds {@code counts} inside the caller's transaction. */
    public void add(Connection c, Map<Slot, Long> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Map.Entry<Slot, Long> e : counts.entrySet()) {
                ps.setString(1, group);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getKey().bucketStart());
                ps.setLong(5, bucketMs);
                ps.setLong(6, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Sets {@code counter} to the committed counts of {@code partitions}. */
    public void load(Connection c, Collection<TopicPartition> partitions, AuditCounter counter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (partitions.contains(new TopicPartition(rs.getString(1), rs.getInt(2)))) {
                        counter.set(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4));
                    }
                }
            }
        }
    }
}
