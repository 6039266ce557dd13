package io.notespipeline.registry.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;

import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;
import org.apache.avro.util.internal.JacksonUtils;

/**
 * The text a schema is stored under with {@code normalize=true}: two schemas that differ only in
 * how they are written get the same text, hence the same id. Named types by full name (no
 * {@code namespace} attribute), attributes in one fixed order, aliases as full names and sorted,
 * custom properties sorted by name, a field's {@code order} only when not ascending. Unlike Avro's
 * Parsing Canonical Form it keeps what resolution and readers use: defaults, aliases, docs,
 * logical types and other properties. Types defined by a reference are written by name.
 */
final class NormalForm {

    private NormalForm() {
    }

    /** @param referenced the named types the schema's references define (written by name) */
    static String of(Schema schema, Collection<Schema> referenced) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = StoredSchema.JSON.getFactory().createGenerator(out)) {
            Set<String> known = new HashSet<>();
            referenced.forEach(s -> known.add(s.getFullName()));
            write(schema, json, known);
        } catch (IOException e) {
            throw RegistryException.invalidSchema("Invalid schema: cannot normalize it: " + e.getMessage());
        }
        return out.toString();
    }

    private static void write(Schema schema, JsonGenerator json, Set<String> known) throws IOException {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (!known.add(schema.getFullName())) {
                    json.writeString(schema.getFullName());
                    return;
                }
                json.writeStartObject();
                json.writeStringField("type", schema.getType().getName());
                json.writeStringField("name", schema.getFullName());
                writeDocAndAliases(json, schema.getDoc(), schema.getAliases());
                if (schema.getType() == Schema.Type.RECORD) {
                    json.writeArrayFieldStart("fields");
                    for (Schema.Field field : schema.getFields()) {
                        writeField(field, json, known);
                    }
                    json.writeEndArray();
                } else if (schema.getType() == Schema.Type.ENUM) {
                    json.writeArrayFieldStart("symbols");
                    for (String symbol : schema.getEnumSymbols()) {
                        json.writeString(symbol);
                    }
                    json.writeEndArray();
                    if (schema.getEnumDefault() != null) {
                        json.writeStringField("default", schema.getEnumDefault());
                    }
                } else {
                    json.writeNumberField("size", schema.getFixedSize());
                }
                writeProps(json, schema.getObjectProps());
                json.writeEndObject();
            }
            case ARRAY, MAP -> {
                json.writeStartObject();
                json.writeStringField("type", schema.getType().getName());
                json.writeFieldName(schema.getType() == Schema.Type.ARRAY ? "items" : "values");
                write(schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema.getValueType(), json, known);
                writeProps(json, schema.getObjectProps());
                json.writeEndObject();
            }
            case UNION -> {
                json.writeStartArray();
                for (Schema branch : schema.getTypes()) {
                    write(branch, json, known);
                }
                json.writeEndArray();
            }
            default -> {
                if (schema.getObjectProps().isEmpty()) {
                    json.writeString(schema.getType().getName());
                } else {
                    json.writeStartObject();
                    json.writeStringField("type", schema.getType().getName());
                    writeProps(json, schema.getObjectProps());
                    json.writeEndObject();
                }
            }
        }
    }

    private static void writeField(Schema.Field field, JsonGenerator json, Set<String> known) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", field.name());
        if (field.doc() != null) {
            json.writeStringField("doc", field.doc());
        }
        json.writeFieldName("type");
        write(field.schema(), json, known);
        if (field.hasDefaultValue()) {
            json.writeFieldName("default");
            json.writeTree(JacksonUtils.toJsonNode(field.defaultVal()));
        }
        if (field.order() != Schema.Field.Order.ASCENDING) {
            json.writeStringField("order", field.order().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!field.aliases().isEmpty()) {
            json.writeArrayFieldStart("aliases");
            for (String alias : new TreeSet<>(field.aliases())) {
                json.writeString(alias);
            }
            json.writeEndArray();
        }
        writeProps(json, field.getObjectProps());
        json.writeEndObject();
    }

    private static void writeDocAndAliases(JsonGenerator json, String doc, Set<String> aliases) throws IOException {
        if (doc != null) {
            json.writeStringField("doc", doc);
        }
        if (!aliases.isEmpty()) {
            json.writeArrayFieldStart("aliases");
            for (String alias : new TreeSet<>(aliases)) {
                json.writeString(alias);
            }
            json.writeEndArray();
        }
    }

    private static void writeProps(JsonGenerator json, Map<String, Object> props) throws IOException {
        for (Map.Entry<String, Object> prop : new TreeMap<>(props).entrySet()) {
            json.writeFieldName(prop.getKey());
            json.writeTree(JacksonUtils.toJsonNode(prop.getValue()));
        }
    }
}
