package io.notespipeline.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the pipeline: its name, partitions, policy (topic configs), serdes, and the record
 * metadata the registry publishes for it (which field identifies a record, which orders its versions).
 *
 * @param name           the topic name
 * @param partitions     partitions to create it with
 * @param configs        topic-level configs that make its policy ({@code retention.ms}, {@code cleanup.policy}, ...)
 * @param keySerde       serde of the record key
 * @param valueSerde     serde of the record value
 * @param identityField  the value field that identifies a record (e.g. {@code eventId}), if any
 * @param orderingField  the value field that orders versions of a record (e.g. {@code occurredAt}), if any
 * @param doc            one sentence on what the topic holds
 * @param <K>            key type
 * @param <V>            value type
 */
public record Topic<K, V>(
        String name,
        int partitions,
        Map<String, String> configs,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        Optional<String> identityField,
        Optional<String> orderingField,
        String doc) {

    public Topic {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        configs = Map.copyOf(configs);
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(identityField, "identityField");
        Objects.requireNonNull(orderingField, "orderingField");
        Objects.requireNonNull(doc, "doc");
    }

    /** @return the admin-API request that creates this topic with its policy. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** @return true when the topic is log-compacted (latest value per key kept). */
    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
