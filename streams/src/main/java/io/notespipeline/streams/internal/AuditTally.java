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

    /** Counts {@code event}, read from {@code topic}/{@code partition}, with its outcome. */
    void count(String topic, int partition, NoteEvent event, Outcome outcome, long nowMs) {
        long bucket = AuditKeys.bucketStart(event.getOccurredAt().toEpochMilli(), bucketMs);
        String key = AuditKeys.countKey(AuditKeys.VIEWS, "", topic, partition, bucket);
        AuditCount current = counts.get(key);
        AuditCount.Builder next = current == null
                ? AuditCount.newBuilder().setTier(AuditKeys.VIEWS).setReporter("").setTopic(topic)
                        .setPartition(partition).setBucketStart(Instant.ofEpochMilli(bucket)).setBucketMs(bucketMs)
                        .setCount(0).setRejected(0).setDuplicates(0).setCommittedOffset(null)
                : AuditCount.newBuilder(current);
        next.setCount(next.getCount() + 1).setReportedAt(Instant.ofEpochMilli(nowMs));
        if (outcome == Outcome.REJECTED) {
            next.setRejected(next.getRejected() + 1);
        } else if (outcome == Outcome.DUPLICATE) {
            next.setDuplicates(next.getDuplicates() + 1);
        }
        counts.put(key, next.build());
        changed.put(key, nowMs);
    }
}
