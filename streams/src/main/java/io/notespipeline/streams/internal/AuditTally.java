package io.notespipeline.streams.internal;

import java.time.Instant;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The views tier's audit counts, kept in state stores written in the same exactly-once transaction as
 * the views and the input offsets: the count store holds the cumulative {@link AuditCount} per {@code _audit}
 * key, the changed store the keys not reported yet. After a restart both are restored from their
 * changelogs, so nothing is counted twice and nothing counted is left unreported.
 *
 * <p>Under at-least-once the stores' changelogs hold writes made after the last committed input offset, and
 * after a crash those records are read again. Each stored count therefore carries, in its
 * {@code committedOffset}, the next offset after the last record counted into it (a record of a partition is
 * counted into one bucket, in offset order): a record below it is already counted and is only marked changed
 * again (its mark may not have reached its changelog). The offset goes with the count in one value, so whatever
 * prefix of the writes a crash leaves, the two agree. Reports carry no such offset ({@link #report}).
 */
public final class AuditTally {

    /** What happened to an event. */
    public enum Outcome { APPLIED, REJECTED, DUPLICATE }

    /** Names of the two stores. */
    public record Names(String counts, String changed) {
    }

    private final KeyValueStore<String, AuditCount> counts;
    private final KeyValueStore<String, Long> changed;
    private final long bucketMs;

    AuditTally(ProcessingContext context, Names names, long bucketMs) {
        this.counts = context.getStateStore(names.counts());
        this.changed = context.getStateStore(names.changed());
        this.bucketMs = bucketMs;
    }

    /**
     * Counts {@code event}, read from {@code topic}/{@code partition} at {@code offset}, with its outcome, unless
     * that record is already counted (read again after a crash under at-least-once).
     */
    void count(String topic, int partition, long offset, NoteEvent event, Outcome outcome, long nowMs) {
        long bucket = AuditKeys.bucketStart(event.getOccurredAt().toEpochMilli(), bucketMs);
        String key = AuditKeys.countKey(AuditKeys.VIEWS, "", topic, partition, bucket);
        AuditCount current = counts.get(key);
        if (counted(current, offset)) {
            changed.put(key, nowMs);
            return;
        }
        AuditCount.Builder next = current == null
                ? AuditCount.newBuilder().setTier(AuditKeys.VIEWS).setReporter("").setTopic(topic)
                        .setPartition(partition).setBucketStart(Instant.ofEpochMilli(bucket)).setBucketMs(bucketMs)
                        .setCount(0).setRejected(0).setDuplicates(0).setCommittedOffset(null)
                : AuditCount.newBuilder(current);
        next.setCount(next.getCount() + 1).setCommittedOffset(offset + 1).setReportedAt(Instant.ofEpochMilli(nowMs));
        if (outcome == Outcome.REJECTED) {
            next.setRejected(next.getRejected() + 1);
        } else if (outcome == Outcome.DUPLICATE) {
            next.setDuplicates(next.getDuplicates() + 1);
        }
        counts.put(key, next.build());
        changed.put(key, nowMs);
    }

    /**
     * @return whether the record at {@code offset} is already in {@code stored}, a count kept with the next offset
     *         after the last record counted into it (a count without one, written before counts kept it, counts
     *         every record read from now on)
     */
    static boolean counted(AuditCount stored, long offset) {
        return stored != null && stored.getCommittedOffset() != null && offset < stored.getCommittedOffset();
    }

    /** @return {@code stored} as it goes to {@code _audit}: a count report has no offset */
    static AuditCount report(AuditCount stored) {
        return stored.getBucketStart() != null && stored.getCommittedOffset() != null
                ? AuditCount.newBuilder(stored).setCommittedOffset(null).build()
                : stored;
    }
}
