package io.notespipeline.streams.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.streams.NotesStreamsException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads straight from the topics (not the stores): a talk's events from {@code notes.events}
 * (for history and for asOf older than the history retention) and the latest rejects.
 */
public final class LogReader {

    /** One event with where it sits in the log. */
    public record Positioned<V>(V value, int partition, long offset) {
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Topic<String, NoteEvent> events;
    private final Topic<String, RejectedEvent> rejected;

    public LogReader(String bootstrapServers, Topic<String, NoteEvent> events, Topic<String, RejectedEvent> rejected) {
        this.bootstrapServers = bootstrapServers;
        this.events = events;
        this.rejected = rejected;
    }

    private volatile int partitionCount;

    /** @return the number of partitions of {@code notes.events} (asked once, then remembered). */
    public int partitionCount() {
        if (partitionCount == 0) {
            try (KafkaConsumer<String, NoteEvent> consumer = consumer(events)) {
                partitionCount = consumer.partitionsFor(events.name(), Duration.ofSeconds(10)).size();
            }
        }
        return partitionCount;
    }

    /** @return the partition of {@code notes.events} holding {@code talkId} (the producer's default partitioner). */
    public static int partitionFor(String talkId, int partitions) {
        return Utils.toPositive(Utils.murmur2(talkId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** @return every committed event of {@code talkId}, in log order. */
    public List<Positioned<NoteEvent>> talkEvents(String talkId) {
        try (KafkaConsumer<String, NoteEvent> consumer = consumer(events)) {
            int partitions = consumer.partitionsFor(events.name()).size();
            TopicPartition tp = new TopicPartition(events.name(), partitionFor(talkId, partitions));
            List<Positioned<NoteEvent>> out = new ArrayList<>();
            readToEnd(consumer, List.of(tp), Map.of(), r -> {
                if (talkId.equals(r.key()) && r.value() != null) {
                    out.add(new Positioned<>(r.value(), r.partition(), r.offset()));
                }
            });
            return out;
        }
    }

    /** @return up to {@code limit} latest rejects over all partitions, newest first. */
    public List<Positioned<RejectedEvent>> latestRejects(int limit) {
        try (KafkaConsumer<String, RejectedEvent> consumer = consumer(rejected)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(rejected.name())) {
                tps.add(new TopicPartition(p.topic(), p.partition()));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> starts = new HashMap<>();
            tps.forEach(tp -> starts.put(tp, Math.max(0, ends.get(tp) - limit)));
            List<Positioned<RejectedEvent>> out = new ArrayList<>();
            readToEnd(consumer, tps, starts, r -> {
                if (r.value() != null) {
                    out.add(new Positioned<>(r.value(), r.partition(), r.offset()));
                }
            });
            out.sort(Comparator.comparing((Positioned<RejectedEvent> p) -> p.value().getRejectedAt()).reversed());
            return out.subList(0, Math.min(limit, out.size()));
        }
    }

    private static <V> void readToEnd(KafkaConsumer<String, V> consumer, List<TopicPartition> tps,
                                      Map<TopicPartition, Long> starts,
                                      java.util.function.Consumer<ConsumerRecord<String, V>> sink) {
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        starts.forEach(consumer::seek);
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            if (Instant.now().isAfter(deadline)) {
                throw new NotesStreamsException("timed out reading " + tps + " to offsets " + ends);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(sink);
        }
    }

    private <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "views-log-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
