package io.notespipeline.producer.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;

/**
 * Counts acknowledged records for an {@link AuditCounter} without touching it per record. Acknowledgements
 * arrive in runs (Kafka completes a whole partition batch on its network thread, a committed transaction is
 * counted in one loop), so each counting thread keeps its current run (topic, partition, bucket, n) and hands it
 * to the counter only when the next record belongs elsewhere, at {@link #flush()} (every {@code flushMs}) and at
 * {@link #close()}. Every record is added exactly once: a run is emptied under its own lock, which only its
 * thread and the flusher take (uncontended, unlike the counter's lock and its two hash updates per record,
 * about a quarter of the producer network thread's time in a JFR profile of bench row 1).
 */
public final class AckTally implements AutoCloseable {

    /** One thread's current run. Guarded by itself. */
    private static final class Run {
        private final Thread owner = Thread.currentThread();
        private String topic;
        private int partition;
        private long bucketStart;
        private long n;
    }

    private final AuditCounter counter;
    private final long bucketMs;
    private final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Run> mine = ThreadLocal.withInitial(this::newRun);
    private final ScheduledExecutorService flusher;
    /** The run last used: nearly every acknowledgement comes from the same network thread (a ThreadLocal lookup cost more than the count). */
    private volatile Run last;

    /** @param flushMs how often open runs are handed to the counter (a report sees them at most that late) */
    public AckTally(AuditCounter counter, long flushMs) {
        this.counter = counter;
        this.bucketMs = counter.bucketMs();
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notes-publisher-audit-tally");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, flushMs, flushMs, TimeUnit.MILLISECONDS);
    }

    private Run newRun() {
        Run run = new Run();
        runs.add(run);
        return run;
    }

    /** Counts one acknowledged record of {@code topic}/{@code partition} that occurred at {@code occurredAtMs}. */
    public void add(String topic, int partition, long occurredAtMs) {
        long bucket = AuditKeys.bucketStart(occurredAtMs, bucketMs);
        Run run = last;
        if (run == null || run.owner != Thread.currentThread()) {
            run = mine.get();
            last = run;
        }
        synchronized (run) {
            if (run.n > 0 && (run.partition != partition || run.bucketStart != bucket || !run.topic.equals(topic))) {
                handOver(run);
            }
            run.topic = topic;
            run.partition = partition;
            run.bucketStart = bucket;
            run.n++;
        }
    }

    /** Hands every open run to the counter. */
    public void flush() {
        for (Run run : runs) {
            synchronized (run) {
                if (run.n > 0) {
                    handOver(run);
                }
            }
        }
    }

    private void handOver(Run run) {
        counter.add(run.topic, run.partition, run.bucketStart, run.n);
        run.n = 0;
    }

    /** Stops the schedule and hands over what is still open: call it after the last acknowledgement. */
    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
