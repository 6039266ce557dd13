package io.notespipeline.schemas.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.schemas.contract.DataContract;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's own schemas with their data contracts ({@link BuiltInContracts}: Confluent {@code metadata}
 * and {@code ruleSet}), registered at start ({@code notes up}) for every catalogued Avro topic, so that
 * Confluent's serializers enforce the rules too. Also writes the topic metadata
 * ({@code /v1/topics/{topic}/metadata}: identity and ordering; the rules are the contract's only). Idempotent:
 * a schema and contract already registered keep their id and version, and metadata equal to the stored one is
 * not written again.
 */
public final class BuiltInSchemas {

    private static final Logger log = LoggerFactory.getLogger(BuiltInSchemas.class);

    private BuiltInSchemas() {
    }

    /**
     * Registers the value schema of each Avro topic under {@code <topic>-value} and stores its metadata.
     *
     * @return subject to schema id, in catalogue order
     */
    public static Map<String, Integer> register(SchemaRegistryClient client, TopicCatalog catalog) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        register(client, catalog.events(), NoteEvent.getClassSchema(), BuiltInContracts.noteEvents(), ids);
        register(client, catalog.talkViews(), TalkView.getClassSchema(), BuiltInContracts.talkViews(), ids);
        register(client, catalog.rejected(), RejectedEvent.getClassSchema(), identityOnly(catalog.rejected()), ids);
        register(client, catalog.auditCounts(), AuditCount.getClassSchema(), identityOnly(catalog.auditCounts()), ids);
        return ids;
    }

    private static DataContract identityOnly(Topic<?, ?> topic) {
        return BuiltInContracts.identityOnly(topic.identityField().map(List::of).orElse(List.of()),
                topic.orderingField().orElse(null));
    }

    /** @return the metadata the pipeline stores for {@code topic}, before versioning */
    public static TopicMetadata metadataOf(Topic<?, ?> topic) {
        return new TopicMetadata(topic.name(), TopicNameStrategy.valueSubject(topic.name()),
                topic.identityField().map(List::of).orElse(List.of()), topic.orderingField().orElse(null), 0);
    }

    private static void register(SchemaRegistryClient client, Topic<?, ?> topic, Schema schema, DataContract contract,
                                 Map<String, Integer> ids) {
        String subject = TopicNameStrategy.valueSubject(topic.name());
        int id = client.register(subject, schema, contract);
        ids.put(subject, id);
        TopicMetadata wanted = metadataOf(topic);
        Optional<TopicMetadata> stored = client.topicMetadata(topic.name());
        if (stored.isPresent() && stored.get().sameContent(wanted)) {
            log.info("Built-in schema subject={} id={} metadata version={} unchanged", subject, id,
                    stored.get().version());
            return;
        }
        TopicMetadata written = client.putTopicMetadata(wanted);
        log.info("Built-in schema subject={} id={} metadata version={} written", subject, id, written.version());
    }
}
