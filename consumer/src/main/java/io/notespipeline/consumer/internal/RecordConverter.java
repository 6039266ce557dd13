package io.notespipeline.consumer.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.ContractValidator;
import io.notespipeline.schemas.contract.Violation;

import org.apache.avro.generic.IndexedRecord;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns raw records into {@link SinkRecord}s with the catalogue's value deserializers, then applies the
 * read rules (mode READ, onFailure DLQ) of the topic's data contract ({@link BuiltInContracts}; a decoder fed
 * bytes of another schema can succeed with nonsense). Write rules were enforced at produce time and are not
 * applied again: history written before a rule existed stays readable. Any exception means the record goes
 * to the dead-letter handler. Internal: not part of the module's API.
 */
public final class RecordConverter {

    private static final ContractValidator EVENTS = ContractValidator.of(BuiltInContracts.noteEvents());
    private static final ContractValidator VIEWS = ContractValidator.of(BuiltInContracts.talkViews());

    private final Map<String, BiFunction<String, byte[], Object>> byTopic;

    private RecordConverter(Map<String, BiFunction<String, byte[], Object>> byTopic) {
        this.byTopic = byTopic;
    }

    /** @return a converter for the events and views topics under the given names */
    public static RecordConverter of(TopicCatalog catalog, String eventsTopic, String viewsTopic) {
        Deserializer<NoteEvent> events = catalog.events().valueSerde().deserializer();
        Deserializer<TalkView> views = catalog.talkViews().valueSerde().deserializer();
        return new RecordConverter(Map.of(
                eventsTopic, (topic, bytes) -> check(EVENTS, "event", events.deserialize(topic, requireValue(bytes))),
                viewsTopic, (topic, bytes) -> bytes == null ? null
                        : check(VIEWS, "talk view", views.deserialize(topic, bytes))));
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

    /** @throws SerializationException naming the first read rule of the contract the record breaks */
    private static <T extends IndexedRecord> T check(ContractValidator contract, String what, T record) {
        List<Violation> violations = contract.validateRead(record);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            throw new SerializationException(what + " breaks contract rule " + first.rule() + " (" + first.field()
                    + "): " + first.reason());
        }
        return record;
    }
}
