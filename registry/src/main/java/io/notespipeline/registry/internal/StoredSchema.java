package io.notespipeline.registry.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;

/**
 * A registered schema with its contract, as one global id names it: the canonical text, its
 * references, metadata and rule set. Two registrations share an id only when all four are equal
 * (Confluent hashes the same four). The answer of {@code GET /schemas/ids/{id}} is serialized once
 * here, since the entry never changes.
 *
 * @param guid      a name-based UUID of the content: the same content has the same guid on every server
 * @param schema    the parsed schema, references resolved (used for compatibility)
 * @param metadata  null when none
 * @param ruleSet   null when none
 */
record StoredSchema(int id, String guid, String canonical, Schema schema, List<Reference> references,
                    Contract.Metadata metadata, Contract.RuleSet ruleSet, byte[] byIdJson) {

    static final ObjectMapper JSON = io.notespipeline.schemas.http.Json.mapper();

    /** Confluent's {@code SchemaReference}: a named type defined by version {@code version} of {@code subject}. */
    record Reference(String name, String subject, Integer version) {
    }

    static StoredSchema of(int id, Content content, Schema schema) {
        String guid = UUID.nameUUIDFromBytes(content.key().getBytes(StandardCharsets.UTF_8)).toString();
        StoredSchema withoutJson = new StoredSchema(id, guid, content.canonical(), schema, content.references(),
                content.metadata(), content.ruleSet(), null);
        return new StoredSchema(id, guid, content.canonical(), schema, content.references(), content.metadata(),
                content.ruleSet(), write(withoutJson.byIdAnswer()));
    }

    /** What makes two registrations the same schema: its text and its whole contract. */
    record Content(String canonical, List<Reference> references, Contract.Metadata metadata, Contract.RuleSet ruleSet) {
        Content {
            references = references == null ? List.of() : List.copyOf(references);
        }

        /** @return a key equal for equal content (maps and sets of the contract are sorted) */
        String key() {
            return canonical + '\u0000' + writeString(references) + '\u0000' + writeString(metadata) + '\u0000'
                    + writeString(ruleSet);
        }
    }

    Content content() {
        return new Content(canonical, references, metadata, ruleSet);
    }

    /** @return Confluent's {@code SchemaString}: schema, references, metadata, ruleSet when present, and the guid */
    Map<String, Object> byIdAnswer() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", canonical);
        putContract(out);
        out.put("guid", guid);
        return out;
    }

    /** Adds references, metadata and ruleSet, each only when present (Confluent leaves empty ones out). */
    void putContract(Map<String, Object> out) {
        if (!references.isEmpty()) {
            out.put("references", references);
        }
        if (metadata != null) {
            out.put("metadata", metadata);
        }
        if (ruleSet != null) {
            out.put("ruleSet", ruleSet);
        }
    }

    /** @return Confluent's register answer: {@code {"id"}}, or the whole version when it carries a contract */
    Map<String, Object> registerAnswer(int version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        if (hasContract()) {
            out.put("version", version);
            out.put("guid", guid);
            out.put("schema", canonical);
            putContract(out);
        }
        return out;
    }

    /** @return whether this schema carries a contract (then a register answer is the whole version) */
    boolean hasContract() {
        return metadata != null || ruleSet != null;
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw RegistryException.storeError("cannot write schema JSON: " + e.getMessage(), e);
        }
    }

    private static String writeString(Object value) {
        return value == null ? "" : new String(write(value), StandardCharsets.UTF_8);
    }
}
