package io.notespipeline.schemas.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/**
 * One version of a subject: what {@code GET /subjects/{s}/versions/{v}} and the lookup
 * {@code POST /subjects/{s}} answer.
 *
 * @param subject the subject, e.g. {@code notes.events-value}
 * @param id      the schema's global id (the same schema has the same id under every subject)
 * @param version the version within the subject, from 1
 * @param schema  the parsed schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
