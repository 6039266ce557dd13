package io.notespipeline.streams;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.notespipeline.consumer.Sink;
import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.common.TopicPartition;

/**
 * A deliberate fault for the audit tests: forwards everything to {@code sink} but the event with
 * {@code eventId}, whose offset still advances, so the sink never holds it and the audit must flag it.
 */
final class DroppingSink implements Sink {

    private final Sink sink;
    private final String eventId;

    DroppingSink(Sink sink, String eventId) {
        this.sink = sink;
        this.eventId = eventId;
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        sink.write(records.stream().filter(r -> !(r.value() instanceof NoteEvent e && e.getEventId().toString().equals(eventId)))
                .toList(), nextOffsets);
    }

    @Override
    public String name() {
        return sink.name();
    }

    @Override
    public Set<String> topics() {
        return sink.topics();
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        return sink.storedOffsets(partitions);
    }

    @Override
    public Optional<AuditCounter> auditCounter() {
        return sink.auditCounter();
    }

    @Override
    public void maybeFlush(Instant now) {
        sink.maybeFlush(now);
    }

    @Override
    public void flush() {
        sink.flush();
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        sink.revoked(partitions);
    }

    @Override
    public void discard() {
        sink.discard();
    }

    @Override
    public void abort() {
        sink.abort();
    }

    @Override
    public void close() {
        sink.close();
    }
}
