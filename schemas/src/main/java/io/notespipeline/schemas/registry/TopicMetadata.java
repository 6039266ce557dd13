package io.notespipeline.schemas.registry;

import java.util.List;
import java.util.Objects;

/**
 * What the registry knows about a topic beyond its schema (the part Confluent's registry lacks):
 * the subject of its values, the field(s) that identify a record and the field that orders versions
 * of a record. Stored in the registry's log and versioned ({@code GET/PUT /v1/topics/{topic}/metadata}).
 *
 * <p>The rules a record must pass are not here: they are the value subject's data contract
 * ({@link io.notespipeline.schemas.contract.DataContract}, Confluent's {@code metadata} and {@code ruleSet}
 * of the schema version), executed by the one rule engine
 * ({@link io.notespipeline.schemas.contract.ContractValidator}). An older rule table ({@code "rules"}) that
 * nothing enforced (and that named the same limits under other names, e.g. {@code maxLength} 500 for a talk
 * id the contract limits to 200) is gone; stored metadata that still has one reads without it.
 *
 * @param topic          the topic name
 * @param valueSubject   the subject of its values, {@code <topic>-value}
 * @param identityFields the field(s) that identify a record, e.g. {@code eventId}
 * @param orderingField  the field that orders versions of a record, e.g. {@code occurredAt}; null if none
 * @param version        version of this metadata in the registry, from 1; 0 when not stored yet
 */
public record TopicMetadata(
        String topic,
        String valueSubject,
        List<String> identityFields,
        String orderingField,
        int version) {

    public TopicMetadata {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        valueSubject = valueSubject == null || valueSubject.isBlank()
                ? TopicNameStrategy.valueSubject(topic) : valueSubject;
        identityFields = identityFields == null ? List.of() : List.copyOf(identityFields);
    }

    /** @return the same metadata with another version */
    public TopicMetadata withVersion(int newVersion) {
        return new TopicMetadata(topic, valueSubject, identityFields, orderingField, newVersion);
    }

    /** @return true when both describe the same topic the same way, whatever their versions */
    public boolean sameContent(TopicMetadata other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }
}
