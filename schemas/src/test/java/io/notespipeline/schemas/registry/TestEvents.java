package io.notespipeline.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;

import org.apache.avro.Schema;

/** Builders of test events and test schemas from resources. */
final class TestEvents {

    private TestEvents() {
    }

    static NoteEvent noteAdded(String talkId, String author, String text, Instant at) {
        return NoteEvent.newBuilder().setEventId(UUID.randomUUID()).setTalkId(talkId).setOccurredAt(at)
                .setAuthor(author).setCorrelationId("corr-1").setExpectedRevision(null)
                .setPayload(NoteAdded.newBuilder().setNoteId("n1").setParentId(null).setPosition(0).setText(text).build())
                .build();
    }

    static NoteEvent talkCreated(String talkId, String title, List<Link> links, Instant at) {
        return NoteEvent.newBuilder().setEventId(UUID.randomUUID()).setTalkId(talkId).setOccurredAt(at)
                .setAuthor("ada").setCorrelationId("corr-2").setExpectedRevision(3L)
                .setPayload(TalkCreated.newBuilder().setTitle(title).setConference(null).setSpeakers(List.of("Grace"))
                        .setLinks(links).setTags(List.of("kafka")).build())
                .build();
    }

    static Schema schema(String resource) {
        try (InputStream in = TestEvents.class.getResourceAsStream("/registry/" + resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
