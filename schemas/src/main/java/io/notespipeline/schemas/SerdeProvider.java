package io.notespipeline.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the value serde for an Avro-typed topic. The catalogue asks for one per topic so that a
 * registry-backed implementation can use the topic's subject ({@code <topic>-value}).
 */
@FunctionalInterface
public interface SerdeProvider {

    /** @return the serde for values of {@code type} on {@code topic}. */
    <T extends SpecificRecord> Serde<T> valueSerde(String topic, Class<T> type);

    /** Plain Avro binary without a registry; for tests and tools that read a known schema. */
    static SerdeProvider avroBinary() {
        return AvroBinarySerde::new;
    }
}
