package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.contract.Violation;

import org.junit.jupiter.api.Test;

/**
 * The records {@code registry/interop/js/contract.js} hands Confluent's JavaScript {@code AvroSerializer}: the
 * publisher refuses the same ones under the same rule names ({@code authorRequired}, {@code talkIdPattern},
 * {@code noteTextRequired}) and accepts the valid one. Nothing is sent: {@link NotePublisher#prepare} only
 * builds and validates, so no broker is needed.
 */
class ForeignClientParityTest {

    private final NotePublisher publisher = new NotePublisher(PublisherConfig.defaults(), "localhost:1",
            TopicCatalog.withDefaults());

    private static NoteCommand interopEvent(String talkId, String author, String text) {
        return NoteCommand.addNote(talkId, "n1", null, 0, text)
                .withEventId(UUID.fromString("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"))
                .withAuthor(author).withCorrelationId("interop-js");
    }

    private List<String> refusal(NoteCommand command) {
        ValidationException refused = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> publisher.prepare(List.of(command), PublishOptions.none()));
        return refused.violations().stream().map(Violation::rule).toList();
    }

    @Test
    void shouldAcceptTheValidRecordTheJavaScriptSerializerAccepts() {
        assertThat(publisher.prepare(List.of(interopEvent("interop-js-talk", "ann", "written by Confluent JS")),
                PublishOptions.none())).hasSize(1);
    }

    @Test
    void shouldRefuseTheRecordsTheJavaScriptSerializerRefusesUnderTheSameRuleNames() {
        assertThat(refusal(interopEvent("interop-js-talk", "  ", "written by Confluent JS"))).containsExactly("authorRequired");
        assertThat(refusal(interopEvent("../../etc", "ann", "written by Confluent JS"))).containsExactly("talkIdPattern");
        assertThat(refusal(interopEvent("interop-js-talk", "ann", " \t"))).containsExactly("noteTextRequired");
        assertThatThrownBy(() -> publisher.prepare(List.of(interopEvent("interop-js-talk", "  ", "x")), PublishOptions.none()))
                .hasMessageContaining("author is required and must not be blank (authorRequired)");
    }
}
