package io.notespipeline.schemas.registry;

import java.io.IOException;
import java.util.List;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes a generated {@link NoteEvent} straight to the encoder: the envelope field by field, the payload with
 * the generated class's own {@code customEncode}. Avro generates no custom coder for NoteEvent (its uuid and
 * timestamp-millis fields have conversions), so {@code SpecificDatumWriter} resolves the conversions and the
 * seven-branch union reflectively per record, which JFR showed as half of the publisher's encoding time. The
 * bytes are the same as {@code SpecificDatumWriter}'s (a property checks it); a required field left null fails
 * here too. Used only for the schema NoteEvent was generated from.
 */
final class NoteEventWriter implements DatumWriter<Object> {

    /** The union's branches in schema order. */
    private static final List<Class<?>> BRANCHES = List.of(TalkCreated.class, TalkUpdated.class, NoteAdded.class,
            NoteEdited.class, NoteMoved.class, NoteDeleted.class, TalkDeleted.class);

    /** @return true when records of {@code type} with {@code schema} can be written by this writer */
    static boolean handles(Class<?> type, Schema schema) {
        return type == NoteEvent.class && NoteEvent.getClassSchema().equals(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        if (!NoteEvent.getClassSchema().equals(schema)) {
            throw new IllegalArgumentException("NoteEventWriter writes only " + NoteEvent.getClassSchema().getFullName());
        }
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
        NoteEvent event = (NoteEvent) datum;
        out.writeString(required(event.getEventId(), "eventId").toString());
        out.writeString(required(event.getTalkId(), "talkId"));
        out.writeLong(required(event.getOccurredAt(), "occurredAt").toEpochMilli());
        out.writeString(required(event.getAuthor(), "author"));
        out.writeString(required(event.getCorrelationId(), "correlationId"));
        Long revision = event.getExpectedRevision();
        if (revision == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            out.writeLong(revision);
        }
        Object payload = required(event.getPayload(), "payload");
        int branch = BRANCHES.indexOf(payload.getClass());
        if (branch < 0) {
            throw new IllegalArgumentException("payload " + payload.getClass().getName() + " is not a branch of the union");
        }
        out.writeIndex(branch);
        ((SpecificRecordBase) payload).customEncode(out);
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException("null value for (non-nullable) field NoteEvent." + field);
        }
        return value;
    }
}
