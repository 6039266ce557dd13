package io.notespipeline.streams.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.notespipeline.streams.AuditBucket;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the buckets that are not complete in a store and, every check interval (wall clock), warns once
 * about each whose grace has passed: a log line and the metrics (a counter of buckets that turned
 * incomplete, a gauge of buckets incomplete now). A bucket that completes later leaves the store.
 */
public final class BucketWatch implements Processor<String, AuditBucket, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(BucketWatch.class);

    private final String storeName;
    private final long graceMs;
    private final Duration checkInterval;
    private final Counter turnedIncomplete;
    private final AtomicLong incompleteNow;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, AuditBucket> open;
    private long flaggedHere;

    public BucketWatch(String storeName, Duration grace, Duration checkInterval, Counter turnedIncomplete,
            AtomicLong incompleteNow) {
        this.storeName = storeName;
        this.graceMs = grace.toMillis();
        this.checkInterval = checkInterval;
        this.turnedIncomplete = turnedIncomplete;
        this.incompleteNow = incompleteNow;
    }

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        this.context = ctx;
        this.open = ctx.getStateStore(storeName);
        try (KeyValueIterator<String, AuditBucket> it = open.all()) {
            while (it.hasNext()) {
                if (it.next().value.flagged()) {
                    flaggedHere++;
                }
            }
        }
        incompleteNow.addAndGet(flaggedHere);
        ctx.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, AuditBucket> record) {
        AuditBucket bucket = record.value();
        AuditBucket before = open.get(record.key());
        boolean flagged = before != null && before.flagged();
        if (bucket == null || bucket.status(context.currentSystemTimeMs(), graceMs) == AuditBucket.Status.COMPLETE) {
            if (before != null) {
                open.delete(record.key());
            }
            if (flagged) {
                unflag();
                log.info("Audit bucket now complete bucket={} produced={}", record.key(),
                        bucket == null ? 0 : bucket.produced());
            }
            return;
        }
        open.put(record.key(), bucket.withFlagged(flagged));
    }

    private void check(long now) {
        List<KeyValue<String, AuditBucket>> turned = new ArrayList<>();
        try (KeyValueIterator<String, AuditBucket> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, AuditBucket> e = it.next();
                if (!e.value.flagged() && e.value.status(now, graceMs) == AuditBucket.Status.INCOMPLETE) {
                    turned.add(e);
                }
            }
        }
        for (KeyValue<String, AuditBucket> e : turned) {
            AuditBucket b = e.value;
            log.warn("Audit bucket incomplete bucket={} produced={} views={} lake={} warehouse={} difference={}",
                    e.key, b.produced(), b.views(), b.lake(), b.warehouse(), b.difference());
            open.put(e.key, b.withFlagged(true));
            turnedIncomplete.increment();
            flaggedHere++;
            incompleteNow.incrementAndGet();
        }
    }

    private void unflag() {
        flaggedHere--;
        incompleteNow.decrementAndGet();
    }

    @Override
    public void close() {
        incompleteNow.addAndGet(-flaggedHere);
        flaggedHere = 0;
    }
}
