package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.registry.BuiltInSchemas;
import io.notespipeline.schemas.registry.TopicMetadata;

import org.junit.jupiter.api.Test;

class MetadataCheckTest {

    private static final TopicCatalog CATALOG = TopicCatalog.withDefaults();

    @Test
    void builtInMetadataNamesOnlyFieldsOfItsSchemas() {
        assertThatCode(() -> {
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.events()),
                    NoteEvent.getClassSchema());
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.talkViews()),
                    TalkView.getClassSchema());
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.rejected()),
                    RejectedEvent.getClassSchema());
        }).doesNotThrowAnyException();
    }

    @Test
    void metadataNamingAMissingFieldIsRefusedNamingIt() {
        TopicMetadata metadata = new TopicMetadata("notes.events", null, List.of("payload.colour"), "occurredAt", 0);

        assertThatThrownBy(() -> MetadataCheck.requireFieldsExist(metadata, NoteEvent.getClassSchema()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("field 'payload.colour' does not exist");
    }
}
