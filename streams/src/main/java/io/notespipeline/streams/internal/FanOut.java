package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every instance for its part of a list (its active partitions), merges the parts (one item
 * per talk, the highest revision wins) and retries through rebalances until every partition of
 * {@code notes.events} is covered or the deadline passes (then the answer says {@code partial}).
 */
public final class FanOut {

    /** One instance's part: its items and the partitions they cover. */
    public record Part(List<JsonNode> items, Set<Integer> partitions) {
        /** @return the JSON a forwarded list request answers with. */
        public Map<String, Object> toJson() {
            return Map.of("items", items, "partitions", partitions);
        }
    }

    /** The merged items and whether some partition could not be read. */
    public record Merged(List<JsonNode> items, boolean partial) {
    }

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;
    private final Duration timeout;
    private final IntSupplier partitionCount;

    public FanOut(KafkaStreams streams, HostInfo self, Peers peers, Duration timeout, IntSupplier partitionCount) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.timeout = timeout;
        this.partitionCount = partitionCount;
    }

    public Merged collect(String pathAndQuery, String authorization, Supplier<Part> local) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<String, JsonNode> byTalk = new LinkedHashMap<>();
            Set<Integer> covered = new TreeSet<>();
            for (Part part : parts(pathAndQuery, authorization, local)) {
                covered.addAll(part.partitions());
                for (JsonNode item : part.items()) {
                    byTalk.merge(item.path("talk_id").asText(), item,
                            (a, b) -> a.path("revision").asLong() >= b.path("revision").asLong() ? a : b);
                }
            }
            boolean complete = covered.size() >= partitions();
            if (complete || !Instant.now().isBefore(deadline)) {
                return new Merged(new ArrayList<>(byTalk.values()), !complete);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    private int partitions() {
        try {
            return partitionCount.getAsInt();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private List<Part> parts(String pathAndQuery, String authorization, Supplier<Part> local) {
        List<Part> parts = new ArrayList<>();
        parts.add(local.get());
        if (self == null) {
            return parts;
        }
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        java.util.Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (RuntimeException e) {
            return parts;
        }
        for (StreamsMetadata md : all) {
            if (!md.hostInfo().equals(self) && md.hostInfo().port() > 0) {
                calls.add(peers.get(md.hostInfo(), pathAndQuery, headers, Duration.ofSeconds(5))
                        .exceptionally(e -> null));
            }
        }
        for (CompletableFuture<Reply> call : calls) {
            Reply reply = call.join();
            if (reply != null && reply.status() == 200) {
                JsonNode body = Json.read(reply.body());
                List<JsonNode> items = new ArrayList<>();
                body.path("items").forEach(items::add);
                Set<Integer> partitions = new TreeSet<>();
                body.path("partitions").forEach(p -> partitions.add(p.asInt()));
                parts.add(new Part(items, partitions));
            }
        }
        return parts;
    }
}
