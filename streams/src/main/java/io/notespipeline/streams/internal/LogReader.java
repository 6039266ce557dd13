package io.notespipeline.streams.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.notespipeline.schemas.NotesSchemaException;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.streams.NotesStreamsException;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads straight from the topics (not the stores): the latest rejects (the tail of each partition of
 * {@code notes.events.rejected}) and the partition count of {@code notes.events}. A talk's history and
 * {@code asOf} are answered from the local stores ({@link LocalStores#asOf}, {@link LocalStores#talkLog}).
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
            partitionCount = reader().partitionCount(events.name());
        }
        return partitionCount;
    }

    /** @return the partition of {@code notes.events} holding {@code talkId} (the producer's default partitioner). */
    public static int partitionFor(String talkId, int partitions) {
        return Utils.toPositive(Utils.murmur2(talkId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** @return up to {@code limit} latest rejects over all partitions, newest first. */
    public List<Positioned<RejectedEvent>> latestRejects(int limit) {
        List<Positioned<RejectedEvent>> out = new ArrayList<>();
        try {
            reader().read(rejected.name(), null, TopicReader.Start.last(limit), rejected.keySerde().deserializer(),
                    rejected.valueSerde().deserializer(), (batch, snapshot) -> batch.forEach(r -> {
                        if (r.value() != null) {
                            out.add(new Positioned<>(r.value(), r.partition(), r.offset()));
                        }
                    }));
        } catch (NotesSchemaException e) {
            throw new NotesStreamsException(e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Positioned<RejectedEvent> p) -> p.value().getRejectedAt()).reversed());
        return out.subList(0, Math.min(limit, out.size()));
    }

    private TopicReader reader() {
        return TopicReader.of(bootstrapServers).withDeadline(DEADLINE);
    }
}
