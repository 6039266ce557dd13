package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/talks/{id}/outcomes?after=<partition>-<offset>&events=<eventId>,...}: what the views made of
 * some events of a talk, once they have read the log up to {@code after} (the position of the last of them).
 * This is how a producer answers {@code POST …/events?wait=applied}, in the same process or another one.
 *
 * <p>Answered from the owner's stores (routed like {@code GET /v1/talks/{id}}, waiting without a thread while the
 * position is not reached, 504 {@code TIMEOUT} with the position after the query wait): the dedupe store gives
 * the sequence at which the talk's local log first read each eventId, and a fold from the snapshot before the
 * first of them ({@link TalkLog.Folding}, at most {@code max(snapshotEvery, notes)} local entries) gives each
 * event's result exactly as the fold had it. {@code 200 {"position", "outcomes": [{"eventId", "outcome",
 * "revision"?, "reason"?, "detail"?}]}}, in the order asked: {@code APPLIED} with the talk's revision right after
 * the event; {@code REJECTED} with the reason ({@code STALE_REVISION}, ...) and detail; {@code UNKNOWN} when the
 * copy has read up to {@code after} without seeing that eventId for this talk (another talk, another position).
 * An eventId read again later (a client's retry) has the outcome of its first reading: it was applied once.
 */
public final class EventOutcomes {

    /** The route prefix's parameter-taking router of the query API (its {@code byKey}). */
    @FunctionalInterface
    public interface ByKey {
        void route(Context ctx, String talkId, KeyRouter.LocalCall local);
    }

    /** Most eventIds one request may name (a batch of the producer is at most this many events). */
    public static final int MAX_EVENTS = 1_000;

    private final KafkaStreams streams;
    private final Duration wait;

    /** @param wait how long a request waits for its {@code after} position (the query API's wait) */
    public EventOutcomes(KafkaStreams streams, Duration wait) {
        this.streams = streams;
        this.wait = wait;
    }

    /** Adds the route, answered through {@code byKey} (forwarding to the owner, async waits). */
    public void register(Javalin app, ByKey byKey) {
        app.get("/v1/talks/{id}/outcomes", ctx -> {
            String talkId = ctx.pathParam("id");
            String after = ctx.queryParam("after");
            if (after == null) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "after is required: the position of the last event");
            }
            List<UUID> ids = eventIds(ctx.queryParam("events"));
            Instant deadline = Instant.now().plus(wait);
            byKey.route(ctx, talkId, (partition, stale) -> answer(talkId, partition, stale, after, ids, deadline));
        });
    }

    private Reply answer(String talkId, int partition, boolean stale, String after, List<UUID> ids, Instant deadline)
            throws LocalStores.Unavailable {
        long wanted = offset(after, partition, talkId);
        try {
            Long processed = store(TalkViewTopology.POSITIONS_STORE, partition, stale, Integer.class, Long.class)
                    .get(partition);
            long position = processed == null ? -1L : processed;
            if (position < wanted) {
                throw new KeyRouter.NotReached(partition, wanted, deadline, Reply.error(ErrorCode.TIMEOUT, "the views have not reached "
                        + after + " within " + wait.toMillis() + " ms", Map.of("position", partition + "-" + position)));
            }
            List<Map<String, Object>> outcomes = outcomes(talkId, partition, stale, ids);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("position", partition + "-" + position);
            out.put("outcomes", outcomes);
            return Reply.ok(out);
        } catch (InvalidStateStoreException e) {
            throw new LocalStores.Unavailable("outcomes of partition " + partition + " not queryable here: "
                    + e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> outcomes(String talkId, int partition, boolean stale, List<UUID> ids) {
        ReadOnlyKeyValueStore<String, Seen> seen = store(TalkViewTopology.DEDUPE_STORE, partition, stale, String.class,
                Seen.class);
        TreeMap<Long, UUID> wantedSeqs = new TreeMap<>();
        Map<UUID, Long> seqOf = new LinkedHashMap<>();
        for (UUID id : ids) {
            Seen entry = seen.get(id.toString());
            // an eventId applied to another talk of the partition: UNKNOWN for this one (the log check below says
            // the same for entries written before the talk was kept)
            Long seq = entry == null || (entry.talkId() != null && !entry.talkId().equals(talkId)) ? null : entry.seq();
            seqOf.put(id, seq);
            if (seq != null) {
                wantedSeqs.put(seq, id);
            }
        }
        Map<Long, FoldResult> results = wantedSeqs.isEmpty() ? Map.of() : fold(talkId, partition, stale, wantedSeqs);
        List<Map<String, Object>> out = new ArrayList<>();
        for (UUID id : ids) {
            Long seq = seqOf.get(id);
            out.add(describe(id, seq == null ? null : results.get(seq)));
        }
        return out;
    }

    /**
     * Folds the talk's local log from the snapshot before the first wanted sequence, keeping the result at each
     * wanted sequence whose entry is that eventId (the dedupe store is per partition: an eventId a client reused
     * for another talk names a sequence of that talk, and stays UNKNOWN here).
     */
    private Map<Long, FoldResult> fold(String talkId, int partition, boolean stale, TreeMap<Long, UUID> wanted) {
        Map<Long, FoldResult> results = new java.util.HashMap<>();
        long first = wanted.firstKey();
        long last = wanted.lastKey();
        TalkView start = null;
        String from = TalkLog.first(talkId);
        if (first > 0) {
            ReadOnlyKeyValueStore<String, TalkLog.Snapshot> snapshots = store(TalkViewTopology.SNAPSHOTS_STORE,
                    partition, stale, String.class, TalkLog.Snapshot.class);
            try (KeyValueIterator<String, TalkLog.Snapshot> it = snapshots.reverseRange(TalkLog.first(talkId),
                    TalkLog.key(talkId, first - 1))) {
                if (it.hasNext()) {
                    KeyValue<String, TalkLog.Snapshot> snapshot = it.next();
                    start = snapshot.value.view();
                    from = TalkLog.key(talkId, TalkLog.seq(snapshot.key) + 1);
                }
            }
        }
        TalkLog.Folding folding = new TalkLog.Folding(start);
        ReadOnlyKeyValueStore<String, TalkLog.Entry> events = store(TalkViewTopology.EVENTS_STORE, partition, stale,
                String.class, TalkLog.Entry.class);
        try (KeyValueIterator<String, TalkLog.Entry> it = events.range(from, TalkLog.key(talkId, last))) {
            while (it.hasNext()) {
                KeyValue<String, TalkLog.Entry> entry = it.next();
                if (entry.value.duplicate()) {
                    continue; // the fold dropped it: it changed nothing
                }
                FoldResult result = folding.apply(entry.value.event());
                long seq = TalkLog.seq(entry.key);
                if (entry.value.event().getEventId().equals(wanted.get(seq))) {
                    results.put(seq, result);
                }
            }
        }
        return results;
    }

    private static Map<String, Object> describe(UUID id, FoldResult result) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("eventId", id.toString());
        if (result instanceof FoldResult.Applied applied) {
            item.put("outcome", "APPLIED");
            item.put("revision", applied.view().getRevision());
        } else if (result instanceof FoldResult.Rejected rejected) {
            item.put("outcome", "REJECTED");
            item.put("reason", rejected.reason().name());
            item.put("detail", rejected.detail());
            if (rejected.view() != null) {
                item.put("revision", rejected.view().getRevision());
            }
        } else {
            item.put("outcome", "UNKNOWN");
        }
        return item;
    }

    private static List<UUID> eventIds(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "events is required: comma-separated eventIds");
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > MAX_EVENTS) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "events names at most " + MAX_EVENTS + " eventIds");
        }
        List<UUID> ids = new ArrayList<>(parts.length);
        for (String part : parts) {
            try {
                ids.add(UUID.fromString(part.trim()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "events must be UUIDs, got '" + part + "'");
            }
        }
        return ids;
    }

    private static long offset(String token, int partition, String talkId) {
        int dash = token.indexOf('-');
        try {
            int p = Integer.parseInt(token.substring(0, dash));
            long offset = Long.parseLong(token.substring(dash + 1));
            if (p != partition) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "token " + token + " is for partition " + p
                        + " but talk " + talkId + " lives in partition " + partition);
            }
            return offset;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "after must be a position token <partition>-<offset>, got "
                    + token);
        }
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition, boolean stale, Class<K> keyType,
                                                     Class<V> valueType) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> params = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition);
        return streams.store(stale ? params.enableStaleStores() : params);
    }
}
