package io.notespipeline.schemas.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import io.notespipeline.schemas.NotesSchemaException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in the Confluent wire format under the subject
 * {@code <topic>-value} (or {@code -key}). With {@code autoRegister} off (the default) a record
 * whose schema is not registered for the subject is refused with a {@link SchemaRegistryException}
 * naming the subject; a record its own schema cannot encode (a required field left null) is refused
 * with a {@link NotesSchemaException} naming the field. Either way nothing is sent.
 *
 * <p>The schema id is looked up once per (subject, schema) and cached: the hot path makes no
 * registry call. Thread-safe.
 *
 * @param <T> the record type
 */
public final class RegistryAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private static final int ID_CACHE_CAPACITY = 1_000;
    /** A thread's buffer that grew past this (a huge record) is dropped rather than kept. */
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private SchemaRegistryClient client;
    private boolean autoRegister;
    private boolean isKey;
    private final String fixedSubject;
    private final BoundedCache<SubjectSchema, Integer> ids = new BoundedCache<>(ID_CACHE_CAPACITY);
    private final BoundedCache<WriterKey, DatumWriter<Object>> writers = new BoundedCache<>(ID_CACHE_CAPACITY);
    /**
     * The last (subject, schema, type) written, its id and writer: a topic's records almost always share one schema,
     * and the caches above are LRU maps behind a lock (every hit reorders them), which the REST threads contend on.
     */
    private volatile Resolved last;

    /**
     * @param client       the registry
     * @param autoRegister register unknown schemas instead of refusing the record ({@code auto.register.schemas})
     * @param isKey        serialize keys (subject {@code <topic>-key}) rather than values
     */
    public RegistryAvroSerializer(SchemaRegistryClient client, boolean autoRegister, boolean isKey) {
        this(client, autoRegister, isKey, null);
    }

    private RegistryAvroSerializer(SchemaRegistryClient client, boolean autoRegister, boolean isKey, String fixedSubject) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
        this.isKey = isKey;
        this.fixedSubject = fixedSubject;
    }

    /**
     * A serializer bound to one subject whatever topic it writes to. The catalogue uses it with
     * {@code <catalogued topic>-value}, so that Kafka Streams changelog and repartition topics
     * carrying the same records keep the catalogued subject and schema id instead of needing
     * subjects of their own.
     */
    public static <T extends IndexedRecord> RegistryAvroSerializer<T> forSubject(SchemaRegistryClient client,
                                                                                String subject, boolean autoRegister) {
        return new RegistryAvroSerializer<>(client, autoRegister, false, Objects.requireNonNull(subject, "subject"));
    }

    /**
     * For Kafka to instantiate by class name ({@code value.serializer}); {@link #configure} then reads
     * {@link RegistryClientConfigs#SCHEMA_REGISTRY_URL_CONFIG schema.registry.url} and the other
     * Confluent-named settings. Prefer the other constructors in code.
     */
    public RegistryAvroSerializer() {
        this.fixedSubject = null;
    }

    /** Reads the Confluent-named settings when built by class name; a serializer built with a client ignores them. */
    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        if (client == null) {
            this.client = RegistryClientConfigs.client(configs);
            this.autoRegister = RegistryClientConfigs.flag(configs, RegistryClientConfigs.AUTO_REGISTER_CONFIG);
            this.isKey = key;
        }
    }

    /** A value serializer that refuses unregistered schemas. */
    public RegistryAvroSerializer(SchemaRegistryClient client) {
        this(client, false, false);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroSerializer built by class name needs configure() first");
        }
        Schema schema = record.getSchema();
        Resolved hit = last;
        if (hit != null && hit.schema() == schema && hit.type() == record.getClass()
                && (fixedSubject != null || hit.subject().equals(TopicNameStrategy.subject(topic, isKey)))) {
            return encode(hit.subject(), hit.id(), hit.writer(), record);
        }
        String subject = fixedSubject != null ? fixedSubject : TopicNameStrategy.subject(topic, isKey);
        int id = ids.computeIfAbsent(new SubjectSchema(subject, schema), this::resolveId);
        DatumWriter<Object> writer = writers.computeIfAbsent(new WriterKey(record.getClass(), schema),
                RegistryAvroSerializer::newWriter);
        last = new Resolved(subject, schema, record.getClass(), id, writer);
        return encode(subject, id, writer, record);
    }

    private int resolveId(SubjectSchema key) {
        if (autoRegister) {
            return client.register(key.subject(), key.schema());
        }
        try {
            return client.lookup(key.subject(), key.schema()).id();
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            throw new SchemaRegistryException(e.errorCode(), "schema " + key.schema().getFullName()
                    + " is not registered for subject '" + key.subject() + "' and auto.register.schemas is off:"
                    + " register it first; the record was not sent (" + e.getMessage() + ")", e);
        }
    }

    private byte[] encode(String subject, int id, DatumWriter<Object> writer, T record) {
        Schema schema = record.getSchema();
        Buffer buffer = BUFFERS.get();
        try {
            ByteArrayOutputStream out = buffer.out;
            out.reset();
            out.write(WireFormat.header(id));
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffer.encoder);
            buffer.encoder = encoder;
            writer.write(record, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            if (bytes.length > MAX_KEPT_BUFFER) {
                BUFFERS.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            BUFFERS.remove(); // the encoder may hold part of the failed record
            throw new NotesSchemaException("record of " + schema.getFullName() + " for subject '" + subject
                    + "' does not match its schema and was not sent: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DatumWriter<Object> newWriter(WriterKey key) {
        if (NoteEventWriter.handles(key.type(), key.schema())) {
            return new NoteEventWriter();
        }
        if (SpecificRecord.class.isAssignableFrom(key.type())) {
            return new SpecificDatumWriter(key.schema(), SpecificData.getForClass(key.type()));
        }
        return new GenericDatumWriter<>(key.schema(), GenericData.get());
    }

    /** A thread's reused output buffer and encoder: no stream, buffer or encoder allocated per record. */
    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record WriterKey(Class<?> type, Schema schema) {
    }

    private record Resolved(String subject, Schema schema, Class<?> type, int id, DatumWriter<Object> writer) {
    }
}
