package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.notespipeline.schemas.NotesSchemaException;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryAvroSerdeTest {

    private static final String TOPIC = "notes.events";
    private static final Instant AT = Instant.parse("2026-11-27T00:00:00Z");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldWriteMagicByteThenBigEndianIdThenAvroBinary() {
        registry.register("other-value", TestEvents.schema("talk-v1.avsc"));
        int id = registry.register("notes.events-value", NoteEvent.getClassSchema());
        var serde = RegistryAvroSerde.specific(registry, NoteEvent.class, false);
        NoteEvent event = TestEvents.noteAdded("t1", "ada", "hello", AT);

        byte[] bytes = serde.serializer().serialize(TOPIC, event);

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id).isEqualTo(2);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void shouldRefuseRecordWhoseSchemaIsNotRegisteredWhenAutoRegisterIsOff() {
        var serializer = new RegistryAvroSerializer<NoteEvent>(registry);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestEvents.noteAdded("t1", "ada", "x", AT)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered for subject 'notes.events-value'")
                .hasMessageContaining("auto.register.schemas is off");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldRefuseRecordWhenSubjectHasOnlyOtherSchemas() {
        registry.register("notes.events-value", TestEvents.schema("talk-v1.avsc"));
        var serializer = new RegistryAvroSerializer<NoteEvent>(registry);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestEvents.noteAdded("t1", "ada", "x", AT)))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldRegisterOnFirstUseWhenAutoRegisterIsOn() {
        var serializer = new RegistryAvroSerializer<NoteEvent>(registry, true, false);

        serializer.serialize(TOPIC, TestEvents.noteAdded("t1", "ada", "x", AT));

        assertThat(registry.subjects()).containsExactly("notes.events-value");
    }

    @Test
    void shouldRefuseRecordWithRequiredFieldLeftNullNamingTheField() {
        registry.register("talks-value", TestEvents.schema("talk-v1.avsc"));
        GenericRecord talk = new GenericData.Record(TestEvents.schema("talk-v1.avsc"));
        talk.put("id", "t1");
        talk.put("views", 3);
        var serializer = new RegistryAvroSerializer<GenericRecord>(registry);

        assertThatThrownBy(() -> serializer.serialize("talks", talk))
                .isInstanceOf(NotesSchemaException.class)
                .hasMessageContaining("subject 'talks-value'")
                .hasMessageContaining("title");
    }

    @Test
    void shouldAskTheRegistryOnlyOnceForSchemaAndId() {
        registry.register("notes.events-value", NoteEvent.getClassSchema());
        var serde = RegistryAvroSerde.specific(registry, NoteEvent.class, false);
        for (int i = 0; i < 100; i++) {
            NoteEvent event = TestEvents.noteAdded("t" + i, "ada", "text " + i, AT.plus(i, ChronoUnit.SECONDS));
            assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event))).isEqualTo(event);
        }
        assertThat(registry.lookupCount()).isEqualTo(2);
    }

    @Test
    void shouldReadOldWriterWithNewReaderUsingDefaultsAndPromotion() {
        Schema v1 = TestEvents.schema("talk-v1.avsc");
        Schema v2 = TestEvents.schema("talk-v2.avsc");
        registry.register("talks-value", v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", "t1");
        old.put("title", "Streams");
        old.put("views", 7);

        byte[] bytes = new RegistryAvroSerializer<GenericRecord>(registry).serialize("talks", old);
        GenericRecord read = RegistryAvroDeserializer.generic(registry, v2).deserialize("talks", bytes);

        assertThat(read.getSchema()).isEqualTo(v2);
        assertThat(read.get("views")).isEqualTo(7L);
        assertThat(read.get("room").toString()).isEqualTo("unknown");
    }

    @Test
    void shouldReadNewWriterWithOldReaderIgnoringTheNewField() {
        Schema v1 = TestEvents.schema("talk-v1.avsc");
        Schema v2 = TestEvents.schema("talk-v2.avsc");
        registry.register("talks-value", v2);
        GenericRecord fresh = new GenericData.Record(v2);
        fresh.put("id", "t1");
        fresh.put("title", "Streams");
        fresh.put("views", 7L);
        fresh.put("room", "A");
        Schema v1ReadingLong = new Schema.Parser().parse(v1.toString().replace("\"int\"", "\"long\""));

        byte[] bytes = new RegistryAvroSerializer<GenericRecord>(registry).serialize("talks", fresh);
        GenericRecord read = RegistryAvroDeserializer.generic(registry, v1ReadingLong).deserialize("talks", bytes);

        assertThat(read.getSchema().getField("room")).isNull();
        assertThat(read.get("title").toString()).isEqualTo("Streams");
    }

    @Test
    void shouldRejectBytesWithoutTheMagicByte() {
        var deserializer = RegistryAvroDeserializer.specific(registry, NoteEvent.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("header");
    }

    @Test
    void shouldFailNamingTheIdWhenTheRegistryDoesNotKnowIt() {
        var deserializer = RegistryAvroDeserializer.specific(registry, NoteEvent.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("42");
    }

    @Test
    void shouldNeedTheRegistryUrlWhenBuiltByClassName() {
        var serializer = new RegistryAvroSerializer<NoteEvent>();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestEvents.noteAdded("t1", "ada", "x", AT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure()");
        assertThatThrownBy(() -> serializer.configure(java.util.Map.of(), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining(RegistryClientConfigs.SCHEMA_REGISTRY_URL_CONFIG);
    }

    @Test
    void shouldGiveTheCatalogueRegistrySerdes() {
        registry.register("notes.events-value", NoteEvent.getClassSchema());
        var catalog = new io.notespipeline.schemas.TopicCatalog(io.notespipeline.schemas.CatalogConfig.defaults(),
                new RegistrySerdeProvider(registry));
        NoteEvent event = TestEvents.noteAdded("t1", "ada", "x", AT);

        byte[] bytes = catalog.events().valueSerde().serializer().serialize(TOPIC, event);

        assertThat(bytes[0]).isZero();
        assertThat(catalog.events().valueSerde().deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
        byte[] changelog = catalog.events().valueSerde().serializer().serialize("app-store-changelog", event);
        assertThat(changelog).as("a changelog topic keeps the catalogued subject and id").isEqualTo(bytes);
    }
}
