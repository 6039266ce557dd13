package io.notespipeline.bench.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.notespipeline.producer.NoteCommand;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The events of one run, generated once before anything is timed: as events, as the publisher's
 * commands carrying the same envelope, and as the exact bytes the publisher will produce (for the raw
 * baseline).
 *
 * @param events   the generated events, in order
 * @param keys     UTF-8 talk ids
 * @param values   the serialized events (registry wire format)
 * @param meanSize mean serialized value size in bytes
 */
public record Workload(List<NoteEvent> events, byte[][] keys, byte[][] values, double meanSize) {

    /**
     * @param n          how many events
     * @param seed       the generator's seed
     * @param corpus     the real notes to draw sizes from
     * @param start      occurredAt of the first event
     * @param serializer the value serializer the publisher uses
     * @param topic      topic name given to the serializer (its subject)
     */
    public static Workload generate(int n, long seed, NotesCorpus corpus, Instant start,
            Serializer<NoteEvent> serializer, String topic) {
        WorkloadGenerator generator = new WorkloadGenerator(seed, corpus, WorkloadGenerator.Shape.defaults(), start);
        List<NoteEvent> events = new ArrayList<>(n);
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            NoteEvent e = generator.next();
            events.add(e);
            keys[i] = e.getTalkId().getBytes(StandardCharsets.UTF_8);
            values[i] = serializer.serialize(topic, e);
            bytes += values[i].length;
        }
        return new Workload(events, keys, values, n == 0 ? 0 : (double) bytes / n);
    }

    /** @return the publisher command of event {@code i}: same id, time, author, correlation id and payload. */
    public NoteCommand command(int i) {
        NoteEvent e = events.get(i);
        return new NoteCommand(e.getTalkId(), (SpecificRecord) e.getPayload(), e.getEventId(), e.getOccurredAt(),
                e.getAuthor(), e.getCorrelationId(), e.getExpectedRevision());
    }

    /** @return the UTF-8 correlation id of event {@code i} (the publisher sends it as a header). */
    public byte[] correlationHeader(int i) {
        return events.get(i).getCorrelationId().getBytes(StandardCharsets.UTF_8);
    }

    public int size() {
        return events.size();
    }
}
