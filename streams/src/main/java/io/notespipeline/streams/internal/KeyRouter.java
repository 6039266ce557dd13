package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request about one talk from whichever instance can: this one when it owns the key,
 * else the owner ({@code queryMetadataForKey}), else a standby (the answer says {@code stale}),
 * retrying through rebalances until the deadline, then 503 with {@code Retry-After}. No thread waits: retries run
 * on a timer and peers are asked asynchronously, so a request waiting for {@code ?after=} holds no Jetty thread.
 */
public final class KeyRouter {

    /** Answers from this instance's stores, or throws {@link LocalStores.Unavailable}. */
    @FunctionalInterface
    public interface LocalCall {
        Reply answer(int partition, boolean stale) throws LocalStores.Unavailable;
    }

    private static final Logger log = LoggerFactory.getLogger(KeyRouter.class);
    private static final long PAUSE_MS = 100;
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();
    /**
     * How often a request waiting for a position ({@code ?after=}) looks again without being woken: a standby copy
     * advances by restoration, which notifies nothing ({@link PositionWatch}).
     */
    private static final long WAIT_FALLBACK_MS = 100;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;
    private final Duration timeout;
    private final Duration forwardTimeout;
    private final java.util.function.IntSupplier partitionCount;
    private final ScheduledExecutorService timer;
    private final PositionWatch watch;

    /**
     * @param self           this instance's {@code application.server}, or null when it runs alone
     * @param partitionCount partitions of {@code notes.events} (used when no metadata is available)
     * @param timer          runs the retries (one per query API, shared with its {@link FanOut})
     * @param watch          wakes a request waiting for a position when the fold reaches it
     */
    public KeyRouter(KafkaStreams streams, HostInfo self, Peers peers, Duration timeout, Duration forwardTimeout,
                     java.util.function.IntSupplier partitionCount, ScheduledExecutorService timer,
                     PositionWatch watch) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.timeout = timeout;
        this.forwardTimeout = forwardTimeout;
        this.partitionCount = partitionCount;
        this.timer = timer;
        this.watch = watch;
    }

    /** @return a one-thread daemon timer for retries (they only read local stores or start asynchronous calls) */
    public static ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "query-retries");
            t.setDaemon(true);
            return t;
        });
    }

    /** Answers a request an instance forwarded to this one: local stores only. */
    public static Reply answerForwarded(LocalCall local, int partition, boolean staleOk) {
        return tryLocal(local, partition, staleOk)
                .orElseGet(() -> unavailable("partition " + partition + " is not queryable on this instance"));
    }

    /**
     * {@link #answerForwarded} without holding the caller's thread while the local copy has not reached a
     * requested position ({@link NotReached}): the call is tried again when {@code watch} says the fold got there.
     */
    public static CompletableFuture<Reply> answerForwardedAsync(LocalCall local, int partition, boolean staleOk,
                                                                ScheduledExecutorService timer, PositionWatch watch) {
        CompletableFuture<Reply> out = new CompletableFuture<>();
        new Retry(out, timer, watch, () -> CompletableFuture.completedFuture(Optional.of(answerForwarded(local,
                partition, staleOk))), Instant.MAX, () -> unavailable("unreachable")).run(null);
        return out;
    }

    /**
     * @param talkId        the key
     * @param pathAndQuery  the request to forward, e.g. {@code /v1/talks/t1?after=3-12}
     * @return the answer (blocking; see {@link #routeAsync})
     */
    public Reply route(String talkId, String pathAndQuery, LocalCall local) {
        try {
            return routeAsync(talkId, pathAndQuery, local).join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * The answer of the first copy that can give one, without parking the caller's thread: while no copy can
     * answer (rebalancing, restoring) the attempt is repeated on the router's timer every 100 ms until the
     * timeout; while the local copy has not reached a requested position ({@link NotReached}) every few ms until
     * that request's own deadline. A peer is asked asynchronously.
     */
    public CompletableFuture<Reply> routeAsync(String talkId, String pathAndQuery,
                                               LocalCall local) {
        CompletableFuture<Reply> out = new CompletableFuture<>();
        Instant deadline = Instant.now().plus(timeout);
        new Retry(out, timer, watch, () -> attempt(talkId, pathAndQuery, local), deadline, () -> {
            log.warn("No copy of talkId={} answered within {}", talkId, timeout);
            return unavailable("no instance can answer for talk " + talkId + " now (rebalancing or restoring)");
        }).run(null);
        return out;
    }

    /** @return the cause of a failed future when it is unchecked (thrown as it was), else {@code e} */
    static RuntimeException unwrap(CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        if (e.getCause() instanceof Error err) {
            throw err;
        }
        return e;
    }

    /**
     * Thrown by a {@link LocalCall} whose copy has not yet reached what the request waits for: the call is tried
     * again shortly, until {@code deadline}, then {@code timeoutReply} is the answer.
     */
    public static final class NotReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int partition;
        private final long wanted;
        private final transient Instant deadline;
        private final transient Reply timeoutReply;

        /** @param wanted the offset of {@code partition} the copy must have processed */
        public NotReached(int partition, long wanted, Instant deadline, Reply timeoutReply) {
            super("position not reached", null, false, false);
            this.partition = partition;
            this.wanted = wanted;
            this.deadline = deadline;
            this.timeoutReply = timeoutReply;
        }
    }

    /**
     * Tries {@code attempt} until it answers. While no copy can answer it tries again every 100 ms until
     * {@code deadline}. While the copy is behind a requested position ({@link NotReached}) it registers with the
     * {@link PositionWatch}, tries once more (the fold may have got there between the read and the registration),
     * then waits to be woken, at most {@value #WAIT_FALLBACK_MS} ms (a standby copy is never woken), until the
     * request's own deadline. Nothing waits on a thread: the attempts run on {@code timer}.
     */
    private record Retry(CompletableFuture<Reply> out, ScheduledExecutorService timer, PositionWatch watch,
                         java.util.function.Supplier<CompletableFuture<Optional<Reply>>> attempt, Instant deadline,
                         java.util.function.Supplier<Reply> onTimeout) {

        /** @param registered the waiter registered before this attempt, or null */
        void run(PositionWatch.Waiter registered) {
            CompletableFuture<Optional<Reply>> tried;
            try {
                tried = attempt.get();
            } catch (RuntimeException e) {
                tried = CompletableFuture.failedFuture(e);
            }
            tried.whenComplete((reply, error) -> {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof NotReached wait && !Instant.now().isAfter(wait.deadline)) {
                    if (registered == null) {
                        run(watch.await(wait.partition, wait.wanted));
                    } else {
                        long left = java.time.Duration.between(Instant.now(), wait.deadline).toMillis() + 1;
                        timer.schedule(() -> registered.complete(null), Math.min(WAIT_FALLBACK_MS, left),
                                TimeUnit.MILLISECONDS);
                        registered.thenRunAsync(() -> run(null), timer);
                    }
                    return;
                }
                if (registered != null) {
                    registered.complete(null); // forgotten by the watch
                }
                if (cause instanceof NotReached wait) {
                    out.complete(wait.timeoutReply);
                } else if (cause != null) {
                    out.completeExceptionally(cause);
                } else if (reply.isPresent()) {
                    out.complete(reply.get());
                } else if (!Instant.now().isBefore(deadline)) {
                    out.complete(onTimeout.get());
                } else {
                    timer.schedule(() -> run(null), PAUSE_MS, TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    /**
     * @return the partition of {@code talkId} when this instance holds its active copy, so that it may answer without
     *         forwarding (the first copy {@link #routeAsync} would try), else -1 (ask {@link #routeAsync})
     */
    public int ownedPartition(String talkId) {
        if (!streams.state().isRunningOrRebalancing()) {
            return -1;
        }
        KeyQueryMetadata md = streams.queryMetadataForKey(TalkViewTopology.HEADS_STORE, talkId, KEY_SERIALIZER);
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost().port() < 0) {
            if (self != null) {
                return -1;
            }
            try {
                return LogReader.partitionFor(talkId, partitionCount.getAsInt());
            } catch (TimeoutException e) {
                return -1;
            }
        }
        return self == null || md.activeHost().equals(self) ? md.partition() : -1;
    }

    /** @return the answer of the first copy that could give one, or empty when none can now (try again) */
    private CompletableFuture<Optional<Reply>> attempt(String talkId, String pathAndQuery,
                                                       LocalCall local) {
        KeyQueryMetadata md = streams.state().isRunningOrRebalancing()
                ? streams.queryMetadataForKey(TalkViewTopology.HEADS_STORE, talkId, KEY_SERIALIZER)
                : KeyQueryMetadata.NOT_AVAILABLE; // not started yet or stopping: no metadata
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost().port() < 0) {
            if (self != null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            int partition;
            try {
                partition = LogReader.partitionFor(talkId, partitionCount.getAsInt());
            } catch (TimeoutException e) {
                log.debug("Cannot learn the partition count: {}", e.toString());
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(tryLocal(local, partition, false)
                    .or(() -> tryLocal(local, partition, true)));
        }
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(md.activeHost());
        hosts.addAll(md.standbyHosts());
        return tryHost(hosts, 0, md.partition(), pathAndQuery, local);
    }

    private CompletableFuture<Optional<Reply>> tryHost(List<HostInfo> hosts, int i, int partition,
                                                       String pathAndQuery, LocalCall local) {
        if (i >= hosts.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        HostInfo host = hosts.get(i);
        boolean standby = i > 0;
        CompletableFuture<Optional<Reply>> reply = self == null || host.equals(self)
                ? CompletableFuture.completedFuture(tryLocal(local, partition, standby))
                : forward(host, pathAndQuery, partition, standby);
        return reply.thenCompose(r -> r.isPresent() ? CompletableFuture.completedFuture(r)
                : tryHost(hosts, i + 1, partition, pathAndQuery, local));
    }

    private CompletableFuture<Optional<Reply>> forward(HostInfo host, String pathAndQuery,
                                                       int partition, boolean stale) {
        Map<String, String> headers = new HashMap<>();
        headers.put(Peers.PARTITION, String.valueOf(partition));
        headers.put(Peers.STALE_OK, String.valueOf(stale));
        return peers.answerAsync(host, pathAndQuery, headers, forwardTimeout);
    }

    private static Optional<Reply> tryLocal(LocalCall local, int partition, boolean stale) {
        try {
            return Optional.ofNullable(local.answer(partition, stale));
        } catch (LocalStores.Unavailable e) {
            log.debug("Local copy not queryable partition={} stale={}: {}", partition, stale, e.getMessage());
            return Optional.empty();
        }
    }

    private static Reply unavailable(String message) {
        return Reply.error(ErrorBody.of(ErrorCode.UNAVAILABLE, message), Map.of("Retry-After", "1"));
    }
}
