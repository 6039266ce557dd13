package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reports the views tier to {@code _audit}: every interval (wall-clock) it forwards the counts of the keys
 * {@link AuditTally} marked changed and clears the marks, plus the task's committed position
 * ({@code processed offset + 1}). The forward, the cleared marks and the input offsets commit in one
 * transaction, so a report is neither lost nor needed twice. Ignores the records themselves.
 */
public final class AuditEmitter implements Processor<String, Object, String, AuditCount> {

    private final AuditTally.Names names;
    private final String positionsStore;
    private final String topic;
    private final Duration interval;
    private ProcessorContext<String, AuditCount> context;
    private KeyValueStore<String, AuditCount> counts;
    private KeyValueStore<String, Long> changed;
    private KeyValueStore<Integer, Long> positions;
    private long lastReportedOffset = -1;
    private boolean reportAll;

    public AuditEmitter(AuditTally.Names names, String positionsStore, String topic, Duration interval) {
        this.names = names;
        this.positionsStore = positionsStore;
        this.topic = topic;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, AuditCount> ctx) {
        this.context = ctx;
        this.counts = ctx.getStateStore(names.counts());
        this.changed = ctx.getStateStore(names.changed());
        this.positions = ctx.getStateStore(positionsStore);
        this.reportAll = atLeastOnce(ctx);
        ctx.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<String, Object> record) {
        // counting happens in the fold; this node only reports
    }

    /**
     * Forwards the current count of every key marked changed, then clears the marks (shared by the views tier and
     * the log tier: both keep counts plus a store of changed keys and report on a wall-clock punctuator).
     */
    static void forwardChanged(ProcessorContext<String, AuditCount> context, KeyValueStore<String, AuditCount> counts,
                               KeyValueStore<String, Long> changed, long now) {
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = changed.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                AuditCount count = counts.get(entry.key);
                if (count != null) {
                    context.forward(new Record<>(entry.key, AuditTally.report(count), now));
                }
                sent.add(entry.key);
            }
        }
        sent.forEach(changed::delete);
    }

    /**
     * @return whether the task runs under at-least-once. Then a report and the deletion of its marks are not
     *         atomic: after a crash a mark may be gone while its report never reached {@code _audit}, and no record
     *         read again marks that count, so the first report of a task forwards every count of its store (once
     *         per task start, as many reports as the store has buckets). Under exactly-once the report, the deleted
     *         marks and the input offsets commit together.
     */
    private static boolean atLeastOnce(ProcessorContext<?, ?> ctx) {
        Object guarantee = ctx.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        return guarantee == null || StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(guarantee)); // Kafka's default
    }

    /** Forwards every count of {@code counts} and clears every mark: see {@link #atLeastOnce}. */
    private static void forwardAll(ProcessorContext<String, AuditCount> context, KeyValueStore<String, AuditCount> counts,
                           KeyValueStore<String, Long> changed, long now) {
        try (KeyValueIterator<String, AuditCount> it = counts.all()) {
            while (it.hasNext()) {
                KeyValue<String, AuditCount> entry = it.next();
                if (entry.value != null) {
                    context.forward(new Record<>(entry.key, AuditTally.report(entry.value), now));
                }
            }
        }
        List<String> marks = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = changed.all()) {
            it.forEachRemaining(kv -> marks.add(kv.key));
        }
        marks.forEach(changed::delete);
    }

    private void report(long now) {
        if (reportAll) {
            forwardAll(context, counts, changed, now);
            reportAll = false;
        } else {
            forwardChanged(context, counts, changed, now);
        }
        int partition = context.taskId().partition();
        Long processed = positions.get(partition);
        if (processed != null && processed + 1 != lastReportedOffset) {
            AuditCount offset = AuditCount.newBuilder().setTier(AuditKeys.VIEWS).setReporter("").setTopic(topic)
                    .setPartition(partition).setBucketStart(null).setBucketMs(0).setCount(0).setRejected(0)
                    .setDuplicates(0).setCommittedOffset(processed + 1).setReportedAt(Instant.ofEpochMilli(now))
                    .build();
            context.forward(new Record<>(AuditKeys.offsetKey(AuditKeys.VIEWS, "", topic, partition), offset, now));
            lastReportedOffset = processed + 1;
        }
    }
}
