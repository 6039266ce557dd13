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
 * Confluent's serializers enforce the rules too. Also writes the legacy topic metadata
 * ({@code /v1/topics/{topic}/metadata}: identity and ordering, and the old rule table, which nothing enforces
 * any more: the contract is the rule). Idempotent: a schema and contract already registered keep their id
 * and version, and metadata equal to the stored one is not written again.
 */
public final class BuiltInSchemas {

    /** How far in the future {@code occurredAt} may be: five minutes. */
    public static final long MAX_CLOCK_SKEW_MS = BuiltInContracts.MAX_FUTURE_MS;
    /** Longest note text, in characters. */
    public static final int MAX_NOTE_TEXT = BuiltInContracts.MAX_TEXT;
    /** Longest title, author, speaker or label, in characters. */
    public static final int MAX_SHORT_TEXT = BuiltInContracts.MAX_SHORT_TEXT;

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
        register(client, catalog.events(), NoteEvent.getClassSchema(), BuiltInContracts.noteEvents(), eventRules(), ids);
        register(client, catalog.talkViews(), TalkView.getClassSchema(), BuiltInContracts.talkViews(), viewRules(), ids);
        register(client, catalog.rejected(), RejectedEvent.getClassSchema(), identityOnly(catalog.rejected()),
                ValidationRules.none(), ids);
        register(client, catalog.auditCounts(), AuditCount.getClassSchema(), identityOnly(catalog.auditCounts()),
                ValidationRules.none(), ids);
        return ids;
    }

    private static DataContract identityOnly(Topic<?, ?> topic) {
        return BuiltInContracts.identityOnly(topic.identityField().map(List::of).orElse(List.of()),
                topic.orderingField().orElse(null));
    }

    /** @return the metadata the pipeline stores for {@code topic}, before versioning */
    public static TopicMetadata metadataOf(Topic<?, ?> topic, ValidationRules rules) {
        return new TopicMetadata(topic.name(), TopicNameStrategy.valueSubject(topic.name()),
                topic.identityField().map(List::of).orElse(List.of()), topic.orderingField().orElse(null), rules, 0);
    }

    /** @return the legacy rule table of {@code notes.events} (shown by the legacy endpoint; {@link BuiltInContracts#noteEvents} is enforced) */
    public static ValidationRules eventRules() {
        return new ValidationRules(
                List.of("eventId", "talkId", "author", "correlationId", "payload.title", "payload.noteId",
                        "payload.text", "payload.links.label", "payload.links.url"),
                Map.of("talkId", MAX_SHORT_TEXT, "author", MAX_SHORT_TEXT, "payload.title", MAX_SHORT_TEXT,
                        "payload.speakers", MAX_SHORT_TEXT, "payload.tags", MAX_SHORT_TEXT,
                        "payload.links.label", MAX_SHORT_TEXT, "payload.text", MAX_NOTE_TEXT),
                List.of("payload.links.url"),
                "occurredAt", MAX_CLOCK_SKEW_MS);
    }

    /** @return the legacy rule table of {@code notes.talk-views} (shown by the legacy endpoint only) */
    public static ValidationRules viewRules() {
        return new ValidationRules(List.of("talkId", "lastEventId"), Map.of(), List.of("links.url"), null, 0);
    }

    private static void register(SchemaRegistryClient client, Topic<?, ?> topic, Schema schema, DataContract contract,
                                 ValidationRules rules, Map<String, Integer> ids) {
        String subject = TopicNameStrategy.valueSubject(topic.name());
        int id = client.register(subject, schema, contract);
        ids.put(subject, id);
        TopicMetadata wanted = metadataOf(topic, rules);
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
