package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.junit.jupiter.api.Test;

class NoteCommandTest {

    @Test
    void shouldTellPayloadTypesExactlyAsTheSetDoes() {
        List<Object> samples = List.of(new NoteAdded(), new NoteEdited(), new NoteMoved(), new NoteDeleted(),
                new TalkCreated(), new TalkUpdated(), new TalkDeleted(), "a string",
                new NoteEvent(), 42);
        for (Object sample : samples) {
            assertThat(NoteCommand.isPayloadType(sample))
                    .as("isPayloadType(%s) must equal PAYLOAD_TYPES.contains", sample.getClass().getSimpleName())
                    .isEqualTo(NoteCommand.PAYLOAD_TYPES.contains(sample.getClass()));
        }
        assertThat(samples.stream().filter(NoteCommand::isPayloadType).count())
                .as("the seven payload types are recognised").isEqualTo(NoteCommand.PAYLOAD_TYPES.size());
        assertThat(NoteCommand.isPayloadType(null)).isFalse();
    }
}
