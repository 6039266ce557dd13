package io.notespipeline.consumer.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns raw records into {@link SinkRecord}s with the catalogue's value deserializers, then checks
 * the envelope (a decoder fed bytes of another schema can succeed with nonsense). Any exception
 * means the record goes to the dead-letter handler. Internal: not part of the module's API.
 */
public final class RecordConverter {

    private final Map<String, BiFunction<String, byte[], Object>> byTopic;

    private RecordConverter(Map<String, BiFunction<String, byte[], Object>> byTopic) {
        this.byTopic = byTopic;
    }

    /** @return a converter for the events and views topics under the given names */
    public static RecordConverter of(TopicCatalog catalog, String eventsTopic, String viewsTopic) {
        Deserializer<NoteEvent> events = catalog.events().valueSerde().deserializer();
        Deserializer<TalkView> views = catalog.talkViews().valueSerde().deserializer();
        return new RecordConverter(Map.of(
                eventsTopic, (topic, bytes) -> checkEvent(events.deserialize(topic, requireValue(bytes))),
                viewsTopic, (topic, bytes) -> bytes == null ? null : checkView(views.deserialize(topic, bytes))));
    }

    /** @return the record with its value converted; throws whatever the deserializer or the checks throw */
    public SinkRecord convert(ConsumerRecord<byte[], byte[]> record) {
        BiFunction<String, byte[], Object> f = byTopic.get(record.topic());
        if (f == null) {
            throw new IllegalStateException("no converter for topic " + record.topic());
        }
        Object value = f.apply(record.topic(), record.value());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new SinkRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), key, value);
    }

    private static byte[] requireValue(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("null value: the events topic has no tombstones");
        }
        return bytes;
    }

    private static NoteEvent checkEvent(NoteEvent e) {
        if (e.getEventId() == null) {
            throw new SerializationException("event has no eventId");
        }
        if (e.getTalkId() == null || e.getTalkId().isBlank()) {
            throw new SerializationException("event " + e.getEventId() + " has no talkId");
        }
        if (e.getPayload() == null) {
            throw new SerializationException("event " + e.getEventId() + " has no payload");
        }
        return e;
    }

    private static TalkView checkView(TalkView v) {
        if (v.getTalkId() == null || v.getTalkId().isBlank()) {
            throw new SerializationException("talk view has no talkId");
        }
        if (v.getRevision() < 0) {
            throw new SerializationException("talk view " + v.getTalkId() + " has a negative revision");
        }
        return v;
    }

}
