package io.notespipeline.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.notespipeline.schemas.contract.DataContract;

import org.apache.avro.Schema;

/**
 * A registry held in memory, for unit tests and offline tools. Same identity rules as the server
 * (the same schema, by its parsed canonical form, has one id under every subject; registering it
 * again returns the existing id; with another data contract it becomes a new version) but no compatibility checks. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, TopicMetadata> metadata = new HashMap<>();
    private int lookups;

    @Override
    public synchronized int register(String subject, Schema schema, DataContract contract) {
        String canonical = schema.toString();
        int id = idsByCanonical.computeIfAbsent(canonical, c -> idsByCanonical.size() + 1);
        schemasById.putIfAbsent(id, schema);
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (versions.stream().noneMatch(v -> v.id() == id && v.contract().equals(contract))) {
            versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema, contract.metadata(),
                    contract.ruleSet()));
        }
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        lookups++;
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(40401, "Subject '" + subject + "' not found.");
        }
        Integer id = idsByCanonical.get(schema.toString());
        return versions.stream().filter(v -> id != null && v.id() == id).reduce((first, last) -> last)
                .orElseThrow(() -> new SchemaRegistryException(40403, "Schema not found"));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        lookups++;
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(40401, "Subject '" + subject + "' not found.");
        }
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized Optional<TopicMetadata> topicMetadata(String topic) {
        return Optional.ofNullable(metadata.get(topic));
    }

    @Override
    public synchronized TopicMetadata putTopicMetadata(TopicMetadata topicMetadata) {
        TopicMetadata previous = metadata.get(topicMetadata.topic());
        TopicMetadata stored = topicMetadata.withVersion(previous == null ? 1 : previous.version() + 1);
        metadata.put(stored.topic(), stored);
        return stored;
    }

    /** @return how many lookups by schema or id were answered (tests use it to prove caching) */
    public synchronized int lookupCount() {
        return lookups;
    }
}
