package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** NoteEventWriter writes the very bytes SpecificDatumWriter writes (jqwik prints the seed). */
class NoteEventWriterProperties {

    @Property(tries = 2000)
    void writesTheBytesOfSpecificDatumWriter(@ForAll("events") NoteEvent event) throws IOException {
        assertThat(bytes(new NoteEventWriter(), event)).isEqualTo(bytes(new SpecificDatumWriter<>(NoteEvent.class), event));
    }

    @Example
    void refusesARequiredFieldLeftNullAsSpecificDatumWriterDoes() {
        NoteEvent event = new NoteEvent(UUID.randomUUID(), "t1", Instant.EPOCH, null, "c", null, new NoteDeleted("n"));
        assertThatThrownBy(() -> bytes(new SpecificDatumWriter<>(NoteEvent.class), event)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> bytes(new NoteEventWriter(), event)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("author");
    }

    private static byte[] bytes(DatumWriter<? super NoteEvent> writer, NoteEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Provide
    Arbitrary<NoteEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> nullable = text.injectNull(0.3);
        Arbitrary<List<String>> strings = text.list().ofMaxSize(3);
        Arbitrary<List<Link>> links = Combinators.combine(text, text).as(Link::new).list().ofMaxSize(2);
        Arbitrary<Object> payloads = Arbitraries.oneOf(
                Combinators.combine(text, nullable, strings, links, strings).as((t, c, s, l, g) -> (Object) new TalkCreated(t, c, s, l, g)),
                Combinators.combine(nullable, nullable, strings.injectNull(0.5), links.injectNull(0.5), strings.injectNull(0.5))
                        .as((t, c, s, l, g) -> (Object) new TalkUpdated(t, c, s, l, g)),
                Combinators.combine(text, nullable, Arbitraries.integers(), text).as((n, p, i, t) -> (Object) new NoteAdded(n, p, i, t)),
                Combinators.combine(text, text).as((n, t) -> (Object) new NoteEdited(n, t)),
                Combinators.combine(text, nullable, Arbitraries.integers()).as((n, p, i) -> (Object) new NoteMoved(n, p, i)),
                text.map(n -> (Object) new NoteDeleted(n)),
                nullable.map(r -> (Object) new TalkDeleted(r)));
        Arbitrary<UUID> ids = Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()));
        Arbitrary<Instant> times = Arbitraries.longs().map(Instant::ofEpochMilli);
        return Combinators.combine(ids, text, times, text, text, Arbitraries.longs().injectNull(0.5), payloads)
                .as((id, talk, at, author, corr, rev, payload) -> new NoteEvent(id, talk, at, author, corr, rev, payload));
    }
}
