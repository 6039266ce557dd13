package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.NotesSchemaException;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.ContractValidator;
import io.notespipeline.schemas.registry.BuiltInSchemas;
import io.notespipeline.schemas.registry.HttpSchemaRegistryClient;
import io.notespipeline.schemas.registry.RegistryAvroDeserializer;
import io.notespipeline.schemas.registry.RegistryAvroSerializer;
import io.notespipeline.schemas.registry.RegistryClientConfigs;
import io.notespipeline.schemas.registry.RegistrySerdeProvider;
import io.notespipeline.schemas.registry.SchemaRegistryClient;
import io.notespipeline.schemas.registry.SchemaRegistryException;
import io.notespipeline.schemas.registry.TopicMetadata;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP client and the wire-format serdes against a real registry server and broker. */
@ExtendWith(KafkaExtension.class)
class SerdeRegistryIT {

    static final String TOKEN = "serde-admin";
    static RegistryServer server;
    static SchemaRegistryClient client;
    static TestKafka kafka;

    @BeforeAll
    static void start(TestKafka testKafka) {
        kafka = testKafka;
        server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0, RegistryConfig.ADMIN_TOKENS_CONFIG, TOKEN)),
                kafka.bootstrapServers(),
                TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".")).start();
        client = new HttpSchemaRegistryClient(server.url(), TOKEN, 100, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Schema schema(String resource) {
        try (InputStream in = SerdeRegistryIT.class.getResourceAsStream("/registry/" + resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static GenericRecord talk(Schema schema, String id, Object views) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("title", "Title of " + id);
        record.put("views", views);
        if (schema.getField("room") != null) {
            record.put("room", "Hall B");
        }
        return record;
    }

    static <V> void produce(String topic, Serializer<V> serializer, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
    }

    /** Reads {@code topic} from its beginning to its end. */
    static <V> List<V> readToEnd(String topic, Deserializer<V> deserializer) {
        List<V> values = new ArrayList<>();
        TopicReader.of(kafka.bootstrapServers()).readPartition(topic, 0, new StringDeserializer(), deserializer,
                r -> values.add(r.value()));
        return values;
    }

    @Test
    void recordsWrittenWithOldAndNewSchemasReadWithEitherSchema() throws Exception {
        String topic = kafka.uniqueTopic("talks");
        kafka.createTopic(topic, 1);
        Schema v1 = schema("talk-v1.avsc");
        Schema v2 = schema("talk-v2.avsc");
        var serializer = new RegistryAvroSerializer<GenericRecord>(client);
        client.register(topic + "-value", v1);
        produce(topic, serializer, talk(v1, "old", 7));
        client.register(topic + "-value", v2);
        produce(topic, serializer, talk(v2, "new", 8L));

        List<GenericRecord> asNew = readToEnd(topic, RegistryAvroDeserializer.generic(client, v2));
        Schema v1ReadingLong = new Schema.Parser().parse(v1.toString().replace("\"int\"", "\"long\""));
        List<GenericRecord> asOld = readToEnd(topic, RegistryAvroDeserializer.generic(client, v1ReadingLong));

        assertThat(asNew).extracting(r -> r.get("room").toString()).as("old data takes the new field's default")
                .containsExactly("unknown", "Hall B");
        assertThat(asNew).extracting(r -> r.get("views")).containsExactly(7L, 8L);
        assertThat(asOld).extracting(r -> r.getSchema().getField("room")).as("new data read with the old schema drops room")
                .containsOnlyNulls();
        assertThat(asOld).extracting(r -> r.get("id").toString()).containsExactly("old", "new");
    }

    @Test
    void unregisteredAndInvalidRecordsAreRefusedBeforeTheBroker() {
        String topic = kafka.uniqueTopic("events");
        kafka.createTopic(topic, 1);
        var serializer = new RegistryAvroSerializer<GenericRecord>(client);
        NoteEvent valid = NoteEvent.newBuilder().setEventId(UUID.randomUUID()).setTalkId("t1").setOccurredAt(Instant.now())
                .setAuthor("ada").setCorrelationId("c1").setExpectedRevision(null)
                .setPayload(NoteAdded.newBuilder().setNoteId("n1").setParentId(null).setPosition(0).setText("hi").build())
                .build();
        var eventSerializer = new RegistryAvroSerializer<NoteEvent>(client);

        assertThatThrownBy(() -> produce(topic, eventSerializer, valid))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered for subject '" + topic + "-value'");

        client.register(topic + "-value", NoteEvent.getClassSchema());
        GenericRecord missingAuthor = new GenericData.Record(NoteEvent.getClassSchema());
        missingAuthor.put("eventId", UUID.randomUUID().toString());
        missingAuthor.put("talkId", "t1");
        missingAuthor.put("occurredAt", 1L);
        missingAuthor.put("correlationId", "c1");
        missingAuthor.put("payload", new GenericData.Record(NoteAdded.getClassSchema()));
        assertThatThrownBy(() -> produce(topic, serializer, missingAuthor))
                .isInstanceOf(NotesSchemaException.class).hasMessageContaining("author");

        assertThat(readToEnd(topic, new ByteArrayDeserializer())).as("nothing reached the topic").isEmpty();
    }

    @Test
    void builtInSchemasRegisterIdempotentlyAndTheHotPathNeedsNoRegistry(TestKafka kafka) throws Exception {
        RegistryServer own = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0, RegistryConfig.ADMIN_TOKENS_CONFIG, TOKEN)),
                kafka.bootstrapServers(),
                TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".")).start();
        HttpSchemaRegistryClient http = new HttpSchemaRegistryClient(own.url(), TOKEN, 100, Duration.ofSeconds(30));
        TopicCatalog catalog = new TopicCatalog(CatalogConfig.defaults(), new RegistrySerdeProvider(http));
        HttpSchemaRegistryClient noTtl = new HttpSchemaRegistryClient(own.url(), null, 100, Duration.ZERO);
        NoteEvent event;
        byte[] first;
        try {
            Map<String, Integer> ids = BuiltInSchemas.register(http, catalog);
            HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(own.url(), TOKEN, 100, Duration.ofSeconds(30));
            assertThat(BuiltInSchemas.register(fresh, catalog)).as("a second start registers nothing new").isEqualTo(ids);
            TopicMetadata events = fresh.topicMetadata(TopicCatalog.EVENTS).orElseThrow();
            assertThat(events.version()).isEqualTo(1);
            assertThat(events.identityFields()).containsExactly("eventId");

            event = NoteEvent.newBuilder().setEventId(UUID.randomUUID()).setTalkId("t1").setOccurredAt(Instant.now())
                    .setAuthor("ada").setCorrelationId("c1").setExpectedRevision(null)
                    .setPayload(NoteAdded.newBuilder().setNoteId("n1").setParentId(null).setPosition(0).setText(" ").build())
                    .build();
            assertThat(ContractValidator.of(BuiltInContracts.noteEvents()).validateWrite(event, Instant.now()))
                    .extracting(v -> v.field() + ":" + v.rule()).containsExactly("payload.text:noteTextRequired");
            assertThat(noTtl.topicMetadata(TopicCatalog.EVENTS)).contains(events);
            first = catalog.events().valueSerde().serializer().serialize(TopicCatalog.EVENTS, event);
            catalog.events().valueSerde().deserializer().deserialize(TopicCatalog.EVENTS, first);
        } finally {
            own.close();
        }
        byte[] again = catalog.events().valueSerde().serializer().serialize(TopicCatalog.EVENTS, event);
        assertThat(again).as("cached ids: serializing needs no registry call").isEqualTo(first);
        assertThat(noTtl.topicMetadata(TopicCatalog.EVENTS)).as("stale metadata is served while the registry is down")
                .map(TopicMetadata::version).contains(1);
        assertThat(catalog.events().valueSerde().deserializer().deserialize(TopicCatalog.EVENTS, again)).isEqualTo(event);
    }

    @Test
    void serdesBuiltByClassNameReadConfluentStyleProperties() throws Exception {
        String topic = kafka.uniqueTopic("configured");
        kafka.createTopic(topic, 1);
        NoteEvent event = NoteEvent.newBuilder().setEventId(UUID.randomUUID()).setTalkId("t9").setOccurredAt(Instant.now())
                .setAuthor("ada").setCorrelationId("c9").setExpectedRevision(4L)
                .setPayload(NoteAdded.newBuilder().setNoteId("n9").setParentId(null).setPosition(1).setText("hello").build())
                .build();
        Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RegistryAvroSerializer.class,
                RegistryClientConfigs.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                RegistryClientConfigs.BASIC_USER_INFO_CONFIG, "svc:" + TOKEN,
                RegistryClientConfigs.AUTO_REGISTER_CONFIG, "true");
        try (KafkaProducer<String, NoteEvent> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "t9", event)).get();
        }
        Map<String, Object> consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, RegistryAvroDeserializer.class,
                RegistryClientConfigs.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                RegistryClientConfigs.SPECIFIC_READER_CONFIG, "true");
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<Object> values = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            assertThat(values).containsExactly(event);
        }
        assertThat(client.latest(topic + "-value").schema()).isEqualTo(NoteEvent.getClassSchema());
    }

    @Test
    void clientErrorsCarryTheRegistryErrorCode() {
        assertThatThrownBy(() -> client.latest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> client.schemaById(999_999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThat(client.topicMetadata("no.such.topic")).isEmpty();
        SchemaRegistryClient readOnly = new HttpSchemaRegistryClient(server.url());
        assertThatThrownBy(() -> readOnly.register("x-value", schema("talk-v1.avsc")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40101));
    }
}
