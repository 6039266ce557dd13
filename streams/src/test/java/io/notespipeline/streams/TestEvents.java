package io.notespipeline.streams;

import java.time.Duration;
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

/** Builds events for one talk with deterministic ids and a clock that moves one minute per event. */
final class TestEvents {

    static final Instant START = Instant.parse("2017-05-19T10:00:00Z");

    private final String talkId;
    private long sequence;
    private Instant clock = START;
    private String author = "alice";

    TestEvents(String talkId) {
        this.talkId = talkId;
    }

    TestEvents as(String newAuthor) {
        this.author = newAuthor;
        return this;
    }

    TestEvents at(Instant time) {
        this.clock = time;
        return this;
    }

    NoteEvent created(String title) {
        return created(title, "PyCon 2017", List.of("Jake"), List.of("python"));
    }

    NoteEvent created(String title, String conference, List<String> speakers, List<String> tags) {
        return event(new TalkCreated(title, conference, speakers,
                List.of(new Link("Slides", "https://example.org/" + talkId)), tags));
    }

    NoteEvent updated(String title, List<String> tags) {
        return event(new TalkUpdated(title, null, null, null, tags));
    }

    NoteEvent added(String noteId, String parentId, int position, String text) {
        return event(new NoteAdded(noteId, parentId, position, text));
    }

    NoteEvent edited(String noteId, String text) {
        return event(new NoteEdited(noteId, text));
    }

    NoteEvent moved(String noteId, String parentId, int position) {
        return event(new NoteMoved(noteId, parentId, position));
    }

    NoteEvent deleted(String noteId) {
        return event(new NoteDeleted(noteId));
    }

    NoteEvent talkDeleted() {
        return event(new TalkDeleted("test"));
    }

    NoteEvent event(Object payload) {
        sequence++;
        clock = clock.plus(Duration.ofMinutes(1));
        UUID id = UUID.nameUUIDFromBytes((talkId + "#" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return NoteEvent.newBuilder().setEventId(id).setTalkId(talkId).setOccurredAt(clock).setAuthor(author)
                .setCorrelationId("corr-" + sequence).setExpectedRevision(null).setPayload(payload).build();
    }

    /** @return a copy of {@code event} expecting {@code revision}, with a fresh id. */
    NoteEvent expecting(NoteEvent event, long revision) {
        NoteEvent copy = event(event.getPayload());
        copy.setExpectedRevision(revision);
        return copy;
    }
}
