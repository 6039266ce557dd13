package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class RegistryAvroSerdeProperties {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Property(tries = 200)
    void anyEventRoundTripsThroughTheWireFormat(@ForAll @StringLength(min = 1, max = 40) String talkId,
                                                @ForAll @StringLength(max = 200) String text,
                                                @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long millis) {
        int id = registry.register("notes.events-value", NoteEvent.getClassSchema());
        var serde = RegistryAvroSerde.specific(registry, NoteEvent.class, false);
        NoteEvent event = TestEvents.noteAdded(talkId, "ada", text, Instant.ofEpochMilli(millis));

        byte[] bytes = serde.serializer().serialize("notes.events", event);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize("notes.events", bytes)).isEqualTo(event);
    }

    @Property(tries = 200)
    void oldRecordsReadAsNewSchemaKeepTheirValues(@ForAll @StringLength(max = 30) String id,
                                                  @ForAll @StringLength(max = 30) String title,
                                                  @ForAll @IntRange(min = Integer.MIN_VALUE) int views) {
        Schema v1 = TestEvents.schema("talk-v1.avsc");
        Schema v2 = TestEvents.schema("talk-v2.avsc");
        registry.register("talks-value", v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", id);
        old.put("title", title);
        old.put("views", views);

        byte[] bytes = new RegistryAvroSerializer<GenericRecord>(registry).serialize("talks", old);
        GenericRecord read = RegistryAvroDeserializer.generic(registry, v2).deserialize("talks", bytes);

        assertThat(read.get("id").toString()).isEqualTo(id);
        assertThat(read.get("title").toString()).isEqualTo(title);
        assertThat(read.get("views")).isEqualTo((long) views);
        assertThat(read.get("room").toString()).isEqualTo("unknown");
    }
}
