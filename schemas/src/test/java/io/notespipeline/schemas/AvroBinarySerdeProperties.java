package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.notespipeline.schemas.avro.NoteEvent;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AvroBinarySerdeProperties {

    private final AvroBinarySerde<NoteEvent> serde = new AvroBinarySerde<>(NoteEvent.class);

    @Property(tries = 2000)
    void anyNoteEventSurvivesEncodeDecodeUnchanged(@ForAll("events") NoteEvent event) {
        byte[] bytes = serde.serializer().serialize("t", event);
        NoteEvent decoded = serde.deserializer().deserialize("t", bytes);
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getOccurredAt()).isEqualTo(event.getOccurredAt());
    }

    @Provide
    Arbitrary<NoteEvent> events() {
        return NoteEventArbitraries.events();
    }
}
