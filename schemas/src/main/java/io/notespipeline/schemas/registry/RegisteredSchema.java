package io.notespipeline.schemas.registry;

import java.util.Objects;

import io.notespipeline.schemas.contract.DataContract;
import io.notespipeline.schemas.contract.Metadata;
import io.notespipeline.schemas.contract.RuleSet;

import org.apache.avro.Schema;

/**
 * One version of a subject: what {@code GET /subjects/{s}/versions/{v}} and the lookup
 * {@code POST /subjects/{s}} answer, with the version's data contract ({@code metadata}, {@code ruleSet}).
 *
 * @param subject  the subject, e.g. {@code notes.events-value}
 * @param id       the schema's global id (the same schema has the same id under every subject)
 * @param version  the version within the subject, from 1
 * @param schema   the parsed schema
 * @param metadata the version's metadata (empty when none)
 * @param ruleSet  the version's rules (empty when none)
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema, Metadata metadata, RuleSet ruleSet) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        DataContract contract = new DataContract(metadata, ruleSet);
        metadata = contract.metadata();
        ruleSet = contract.ruleSet();
    }

    /** A version without data contract. */
    public RegisteredSchema(String subject, int id, int version, Schema schema) {
        this(subject, id, version, schema, null, null);
    }

    /** @return the version's data contract (metadata and rule set) */
    public DataContract contract() {
        return new DataContract(metadata, ruleSet);
    }
}
