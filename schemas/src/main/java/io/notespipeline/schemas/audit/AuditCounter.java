package io.notespipeline.schemas.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.notespipeline.schemas.avro.AuditCount;

/**
 * A tier's cumulative counts per (topic, partition, bucket of occurredAt) and its committed offsets per
 * partition, with the set of entries changed since the last report. Thread-safe.
 *
 * <p>The caller decides what a count means for restarts: a sink {@link #set}s or {@link #add}s only what it
 * has durably committed (and reloads it from its storage at start), the publisher counts acknowledged sends
 * under a reporter id unique to its run. {@link #drainChanged} hands the changed entries to the
 * {@link AuditReporter}; {@link #markChanged} puts back the ones it could not send.
 */
public final class AuditCounter {

    /** One (topic, partition, bucketStart) counted; bucketStart {@link Long#MIN_VALUE} stands for the offset entry. */
    private record Slot(String topic, int partition, long bucketStart) {
    }

    private final String tier;
    private final String reporter;
    private final long bucketMs;
    private final Map<Slot, Long> counts = new HashMap<>();
    private final Map<Slot, Long> offsets = new HashMap<>();
    private final Set<Slot> changed = new LinkedHashSet<>();

    /**
     * @param tier     one of the {@link AuditKeys} tiers
     * @param reporter the instance's id (empty when the counts come from durable storage)
     * @param bucketMs length of a bucket of occurredAt
     */
    public AuditCounter(String tier, String reporter, long bucketMs) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        if (bucketMs < 1) {
            throw new IllegalArgumentException("bucketMs must be positive: " + bucketMs);
        }
        this.bucketMs = bucketMs;
    }

    public String tier() {
        return tier;
    }

    public String reporter() {
        return reporter;
    }

    public long bucketMs() {
        return bucketMs;
    }

    /** Adds {@code n} records of {@code topic}/{@code partition} that occurred at {@code occurredAtMs}. */
    public synchronized void add(String topic, int partition, long occurredAtMs, long n) {
        Slot slot = new Slot(topic, partition, AuditKeys.bucketStart(occurredAtMs, bucketMs));
        counts.merge(slot, n, Long::sum);
        changed.add(slot);
    }

    /**
     * Sets the cumulative count of a bucket (loaded from the tier's storage when partitions are assigned); marks
     * it changed unless it already had that count, so the first load re-reports everything (a crash may have
     * lost the last reports) and later reloads only what differs.
     */
    public synchronized void set(String topic, int partition, long bucketStart, long count) {
        Slot slot = new Slot(topic, partition, bucketStart);
        Long before = counts.put(slot, count);
        if (before == null || before != count) {
            changed.add(slot);
        }
    }

    /** Records the next offset the tier has durably processed in {@code topic}/{@code partition}. */
    public synchronized void committedOffset(String topic, int partition, long nextOffset) {
        Slot slot = new Slot(topic, partition, Long.MIN_VALUE);
        Long before = offsets.put(slot, nextOffset);
        if (before == null || before != nextOffset) {
            changed.add(slot);
        }
    }

    /** @return the current count of a bucket (0 if none) */
    public synchronized long count(String topic, int partition, long bucketStart) {
        return counts.getOrDefault(new Slot(topic, partition, bucketStart), 0L);
    }

    /** @return the sum of every bucket's count */
    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return a report for every entry changed since the last call, and forgets that they changed */
    public synchronized List<AuditCount> drainChanged(Instant now) {
        List<AuditCount> out = new ArrayList<>(changed.size());
        for (Slot slot : changed) {
            out.add(report(slot, now));
        }
        changed.clear();
        return out;
    }

    /** Marks the entries of {@code reports} changed again (their send failed). */
    public synchronized void markChanged(List<AuditCount> reports) {
        for (AuditCount r : reports) {
            changed.add(new Slot(r.getTopic(), r.getPartition(),
                    r.getBucketStart() == null ? Long.MIN_VALUE : r.getBucketStart().toEpochMilli()));
        }
    }

    private AuditCount report(Slot slot, Instant now) {
        boolean offset = slot.bucketStart() == Long.MIN_VALUE;
        return AuditCount.newBuilder()
                .setTier(tier).setReporter(reporter).setTopic(slot.topic()).setPartition(slot.partition())
                .setBucketStart(offset ? null : Instant.ofEpochMilli(slot.bucketStart()))
                .setBucketMs(offset ? 0 : bucketMs)
                .setCount(offset ? 0 : counts.getOrDefault(slot, 0L))
                .setRejected(0).setDuplicates(0)
                .setCommittedOffset(offset ? offsets.get(slot) : null)
                .setReportedAt(now)
                .build();
    }
}
