package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.registry.BuiltInSchemas;
import io.notespipeline.schemas.registry.TopicMetadata;
import io.notespipeline.schemas.registry.ValidationRules;

import org.junit.jupiter.api.Test;

class MetadataCheckTest {

    private static final TopicCatalog CATALOG = TopicCatalog.withDefaults();

    @Test
    void builtInMetadataNamesOnlyFieldsOfItsSchemas() {
        assertThatCode(() -> {
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.events(), BuiltInSchemas.eventRules()),
                    NoteEvent.getClassSchema());
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.talkViews(), BuiltInSchemas.viewRules()),
                    TalkView.getClassSchema());
            MetadataCheck.requireFieldsExist(BuiltInSchemas.metadataOf(CATALOG.rejected(), ValidationRules.none()),
                    RejectedEvent.getClassSchema());
        }).doesNotThrowAnyException();
    }

    @Test
    void metadataNamingAMissingFieldIsRefusedNamingIt() {
        TopicMetadata metadata = new TopicMetadata("notes.events", null, List.of("eventId"), "occurredAt",
                new ValidationRules(List.of("payload.colour"), Map.of(), List.of(), null, 0), 0);

        assertThatThrownBy(() -> MetadataCheck.requireFieldsExist(metadata, NoteEvent.getClassSchema()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("field 'payload.colour' does not exist");
    }
}
