package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import io.notespipeline.consumer.internal.RecordConverter;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    private final RecordConverter converter = RecordConverter.of(TopicCatalog.withDefaults(), "events", "views");

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 7L, "k".getBytes(), value);
    }

    @Test
    void aRecordBreakingAReadRuleOfTheContractIsRefusedNamingTheRule() {
        NoteEvent blankTalk = TestEvents.noteAdded(UUID.randomUUID(), " ", AT, "text");
        assertThatThrownBy(() -> converter.convert(record("events", TestEvents.EVENTS.serializer().serialize("events", blankTalk))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("talkIdPresent");

        TalkView negative = TestEvents.view("t1", -1, 0);
        assertThatThrownBy(() -> converter.convert(record("views", TestEvents.VIEWS.serializer().serialize("views", negative))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("revisionNotNegative");
    }

    @Test
    void writeRulesAreNotAppliedAgainWhenReadingHistory() {
        NoteEvent legacy = TestEvents.noteAdded(UUID.randomUUID(), "Legacy Talk", AT, "text");
        SinkRecord converted = converter.convert(record("events", TestEvents.EVENTS.serializer().serialize("events", legacy)));
        assertThat(converted.value()).isEqualTo(legacy);
    }
}
