package io.notespipeline.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Checks a record against its topic's {@link ValidationRules}. A rejected record is a value: the
 * validator returns the violations (empty when the record may be produced) and never throws for a
 * bad record. Thread-safe and stateless.
 */
public final class TopicValidator {

    private TopicValidator() {
    }

    /**
     * @param metadata the topic's metadata (its rules are applied)
     * @param record   the record about to be produced
     * @param now      the current time, for the clock-skew rule
     * @return every broken rule, in rule order; empty when the record passes
     */
    public static List<Violation> validate(TopicMetadata metadata, IndexedRecord record, Instant now) {
        ValidationRules rules = metadata.rules();
        List<Violation> violations = new ArrayList<>();
        for (String path : rules.requiredNonBlank()) {
            for (Slot slot : resolve(record, path)) {
                if (slot.value() == null && !slot.nullable()) {
                    violations.add(new Violation(path, "required", "must be set"));
                } else if (slot.value() != null && slot.value().toString().isBlank()) {
                    violations.add(new Violation(path, "required", "must not be blank"));
                }
            }
        }
        for (Map.Entry<String, Integer> limit : rules.maxLength().entrySet()) {
            for (Slot slot : resolve(record, limit.getKey())) {
                if (slot.value() != null && slot.value().toString().length() > limit.getValue()) {
                    violations.add(new Violation(limit.getKey(), "maxLength", "must be at most " + limit.getValue()
                            + " characters, got " + slot.value().toString().length()));
                }
            }
        }
        for (String path : rules.urlFields()) {
            for (Slot slot : resolve(record, path)) {
                if (slot.value() != null && !isHttpUrl(slot.value().toString())) {
                    violations.add(new Violation(path, "url", "must be an absolute http(s) URL, got '"
                            + abbreviate(slot.value().toString()) + "'"));
                }
            }
        }
        if (rules.clockSkewField() != null) {
            checkClockSkew(rules, record, now, violations);
        }
        return List.copyOf(violations);
    }

    /**
     * The publisher's guard: throws when {@link #validate} finds anything.
     *
     * @throws RecordValidationException naming each field and rule the record breaks
     */
    public static void requireValid(TopicMetadata metadata, IndexedRecord record, Instant now) {
        List<Violation> violations = validate(metadata, record, now);
        if (!violations.isEmpty()) {
            throw new RecordValidationException(metadata.topic(), violations);
        }
    }

    private static void checkClockSkew(ValidationRules rules, IndexedRecord record, Instant now,
                                       List<Violation> violations) {
        Instant latest = now.plusMillis(rules.maxClockSkewMs());
        for (Slot slot : resolve(record, rules.clockSkewField())) {
            Instant at = slot.value() instanceof Instant i ? i
                    : slot.value() instanceof Long l ? Instant.ofEpochMilli(l) : null;
            if (at != null && at.isAfter(latest)) {
                violations.add(new Violation(rules.clockSkewField(), "clockSkew", "must not be more than "
                        + rules.maxClockSkewMs() + " ms in the future, got " + at + " at " + now));
            }
        }
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** A field found at a path: its value and whether its schema allows null. */
    private record Slot(Object value, boolean nullable) {
    }

    /** @return the values at {@code path}; empty when the path does not apply to this record */
    private static List<Slot> resolve(IndexedRecord root, String path) {
        List<Object> parents = List.of(root);
        String[] segments = path.split("\\.");
        List<Slot> found = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            List<Object> next = new ArrayList<>();
            for (Object parent : parents) {
                if (!(parent instanceof IndexedRecord record)) {
                    continue;
                }
                Schema.Field field = record.getSchema().getField(segments[i]);
                if (field == null) {
                    continue;
                }
                Object value = record.get(field.pos());
                if (last) {
                    addSlots(found, value, field.schema());
                } else if (value instanceof Collection<?> items) {
                    next.addAll(items);
                } else if (value != null) {
                    next.add(value);
                }
            }
            parents = next;
        }
        return found;
    }

    private static void addSlots(List<Slot> found, Object value, Schema schema) {
        if (value instanceof Collection<?> items) {
            items.forEach(item -> found.add(new Slot(item, false)));
        } else {
            found.add(new Slot(value, schema.isNullable()));
        }
    }
}
