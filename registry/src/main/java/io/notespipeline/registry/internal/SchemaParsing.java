package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;

/** Parses a schema with its references resolved, into the text it is stored under. */
final class SchemaParsing {

    /** The schema of version {@code version} (a number or -1 for the latest) of {@code subject}, or null. */
    interface Versions {
        StoredSchema at(String subject, int version);
    }

    private SchemaParsing() {
    }

    /**
     * @return {@code text} parsed with the named types of its references (their own references
     *         first), and its canonical text printing those types by name, as Confluent stores it;
     *         with {@code normalize}, its {@link NormalForm}
     * @throws RegistryException 42201 when a reference names no version, or the schema is invalid
     */
    static RegistryState.Parsed parse(String text, List<StoredSchema.Reference> references, boolean normalize,
                                      Versions versions) {
        Schema.Parser parser = new Schema.Parser();
        addReferences(references, parser, new HashSet<>(), versions);
        List<Schema> named = new ArrayList<>(parser.getTypes().values());
        Schema schema = Http.parse(text, parser);
        if (normalize) {
            return new RegistryState.Parsed(schema, NormalForm.of(schema, named));
        }
        return new RegistryState.Parsed(schema, named.isEmpty() ? schema.toString() : schema.toString(named, false));
    }

    private static void addReferences(List<StoredSchema.Reference> references, Schema.Parser parser, Set<String> seen,
                                      Versions versions) {
        for (StoredSchema.Reference ref : references) {
            if (!seen.add(ref.subject() + '\u0000' + ref.version())) {
                continue;
            }
            StoredSchema target = versions.at(ref.subject(), ref.version());
            if (target == null) {
                throw RegistryException.invalidSchema("Invalid schema: reference '" + ref.name() + "' names version "
                        + ref.version() + " of subject '" + ref.subject() + "', which does not exist");
            }
            addReferences(target.references(), parser, seen, versions);
            Http.parse(target.canonical(), parser);
        }
    }
}
