package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.registry.RegistryUnavailableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The log tier of the audit: counts every record that is in the events topic (the audit view reads it
 * {@code read_committed}, so aborted writes are not counted) per (partition, occurredAt bucket), whoever wrote it;
 * a record whose value cannot be decoded is counted in the bucket of its timestamp (it is in the log, and the tiers
 * that dead-lettered it are then reported short). Counts and the partition's position live in a store written in
 * the same exactly-once transaction as the input offsets and the reports, so a restart neither loses nor doubles
 * a count. Every interval (wall clock) the changed counts and positions are forwarded as cumulative
 * {@code _audit} reports of tier {@value AuditKeys#LOG}. An unavailable registry fails the task (retried), it is
 * never a reason to skip a record.
 */
public final class AuditLogCounter implements Processor<byte[], byte[], String, AuditCount> {

    private final String countsStore;
    private final String changedStore;
    private final Deserializer<NoteEvent> events;
    private final long bucketMs;
    private final Duration interval;
    private ProcessorContext<String, AuditCount> context;
    private KeyValueStore<String, AuditCount> counts;
    private KeyValueStore<String, Long> changed;

    public AuditLogCounter(String countsStore, String changedStore, Deserializer<NoteEvent> events, long bucketMs,
            Duration interval) {
        this.countsStore = countsStore;
        this.changedStore = changedStore;
        this.events = events;
        this.bucketMs = bucketMs;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, AuditCount> ctx) {
        this.context = ctx;
        this.counts = ctx.getStateStore(countsStore);
        this.changed = ctx.getStateStore(changedStore);
        ctx.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            return; // a tombstone is not an event: no tier counts it
        }
        long at;
        try {
            NoteEvent event = events.deserialize(meta.topic(), record.headers(), record.value());
            at = event.getOccurredAt().toEpochMilli();
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCause(e)) {
                throw e;
            }
            at = record.timestamp();
        }
        long now = context.currentSystemTimeMs();
        long bucket = AuditKeys.bucketStart(at, bucketMs);
        String key = AuditKeys.countKey(AuditKeys.LOG, "", meta.topic(), meta.partition(), bucket);
        AuditCount current = counts.get(key);
        AuditCount.Builder next = current == null
                ? AuditCount.newBuilder().setTier(AuditKeys.LOG).setReporter("").setTopic(meta.topic())
                        .setPartition(meta.partition()).setBucketStart(Instant.ofEpochMilli(bucket)).setBucketMs(bucketMs)
                        .setCount(0).setRejected(0).setDuplicates(0).setCommittedOffset(null)
                : AuditCount.newBuilder(current);
        counts.put(key, next.setCount(next.getCount() + 1).setReportedAt(Instant.ofEpochMilli(now)).build());
        changed.put(key, now);
        String offsetKey = AuditKeys.offsetKey(AuditKeys.LOG, "", meta.topic(), meta.partition());
        counts.put(offsetKey, AuditCount.newBuilder().setTier(AuditKeys.LOG).setReporter("").setTopic(meta.topic())
                .setPartition(meta.partition()).setBucketStart(null).setBucketMs(0).setCount(0).setRejected(0)
                .setDuplicates(0).setCommittedOffset(meta.offset() + 1).setReportedAt(Instant.ofEpochMilli(now)).build());
        changed.put(offsetKey, now);
    }

    private void report(long now) {
        AuditEmitter.forwardChanged(context, counts, changed, now); // the audit view always runs exactly-once
    }
}
