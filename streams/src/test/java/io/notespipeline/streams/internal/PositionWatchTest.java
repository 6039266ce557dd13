package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.notespipeline.schemas.http.ErrorCode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A request waiting for a position is woken by the fold's notification, not by a poll. */
class PositionWatchTest {

    private static final AtomicInteger APPS = new AtomicInteger();

    /** A waiter is complete exactly when some advance of its partition reached its offset after it registered. */
    @Property(tries = 300)
    void wakesAWaiterExactlyWhenItsPartitionReachesItsOffset(
            @ForAll @Size(max = 30) List<@LongRange(max = 50) Long> wanted,
            @ForAll @Size(max = 30) List<@IntRange(max = 2) Integer> partitions,
            @ForAll @Size(max = 30) List<@LongRange(max = 60) Long> advances) {
        String app = "watch-property-" + APPS.incrementAndGet();
        PositionWatch watch = PositionWatch.of(app);
        List<PositionWatch.Waiter> waiters = new ArrayList<>();
        List<Integer> waiterPartitions = new ArrayList<>();
        List<Long> reached = new ArrayList<>(); // per waiter: the highest advance of its partition since it registered
        int steps = Math.max(wanted.size(), advances.size());
        for (int i = 0; i < steps; i++) {
            int partition = partitions.isEmpty() ? 0 : partitions.get(i % partitions.size());
            if (i < wanted.size()) {
                waiters.add(watch.await(partition, wanted.get(i)));
                waiterPartitions.add(partition);
                reached.add(-1L);
            }
            if (i < advances.size()) {
                PositionWatch.advanced(app, partition, advances.get(i));
                for (int w = 0; w < waiters.size(); w++) {
                    if (waiterPartitions.get(w) == partition) {
                        reached.set(w, Math.max(reached.get(w), advances.get(i)));
                    }
                    if (waiterPartitions.get(w) == partition && advances.get(i) >= wanted.get(w)) {
                        assertThat(waiters.get(w).isDone()).as("waiter %d", w).isTrue();
                    }
                }
            }
        }
        for (int w = 0; w < waiters.size(); w++) {
            assertThat(waiters.get(w).isDone()).as("waiter %d", w).isEqualTo(reached.get(w) >= wanted.get(w));
        }
    }

    @Test
    void answersAnAfterRequestWhenTheFoldNotifiesInsteadOfPollingEveryFewMilliseconds() throws Exception {
        String app = "watch-router-" + APPS.incrementAndGet();
        PositionWatch watch = PositionWatch.of(app);
        ScheduledExecutorService timer = KeyRouter.timer();
        ScheduledExecutorService fold = Executors.newSingleThreadScheduledExecutor();
        AtomicLong position = new AtomicLong(3);
        AtomicInteger attempts = new AtomicInteger();
        Instant deadline = Instant.now().plusSeconds(20);
        KeyRouter.LocalCall local = (partition, stale) -> {
            attempts.incrementAndGet();
            if (position.get() < 10) {
                throw new KeyRouter.NotReached(partition, 10, deadline, Reply.error(ErrorCode.TIMEOUT, "late", Map.of()));
            }
            return Reply.ok(Map.of("position", position.get()));
        };
        try {
            CompletableFuture<Reply> answer = KeyRouter.answerForwardedAsync(local, 2, false, timer, watch);
            fold.schedule(() -> PositionWatch.advanced(app, 2, 9), 200, TimeUnit.MILLISECONDS); // not there yet
            fold.schedule(() -> {
                position.set(10);
                PositionWatch.advanced(app, 2, 10);
            }, 1_000, TimeUnit.MILLISECONDS);
            Reply reply = answer.get(20, TimeUnit.SECONDS);

            assertThat(reply.status()).isEqualTo(200);
            // a 5 ms poll would have asked about 200 times in that second; the fallback (100 ms) about 20 times,
            // each wake costing two attempts (the re-check after registering)
            assertThat(attempts.get()).as("attempts").isLessThanOrEqualTo(2 * (1_000 / 100 + 3));
        } finally {
            timer.shutdownNow();
            fold.shutdownNow();
        }
    }

    @Test
    void answersTheTimeoutAtTheRequestsDeadlineWhenThePositionIsNeverReached() throws Exception {
        String app = "watch-late-" + APPS.incrementAndGet();
        ScheduledExecutorService timer = KeyRouter.timer();
        Instant deadline = Instant.now().plusMillis(300);
        try {
            Reply reply = KeyRouter.answerForwardedAsync((partition, stale) -> {
                throw new KeyRouter.NotReached(partition, 10, deadline, Reply.error(ErrorCode.TIMEOUT, "late", Map.of()));
            }, 0, false, timer, PositionWatch.of(app)).get(20, TimeUnit.SECONDS);

            assertThat(reply.status()).isEqualTo(504);
            assertThat(Instant.now()).isAfterOrEqualTo(deadline);
        } finally {
            timer.shutdownNow();
        }
    }

    /** The watch remembers the last offset the fold processed per partition, even while nobody waits. */
    @Test
    void remembersTheLastProcessedOffsetOfEachPartition() {
        String app = "watch-processed-" + APPS.incrementAndGet();
        PositionWatch watch = PositionWatch.of(app);
        assertThat(watch.processed(0)).isEqualTo(-1L);
        PositionWatch.advanced(app, 0, 7);
        PositionWatch.advanced(app, 1, 3);
        PositionWatch.advanced(app, 0, 8);
        assertThat(watch.processed(0)).isEqualTo(8L);
        assertThat(watch.processed(1)).isEqualTo(3L);
        assertThat(watch.processed(2)).isEqualTo(-1L);
        String unwatched = "watch-processed-" + APPS.incrementAndGet();
        PositionWatch.advanced(unwatched, 4, 5); // before any query API asked for the watch
        assertThat(PositionWatch.of(unwatched).processed(4)).isEqualTo(5L);
    }
}
