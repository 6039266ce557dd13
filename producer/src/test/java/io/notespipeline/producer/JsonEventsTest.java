package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.contract.Violation;

import org.junit.jupiter.api.Test;

class JsonEventsTest {

    @Test
    void shouldReadEveryEnvelopeFieldAndThePayload() {
        NoteCommand command = JsonEvents.parse(0, """
                {"type": "TalkCreated", "eventId": "123e4567-e89b-12d3-a456-426614174000", "talkId": "t1",
                 "occurredAt": "2017-05-19T09:52:00Z", "author": "ann", "correlationId": "c1", "expectedRevision": 0,
                 "payload": {"title": "T", "speakers": ["Ann"], "links": [{"label": "Video", "url": "https://v.example"}]}}
                """, null);

        assertThat(command.talkId()).isEqualTo("t1");
        assertThat(command.eventId()).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(command.occurredAt()).isEqualTo(Instant.parse("2017-05-19T09:52:00Z"));
        assertThat(command.author()).isEqualTo("ann");
        assertThat(command.correlationId()).isEqualTo("c1");
        assertThat(command.expectedRevision()).isZero();
        TalkCreated payload = (TalkCreated) command.payload();
        assertThat(payload.getSpeakers()).containsExactly("Ann");
        assertThat(payload.getLinks().get(0).getUrl()).isEqualTo("https://v.example");
    }

    @Test
    void shouldTakeTheDefaultTalkAndAppendWhenNoPositionIsGiven() {
        NoteCommand command = JsonEvents.parse(0, """
                {"type": "NoteMoved", "author": "ann", "occurredAt": 1495187520000, "payload": {"noteId": "n1"}}""",
                "t9");
        assertThat(command.talkId()).isEqualTo("t9");
        assertThat(command.occurredAt()).isEqualTo(Instant.parse("2017-05-19T09:52:00Z"));
        assertThat(((NoteMoved) command.payload()).getPosition()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldNameEveryShapeErrorWithIndexAndField() {
        assertThatThrownBy(() -> JsonEvents.parse(7, """
                {"type": "NoteAdded", "eventId": "nope", "colour": "red",
                 "payload": {"noteId": 5, "position": "first", "text": "x"}}""", "t1"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.index() + " " + v.field() + " " + v.rule())
                        .containsExactlyInAnyOrder("7 colour unknown-field", "7 author required", "7 eventId uuid",
                                "7 payload.noteId type", "7 payload.position type"));
        assertThatThrownBy(() -> JsonEvents.parse(2, "{\"type\": ", null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::rule).containsExactly("json"));
    }
}
