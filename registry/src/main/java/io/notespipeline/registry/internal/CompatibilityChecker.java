package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a new schema against earlier versions with Avro's own {@link SchemaCompatibility}; the
 * rules are Avro's, this class only picks which pairs to check and words the failures so that each
 * message names the field, the Avro rule and the registry rule that failed.
 */
final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /** An earlier version to check against. */
    record Earlier(int version, Schema schema) {
    }

    /**
     * @param earlier live versions of the subject, oldest first
     * @return one message per incompatibility; empty when {@code candidate} is compatible
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
        List<String> messages = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return messages;
        }
        List<Earlier> targets = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (int i = targets.size() - 1; i >= 0; i--) {
            Earlier old = targets.get(i);
            if (level.backward()) {
                describe(level, SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()), candidate,
                        "the new schema must read data written with version " + old.version(), messages);
            }
            if (level.forward()) {
                describe(level, SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate), old.schema(),
                        "version " + old.version() + " must read data written with the new schema", messages);
            }
        }
        return messages;
    }

    private static void describe(CompatibilityLevel level, SchemaPairCompatibility result, Schema reader, String rule,
                                 List<String> messages) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            String field = fieldAt(reader, incompatibility.getLocation());
            messages.add(level + ": " + rule + ", but " + incompatibility.getType() + " at '"
                    + incompatibility.getLocation() + "'" + (field.isEmpty() ? "" : " (field '" + field + "')")
                    + ": " + explain(incompatibility));
        }
    }

    private static String explain(Incompatibility incompatibility) {
        String detail = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "the reader has field '" + detail
                    + "' that the writer lacks, and it has no default value";
            case MISSING_ENUM_SYMBOLS -> "the reader's enum lacks the writer's symbols " + detail
                    + " and has no default symbol";
            case MISSING_UNION_BRANCH -> "the reader's union lacks a branch the writer may use: " + detail;
            case TYPE_MISMATCH -> detail + " (Avro promotes only int->long->float->double and string<->bytes)";
            default -> detail;
        };
    }

    /** @return the dotted field path that a JSON-pointer location inside {@code root} points at, or "" */
    static String fieldAt(Schema root, String location) {
        if (location == null || location.isEmpty() || "/".equals(location)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        Schema current = root;
        String[] tokens = location.substring(1).split("/");
        for (int i = 0; i < tokens.length && current != null; i++) {
            String token = tokens[i];
            if ("fields".equals(token) && i + 1 < tokens.length && current.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(tokens[++i]);
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                names.add(field.name());
                current = field.schema();
            } else if ("type".equals(token)) {
                continue;
            } else if ("items".equals(token) && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
            } else if ("values".equals(token) && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
            } else if (token.chars().allMatch(Character::isDigit) && current.getType() == Schema.Type.UNION) {
                int index = Integer.parseInt(token);
                current = index < current.getTypes().size() ? current.getTypes().get(index) : null;
            } else {
                break;
            }
        }
        return String.join(".", names);
    }
}
