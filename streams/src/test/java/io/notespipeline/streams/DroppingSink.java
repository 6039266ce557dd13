package io.notespipeline.streams;

import java.util.List;
import java.util.Map;

import io.notespipeline.consumer.ForwardingSink;
import io.notespipeline.consumer.Sink;
import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.common.TopicPartition;

/**
 * A deliberate fault for the audit tests: forwards everything to {@code sink} but the event with
 * {@code eventId}, whose offset still advances, so the sink never holds it and the audit must flag it.
 */
final class DroppingSink extends ForwardingSink {

    private final String eventId;

    DroppingSink(Sink sink, String eventId) {
        super(sink);
        this.eventId = eventId;
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        delegate().write(records.stream()
                .filter(r -> !(r.value() instanceof NoteEvent e && e.getEventId().toString().equals(eventId)))
                .toList(), nextOffsets);
    }
}
