package io.notespipeline.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka (Streams) {@link Serde} in the Confluent wire format, subject by topic name.
 *
 * @param <T> the record type
 * @see RegistryAvroSerializer
 * @see RegistryAvroDeserializer
 */
public final class RegistryAvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final RegistryAvroSerializer<T> serializer;
    private final RegistryAvroDeserializer<T> deserializer;

    public RegistryAvroSerde(RegistryAvroSerializer<T> serializer, RegistryAvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /**
     * @param autoRegister register unknown schemas instead of refusing records
     * @return a value serde for the generated class {@code type}
     */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> specific(SchemaRegistryClient client, Class<T> type,
                                                                          boolean autoRegister) {
        return new RegistryAvroSerde<>(new RegistryAvroSerializer<>(client, autoRegister, false),
                RegistryAvroDeserializer.specific(client, type));
    }

    /**
     * @param subject      the subject every record is written under, whatever the topic
     * @param autoRegister register unknown schemas instead of refusing records
     * @return a serde for the generated class {@code type} bound to {@code subject}
     */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> specificForSubject(SchemaRegistryClient client,
                                                                                    Class<T> type, String subject,
                                                                                    boolean autoRegister) {
        return new RegistryAvroSerde<>(RegistryAvroSerializer.forSubject(client, subject, autoRegister),
                RegistryAvroDeserializer.specific(client, type));
    }

    /**
     * @param readerSchema the schema records are read into, or null for each record's writer schema
     * @return a value serde for generic records
     */
    public static RegistryAvroSerde<GenericRecord> generic(SchemaRegistryClient client, Schema readerSchema,
                                                           boolean autoRegister) {
        return new RegistryAvroSerde<>(new RegistryAvroSerializer<>(client, autoRegister, false),
                RegistryAvroDeserializer.generic(client, readerSchema));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
