package io.notespipeline.schemas.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format: fetches the writer's schema by the id in the header
 * (once per id, then cached) and resolves it to the reader's schema (the generated class's, a given
 * generic schema, or the writer's own), so data written with an older or newer compatible schema
 * reads as the reader expects. Thread-safe.
 *
 * @param <T> the record type
 */
public final class RegistryAvroDeserializer<T> implements Deserializer<T> {

    private static final int READER_CACHE_CAPACITY = 1_000;

    private SchemaRegistryClient client;
    private Schema readerSchema;
    private GenericData model;
    private boolean specificByName;
    private final BoundedCache<Integer, DatumReader<T>> readers = new BoundedCache<>(READER_CACHE_CAPACITY);

    private RegistryAvroDeserializer(SchemaRegistryClient client, Schema readerSchema, GenericData model) {
        this.client = Objects.requireNonNull(client, "client");
        this.readerSchema = readerSchema;
        this.model = model;
    }

    /**
     * For Kafka to instantiate by class name ({@code value.deserializer}); {@link #configure} reads
     * {@code schema.registry.url}, the auth settings and {@code specific.avro.reader} (true: records are
     * read into the generated class named like the writer's schema). Prefer the factories in code.
     */
    public RegistryAvroDeserializer() {
        this.model = GenericData.get();
    }

    /** Reads the Confluent-named settings when built by class name; one built with a client ignores them. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            this.client = RegistryClientConfigs.client(configs);
            this.specificByName = RegistryClientConfigs.flag(configs, RegistryClientConfigs.SPECIFIC_READER_CONFIG);
        }
    }

    /** @return a deserializer into the generated class {@code type} (its schema is the reader's schema) */
    public static <T extends SpecificRecord> RegistryAvroDeserializer<T> specific(SchemaRegistryClient client,
                                                                                 Class<T> type) {
        return new RegistryAvroDeserializer<>(client, SpecificData.get().getSchema(type), SpecificData.getForClass(type));
    }

    /**
     * @param readerSchema the schema to resolve to, or null to read with each record's writer schema
     * @return a deserializer into generic records
     */
    public static RegistryAvroDeserializer<GenericRecord> generic(SchemaRegistryClient client, Schema readerSchema) {
        return new RegistryAvroDeserializer<>(client, readerSchema, GenericData.get());
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroDeserializer built by class name needs configure() first");
        }
        int id = WireFormat.readSchemaId(topic, bytes);
        DatumReader<T> reader = readers.computeIfAbsent(id, this::newReader);
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                    bytes.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read record of schema id " + id + " on topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private DatumReader<T> newReader(int id) {
        Schema writer = client.schemaById(id);
        if (specificByName) {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type == null) {
                throw new SerializationException("specific.avro.reader is set but no generated class is named "
                        + writer.getFullName() + " (schema id " + id + ")");
            }
            return new SpecificDatumReader(writer, SpecificData.get().getSchema(type), SpecificData.getForClass(type));
        }
        Schema reader = readerSchema == null ? writer : readerSchema;
        if (model instanceof SpecificData specific) {
            return new SpecificDatumReader(writer, reader, specific);
        }
        return new GenericDatumReader<>(writer, reader, model);
    }
}
