package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.DataContract;

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

    @Test
    void shouldRegisterEachSchemaWithItsDataContract() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        BuiltInSchemas.register(registry, TopicCatalog.withDefaults());

        RegisteredSchema events = registry.latest("notes.events-value");
        assertThat(events.contract()).isEqualTo(BuiltInContracts.noteEvents());
        assertThat(events.metadata().properties()).containsEntry(DataContract.IDENTITY, "eventId")
                .containsEntry(DataContract.ORDERING, "occurredAt");
        assertThat(events.ruleSet().domainRules()).allSatisfy(rule -> {
            assertThat(rule.type()).isEqualTo("CEL");
            assertThat(rule.kind()).isEqualTo("CONDITION");
        });
        assertThat(registry.latestContract("notes.talk-views-value")).contains(BuiltInContracts.talkViews());
        assertThat(registry.latestContract("no.such-value")).isEmpty();
    }

    @Test
    void theSameSchemaWithAnotherContractIsANewVersion() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int first = registry.register("s-value", io.notespipeline.schemas.avro.NoteEvent.getClassSchema());
        int second = registry.register("s-value", io.notespipeline.schemas.avro.NoteEvent.getClassSchema(),
                BuiltInContracts.noteEvents());

        assertThat(second).isEqualTo(first);
        assertThat(registry.latest("s-value").version()).as("a registration differing only in its contract is a new version")
                .isEqualTo(2);
    }
}
