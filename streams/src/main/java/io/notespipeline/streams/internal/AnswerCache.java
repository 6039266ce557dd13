package io.notespipeline.streams.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serialised answers of {@code GET /v1/talks/{id}}, each kept with the position of its partition when it was
 * read: an answer is the same bytes as long as the partition has not processed another record, so a lookup whose
 * partition is still at that position is served with one store read (the position) and no view assembly. An answer
 * of an older position is never served; it is replaced by the next one read. Bounded in bytes: past the budget,
 * entries are dropped (any, until half the budget is left), and an answer above an eighth of it is not kept.
 */
final class AnswerCache {

    private record Entry(int partition, long position, byte[] body) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long budget;

    /** @param budget the most bytes of answers kept */
    AnswerCache(long budget) {
        this.budget = budget;
    }

    /** @return the answer of {@code talkId} read at {@code position} of {@code partition}, or null */
    byte[] get(String talkId, int partition, long position) {
        Entry e = entries.get(talkId);
        return e != null && e.position == position && e.partition == partition ? e.body : null;
    }

    /** Keeps {@code body}, the answer of {@code talkId} read at {@code position} of {@code partition}. */
    void put(String talkId, int partition, long position, byte[] body) {
        if (body.length > budget / 8) {
            return;
        }
        Entry old = entries.put(talkId, new Entry(partition, position, body));
        if (bytes.addAndGet(body.length - (old == null ? 0 : old.body.length)) > budget) {
            evict();
        }
    }

    /** @return the bytes of the answers kept */
    long bytes() {
        return bytes.get();
    }

    private void evict() {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
             it.hasNext() && bytes.get() > budget / 2; ) {
            Map.Entry<String, Entry> e = it.next();
            if (entries.remove(e.getKey(), e.getValue())) {
                bytes.addAndGet(-e.getValue().body.length);
            }
        }
    }
}
