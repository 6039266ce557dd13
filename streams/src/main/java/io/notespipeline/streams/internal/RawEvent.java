package io.notespipeline.streams.internal;

import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An event of {@code notes.events} as read, decoded and with the bytes it came in: the talk's local log
 * ({@link TalkLog}) keeps those bytes as they are instead of encoding the event again.
 *
 * @param event the decoded event
 * @param bytes the record's value as written on the topic (its serde's format)
 */
public record RawEvent(NoteEvent event, byte[] bytes) {

    /**
     * @param events the events topic's value serde
     * @return a serde that decodes with {@code events} (its failures reach the deserialization handler as before)
     *         and keeps the bytes; it writes the kept bytes, or the event through {@code events} when there are none
     */
    public static Serde<RawEvent> serde(Serde<NoteEvent> events) {
        Serializer<NoteEvent> ser = events.serializer();
        Deserializer<NoteEvent> de = events.deserializer();
        return new Serde<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                // the wrapped serde comes configured from the catalogue
            }

            @Override
            public Serializer<RawEvent> serializer() {
                return new Serializer<>() {
                    @Override
                    public byte[] serialize(String topic, RawEvent raw) {
                        return raw == null ? null : raw.bytes() != null ? raw.bytes() : ser.serialize(topic, raw.event());
                    }
                };
            }

            @Override
            public Deserializer<RawEvent> deserializer() {
                return new Deserializer<>() {
                    @Override
                    public RawEvent deserialize(String topic, byte[] bytes) {
                        return bytes == null ? null : new RawEvent(de.deserialize(topic, bytes), bytes);
                    }

                    @Override
                    public RawEvent deserialize(String topic, Headers headers, byte[] bytes) {
                        return bytes == null ? null : new RawEvent(de.deserialize(topic, headers, bytes), bytes);
                    }
                };
            }
        };
    }
}
