package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteEvent;

import org.junit.jupiter.api.Test;

class TopicValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    private static final TopicMetadata EVENTS =
            BuiltInSchemas.metadataOf(TopicCatalog.withDefaults().events(), BuiltInSchemas.eventRules());

    @Test
    void shouldAcceptAWellFormedEvent() {
        NoteEvent event = TestEvents.talkCreated("t1", "Kafka", List.of(new Link("Slides", "https://x.org/a")), NOW);

        assertThat(TopicValidator.validate(EVENTS, event, NOW)).isEmpty();
    }

    @Test
    void shouldNameTheBlankRequiredFieldsWithoutIndexes() {
        NoteEvent event = TestEvents.noteAdded(" ", "ada", "", NOW);

        assertThat(TopicValidator.validate(EVENTS, event, NOW)).containsExactly(
                new Violation("talkId", "required", "must not be blank"),
                new Violation("payload.text", "required", "must not be blank"));
    }

    @Test
    void requireValidThrowsNamingFieldAndRule() {
        NoteEvent event = TestEvents.noteAdded("t1", "", "ok", NOW);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicValidator.requireValid(EVENTS, event, NOW))
                .isInstanceOf(RecordValidationException.class)
                .hasMessage("record refused for topic notes.events: [author: required (must not be blank)]");
    }

    @Test
    void shouldRefuseTextLongerThanTheLimit() {
        NoteEvent event = TestEvents.noteAdded("t1", "ada", "x".repeat(BuiltInSchemas.MAX_NOTE_TEXT + 1), NOW);

        assertThat(TopicValidator.validate(EVENTS, event, NOW)).singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("payload.text");
                    assertThat(v.rule()).isEqualTo("maxLength");
                    assertThat(v.reason()).contains("at most 10000 characters, got 10001");
                });
    }

    @Test
    void shouldRefuseLinksThatAreNotHttpUrls() {
        NoteEvent event = TestEvents.talkCreated("t1", "Kafka",
                List.of(new Link("Slides", "https://ok.org"), new Link("Video", "ftp://x.org/v"),
                        new Link("Notes", "not a url")), NOW);

        assertThat(TopicValidator.validate(EVENTS, event, NOW))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("payload.links.url", "url"),
                        org.assertj.core.groups.Tuple.tuple("payload.links.url", "url"));
    }

    @Test
    void shouldRefuseEventsFromTooFarInTheFutureButAcceptSmallSkew() {
        NoteEvent skewed = TestEvents.noteAdded("t1", "ada", "x", NOW.plusSeconds(60));
        NoteEvent future = TestEvents.noteAdded("t1", "ada", "x", NOW.plusSeconds(3600));

        assertThat(TopicValidator.validate(EVENTS, skewed, NOW)).isEmpty();
        assertThat(TopicValidator.validate(EVENTS, future, NOW)).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo("clockSkew"))
                .satisfies(v -> assertThat(v.field()).isEqualTo("occurredAt"));
    }

    @Test
    void shouldNotCheckFieldsOfOtherUnionBranches() {
        NoteEvent event = TestEvents.noteAdded("t1", "ada", "text", NOW);

        assertThat(TopicValidator.validate(EVENTS, event, NOW)).isEmpty();
    }
}
