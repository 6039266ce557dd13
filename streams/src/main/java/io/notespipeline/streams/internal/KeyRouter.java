package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * retrying through rebalances until the deadline, then 503 with {@code Retry-After}.
 */
public final class KeyRouter {

    /** Answers from this instance's stores, or throws {@link LocalStores.Unavailable}. */
    @FunctionalInterface
    public interface LocalCall {
        Reply answer(int partition, boolean stale) throws LocalStores.Unavailable;
    }

    private static final Logger log = LoggerFactory.getLogger(KeyRouter.class);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;
    private final Duration timeout;
    private final Duration forwardTimeout;
    private final java.util.function.IntSupplier partitionCount;

    /**
     * @param self           this instance's {@code application.server}, or null when it runs alone
     * @param partitionCount partitions of {@code notes.events} (used when no metadata is available)
     */
    public KeyRouter(KafkaStreams streams, HostInfo self, Peers peers, Duration timeout, Duration forwardTimeout,
                     java.util.function.IntSupplier partitionCount) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.timeout = timeout;
        this.forwardTimeout = forwardTimeout;
        this.partitionCount = partitionCount;
    }

    /** Answers a request an instance forwarded to this one: local stores only. */
    public static Reply answerForwarded(LocalCall local, int partition, boolean staleOk) {
        return tryLocal(local, partition, staleOk)
                .orElseGet(() -> unavailable("partition " + partition + " is not queryable on this instance"));
    }

    /**
     * @param talkId        the key
     * @param pathAndQuery  the request to forward, e.g. {@code /v1/talks/t1?after=3-12}
     * @param authorization the caller's Authorization header, passed on (may be null)
     */
    public Reply route(String talkId, String pathAndQuery, String authorization, LocalCall local) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            Optional<Reply> reply = attempt(talkId, pathAndQuery, authorization, local);
            if (reply.isPresent()) {
                return reply.get();
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        } while (Instant.now().isBefore(deadline));
        log.warn("No copy of talkId={} answered within {}", talkId, timeout);
        return unavailable("no instance can answer for talk " + talkId + " now (rebalancing or restoring)");
    }

    /** @return the answer of the first copy that could give one, or empty when none can now (try again) */
    private Optional<Reply> attempt(String talkId, String pathAndQuery, String authorization, LocalCall local) {
        KeyQueryMetadata md = streams.state().isRunningOrRebalancing()
                ? streams.queryMetadataForKey(TalkViewTopology.HEADS_STORE, talkId, new StringSerializer())
                : KeyQueryMetadata.NOT_AVAILABLE; // not started yet or stopping: no metadata
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost().port() < 0) {
            if (self != null) {
                return Optional.empty();
            }
            int partition;
            try {
                partition = LogReader.partitionFor(talkId, partitionCount.getAsInt());
            } catch (TimeoutException e) {
                log.debug("Cannot learn the partition count: {}", e.toString());
                return Optional.empty();
            }
            return tryLocal(local, partition, false).or(() -> tryLocal(local, partition, true));
        }
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(md.activeHost());
        hosts.addAll(md.standbyHosts());
        for (int i = 0; i < hosts.size(); i++) {
            HostInfo host = hosts.get(i);
            boolean standby = i > 0;
            Optional<Reply> reply = self == null || host.equals(self)
                    ? tryLocal(local, md.partition(), standby)
                    : forward(host, pathAndQuery, authorization, md.partition(), standby);
            if (reply.isPresent()) {
                return reply;
            }
        }
        return Optional.empty();
    }

    private Optional<Reply> forward(HostInfo host, String pathAndQuery, String authorization, int partition,
                                    boolean stale) {
        Map<String, String> headers = new HashMap<>();
        headers.put(Peers.PARTITION, String.valueOf(partition));
        headers.put(Peers.STALE_OK, String.valueOf(stale));
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return peers.answer(host, pathAndQuery, headers, forwardTimeout);
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
