package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.schemas.TopicCatalog;

import org.junit.jupiter.api.Test;

class BuiltInSchemasTest {

    @Test
    void shouldRegisterEveryAvroTopicAndItsMetadataIdempotently() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        TopicCatalog catalog = TopicCatalog.withDefaults();

        Map<String, Integer> first = BuiltInSchemas.register(registry, catalog);
        Map<String, Integer> second = BuiltInSchemas.register(registry, catalog);

        assertThat(first).containsOnlyKeys("notes.events-value", "notes.talk-views-value", "notes.events.rejected-value",
                "_audit-value")
                .isEqualTo(second);
        assertThat(registry.latest("notes.events-value").version()).isEqualTo(1);
        TopicMetadata events = registry.topicMetadata("notes.events").orElseThrow();
        assertThat(events.version()).isEqualTo(1);
        assertThat(events.identityFields()).containsExactly("eventId");
        assertThat(events.orderingField()).isEqualTo("occurredAt");
        assertThat(registry.topicMetadata("notes.talk-views").orElseThrow().identityFields()).containsExactly("talkId");
        assertThat(registry.topicMetadata("notes.talk-views").orElseThrow().orderingField()).isEqualTo("revision");
    }
}
