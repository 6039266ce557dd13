package io.notespipeline.consumer.internal;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.NoteEvent;

/**
 * The records of one Kafka partition waiting for the lake file they will be committed in: at most
 * one open file per partition, so files of a partition cover consecutive offset ranges and the next
 * offset is the highest committed end + 1. Internal.
 */
public final class PartitionBuffer {

    private final int partition;
    private final List<NoteEvent> events = new ArrayList<>();
    private long startOffset = -1;
    private long hourBucket;
    private long firstEventMillis;
    private long lastAppendNanos;
    private long nextOffset = -1;

    public PartitionBuffer(int partition) {
        this.partition = partition;
    }

    public int partition() {
        return partition;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public int size() {
        return events.size();
    }

    public List<NoteEvent> events() {
        return events;
    }

    public long startOffset() {
        return startOffset;
    }

    /** @return the offset after the last record consumed for this partition (dead letters included), or -1 */
    public long nextOffset() {
        return nextOffset;
    }

    public void nextOffset(long next) {
        nextOffset = Math.max(nextOffset, next);
    }

    public long lastAppendNanos() {
        return lastAppendNanos;
    }

    /** @return true when {@code event} may not join the open file (other hour, or span too wide) */
    public boolean mustRotateBefore(NoteEvent event, long spanMs) {
        if (events.isEmpty()) {
            return false;
        }
        long t = event.getOccurredAt().toEpochMilli();
        return LakeFiles.hourBucket(event.getOccurredAt()) != hourBucket || Math.abs(t - firstEventMillis) > spanMs;
    }

    /** Adds a record to the open file. */
    public void add(long offset, NoteEvent event, long nowNanos) {
        if (events.isEmpty()) {
            startOffset = offset;
            hourBucket = LakeFiles.hourBucket(event.getOccurredAt());
            firstEventMillis = event.getOccurredAt().toEpochMilli();
        }
        events.add(event);
        lastAppendNanos = nowNanos;
        nextOffset(offset + 1);
    }

    /** Empties the open file (after a commit or a discard). */
    public void clear() {
        events.clear();
        startOffset = -1;
    }
}
