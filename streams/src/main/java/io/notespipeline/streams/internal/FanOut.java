package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every instance for its part of a list, per partition of {@code notes.events}, and merges:
 * a partition is taken from an active copy when one answered, else from a standby copy (the
 * answer then says {@code stale}); one item per talk, the highest revision wins. Retries through
 * rebalances until every partition is covered or the deadline passes ({@code partial}).
 */
public final class FanOut {

    /** One instance's part: items per partition, and which partitions it read from active or standby copies. */
    public record Part(Map<Integer, List<JsonNode>> items, Set<Integer> active, Set<Integer> standby) {
        /** @return the JSON a forwarded list request answers with. */
        public Map<String, Object> toJson() {
            Map<String, Object> byPartition = new TreeMap<>();
            items.forEach((p, list) -> byPartition.put(String.valueOf(p), list));
            return Map.of("items", byPartition, "active", active, "standby", standby);
        }

        static Part fromJson(JsonNode body) {
            Map<Integer, List<JsonNode>> items = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = body.path("items").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                List<JsonNode> list = new ArrayList<>();
                e.getValue().forEach(list::add);
                items.put(Integer.parseInt(e.getKey()), list);
            }
            return new Part(items, ints(body.path("active")), ints(body.path("standby")));
        }

        private static Set<Integer> ints(JsonNode array) {
            Set<Integer> out = new TreeSet<>();
            array.forEach(n -> out.add(n.asInt()));
            return out;
        }
    }

    /** The merged items, whether some partition could not be read, and whether some came from a standby. */
    public record Merged(List<JsonNode> items, boolean partial, boolean stale) {
    }

    private static final long PAUSE_MS = 200;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;
    private final Duration timeout;
    private final IntSupplier partitionCount;
    private final ScheduledExecutorService timer;

    public FanOut(KafkaStreams streams, HostInfo self, Peers peers, Duration timeout, IntSupplier partitionCount,
                  ScheduledExecutorService timer) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.timeout = timeout;
        this.partitionCount = partitionCount;
        this.timer = timer;
    }

    /** {@link #collectAsync}, blocking. */
    public Merged collect(String pathAndQuery, Supplier<Part> local) {
        try {
            return collectAsync(pathAndQuery, local).join();
        } catch (CompletionException e) {
            throw KeyRouter.unwrap(e);
        }
    }

    /**
     * Merges this instance's part with every peer's; while some partition is not covered (rebalancing,
     * restoring) it asks again every 200 ms on a timer until the timeout, then answers with what it has
     * ({@code partial}). No thread waits: peers are asked asynchronously.
     */
    public CompletableFuture<Merged> collectAsync(String pathAndQuery, Supplier<Part> local) {
        CompletableFuture<Merged> out = new CompletableFuture<>();
        round(out, Instant.now().plus(timeout), pathAndQuery, local);
        return out;
    }

    private void round(CompletableFuture<Merged> out, Instant deadline, String pathAndQuery,
                       Supplier<Part> local) {
        CompletableFuture<List<Part>> asked;
        try {
            asked = parts(pathAndQuery, local);
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((parts, error) -> {
            if (error != null) {
                out.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            Set<Integer> fromActive = new TreeSet<>();
            parts.forEach(p -> fromActive.addAll(p.active()));
            Set<Integer> covered = new TreeSet<>(fromActive);
            Map<String, JsonNode> byTalk = new LinkedHashMap<>();
            boolean stale = false;
            for (Part part : parts) {
                for (Map.Entry<Integer, List<JsonNode>> e : part.items().entrySet()) {
                    boolean active = part.active().contains(e.getKey());
                    if (!active && fromActive.contains(e.getKey())) {
                        continue;
                    }
                    stale |= !active;
                    covered.add(e.getKey());
                    e.getValue().forEach(item -> byTalk.merge(item.path("talk_id").asText(), item,
                            (a, b) -> a.path("revision").asLong() >= b.path("revision").asLong() ? a : b));
                }
                part.standby().stream().filter(p -> !fromActive.contains(p)).forEach(covered::add);
            }
            boolean complete = covered.size() >= partitions();
            if (complete || !Instant.now().isBefore(deadline)) {
                out.complete(new Merged(new ArrayList<>(byTalk.values()), !complete, stale));
            } else {
                timer.schedule(() -> round(out, deadline, pathAndQuery, local), PAUSE_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private int partitions() {
        try {
            return partitionCount.getAsInt();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private CompletableFuture<List<Part>> parts(String pathAndQuery, Supplier<Part> local) {
        List<Part> parts = new ArrayList<>();
        parts.add(local.get());
        if (self == null) {
            return CompletableFuture.completedFuture(parts);
        }
        Map<String, String> headers = new HashMap<>();
        Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(parts);
        }
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        for (StreamsMetadata md : all) {
            if (!md.hostInfo().equals(self) && md.hostInfo().port() > 0) {
                calls.add(peers.get(md.hostInfo(), pathAndQuery, headers, Duration.ofSeconds(5))
                        .exceptionally(e -> null));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (CompletableFuture<Reply> call : calls) {
                Reply reply = call.join();
                if (reply != null && reply.status() == 200) {
                    parts.add(Part.fromJson(Json.read(reply.body())));
                }
            }
            return parts;
        });
    }
}
