package io.notespipeline.streams.internal;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the requests waiting for a position ({@code ?after=<partition>-<offset>}) when the fold has processed it:
 * the fold calls {@link #advanced} after each record (an O(1) check that allocates nothing once its partition is
 * known, and also remembers the offset: {@link #processed}), a waiting request registers a future with {@link #await}. One watch per application id in the
 * JVM, so that the fold (which knows only its context) and the query API find the same one; two instances of one
 * application in one JVM (tests) share it, which only wakes a request early, never late: a woken request reads its
 * copy's position again and waits anew when it is still behind.
 *
 * <p>A standby copy is not advanced by a fold but by Kafka Streams' restoration, which calls nothing: its waiters
 * are woken by their caller's fallback timer ({@link KeyRouter}).
 */
public final class PositionWatch {

    private static final ConcurrentHashMap<String, PositionWatch> BY_APPLICATION = new ConcurrentHashMap<>();

    /** A waiting request: completes when its partition reaches {@code wanted}, or when its caller gives up. */
    public static final class Waiter extends CompletableFuture<Void> implements Comparable<Waiter> {
        private final long wanted;

        private Waiter(long wanted) {
            this.wanted = wanted;
        }

        @Override
        public int compareTo(Waiter other) {
            return Long.compare(wanted, other.wanted);
        }
    }

    /** The waiters of one partition, smallest wanted offset first. */
    private static final class Partition {
        private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
        /** The smallest wanted offset, Long.MAX_VALUE when none waits: read by the fold without a lock. */
        private volatile long next = Long.MAX_VALUE;
        /** The last offset this JVM's fold processed, -1 before the first: written by the fold only. */
        private volatile long processed = -1L;

        private synchronized void add(Waiter w) {
            waiters.add(w);
            next = waiters.peek().wanted;
        }

        private synchronized void remove(Waiter w) {
            waiters.remove(w);
            next = waiters.isEmpty() ? Long.MAX_VALUE : waiters.peek().wanted;
        }

        private void advance(long offset) {
            processed = offset;
            if (offset < next) {
                return;
            }
            java.util.List<Waiter> due = new java.util.ArrayList<>();
            synchronized (this) {
                while (!waiters.isEmpty() && waiters.peek().wanted <= offset) {
                    due.add(waiters.poll());
                }
                next = waiters.isEmpty() ? Long.MAX_VALUE : waiters.peek().wanted;
            }
            due.forEach(w -> w.complete(null)); // outside the lock; continuations run on the caller's executor
        }
    }

    private final ConcurrentHashMap<Integer, Partition> partitions = new ConcurrentHashMap<>();

    private PositionWatch() {
    }

    /** @return the watch of {@code applicationId} (created on first use) */
    public static PositionWatch of(String applicationId) {
        return BY_APPLICATION.computeIfAbsent(applicationId, id -> new PositionWatch());
    }

    /** Called by the fold once it has processed {@code offset} of {@code partition} (its position is stored). */
    public static void advanced(String applicationId, int partition, long offset) {
        PositionWatch watch = BY_APPLICATION.get(applicationId);
        if (watch == null) {
            watch = of(applicationId);
        }
        Partition p = watch.partitions.get(partition);
        if (p == null) {
            p = watch.partitions.computeIfAbsent(partition, k -> new Partition());
        }
        p.advance(offset);
    }

    /**
     * Forgets the offset of {@code partition} this JVM's fold processed: its task starts (its stores are restored,
     * maybe to a position another instance wrote, or rolled back to the last commit) or stops (the partition may
     * move away). Until the fold processes a record again, {@link #processed} is -1 and readers read the stored
     * position.
     */
    public static void reset(String applicationId, int partition) {
        PositionWatch watch = BY_APPLICATION.get(applicationId);
        Partition p = watch == null ? null : watch.partitions.get(partition);
        if (p != null) {
            p.processed = -1L;
        }
    }

    /**
     * @return the last offset of {@code partition} a fold of this JVM processed (its position then stored), -1 when
     *         none did: a position that Kafka Streams restored, or that a fold elsewhere wrote, is not one
     */
    public long processed(int partition) {
        Partition p = partitions.get(partition);
        return p == null ? -1L : p.processed;
    }

    /**
     * @return a future completed once this JVM's fold has processed {@code wanted} of {@code partition}; complete it
     *         yourself to stop waiting (it is then forgotten). A position reached before the call does not complete
     *         it: read the position again after registering.
     */
    public Waiter await(int partition, long wanted) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        Waiter w = new Waiter(wanted);
        p.add(w);
        w.whenComplete((done, error) -> p.remove(w)); // a no-op when advance took it; else its caller gave up
        return w;
    }
}
