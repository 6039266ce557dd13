package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.registry.TopicMetadata;

import org.apache.avro.Schema;

/**
 * Checks that every field a topic's metadata names (identity, ordering) exists in the
 * value subject's latest schema. A dotted path descends through records, arrays and union branches;
 * it exists when at least one branch has it.
 */
final class MetadataCheck {

    private MetadataCheck() {
    }

    /** @throws RegistryException 42210 naming the first field the schema does not have */
    static void requireFieldsExist(TopicMetadata metadata, Schema schema) {
        for (String path : paths(metadata)) {
            if (!exists(schema, path.split("\\."), 0)) {
                throw RegistryException.invalidTopicMetadata("field '" + path + "' does not exist in the latest schema ("
                        + schema.getFullName() + ") of subject " + metadata.valueSubject());
            }
        }
    }

    private static Set<String> paths(TopicMetadata metadata) {
        Set<String> paths = new LinkedHashSet<>(metadata.identityFields());
        if (metadata.orderingField() != null) {
            paths.add(metadata.orderingField());
        }
        return paths;
    }

    private static boolean exists(Schema schema, String[] path, int index) {
        if (index == path.length) {
            return true;
        }
        for (Schema candidate : expand(schema)) {
            Schema.Field field = candidate.getType() == Schema.Type.RECORD ? candidate.getField(path[index]) : null;
            if (field != null && exists(field.schema(), path, index + 1)) {
                return true;
            }
        }
        return false;
    }

    /** @return the records a value of {@code schema} may be (union branches, array items) */
    private static List<Schema> expand(Schema schema) {
        List<Schema> out = new ArrayList<>();
        switch (schema.getType()) {
            case UNION -> schema.getTypes().forEach(branch -> out.addAll(expand(branch)));
            case ARRAY -> out.addAll(expand(schema.getElementType()));
            default -> out.add(schema);
        }
        return out;
    }
}
