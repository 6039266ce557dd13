package io.notespipeline.producer.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.notespipeline.producer.NoteCommand;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.apache.avro.specific.SpecificRecord;

/**
 * Maps the REST API's JSON event ({@code {"type", "author", "payload": {...}, ...}}) to a {@link NoteCommand},
 * collecting every shape error as a {@link Violation} instead of failing on the first. Missing required
 * values are left null for the {@code EventValidator} to report.
 */
public final class EventJson {

    /** Position given to a note without one: past the end, i.e. appended. */
    static final int APPEND = Integer.MAX_VALUE;

    private static final Set<String> ENVELOPE = Set.of("type", "eventId", "talkId", "occurredAt", "author",
            "correlationId", "expectedRevision", "payload");
    private static final Map<String, Set<String>> PAYLOAD_FIELDS = Map.of(
            "TalkCreated", Set.of("title", "conference", "speakers", "links", "tags"),
            "TalkUpdated", Set.of("title", "conference", "speakers", "links", "tags"),
            "NoteAdded", Set.of("noteId", "parentId", "position", "text"),
            "NoteEdited", Set.of("noteId", "text"),
            "NoteMoved", Set.of("noteId", "parentId", "position"),
            "NoteDeleted", Set.of("noteId"),
            "TalkDeleted", Set.of("reason"));

    private final int index;
    private final List<Violation> violations;

    private EventJson(int index, List<Violation> violations) {
        this.index = index;
        this.violations = violations;
    }

    /**
     * @param index      the event's index in the request
     * @param node       the event's JSON
     * @param pathTalkId the talk in the path, used when the event names none
     * @param violations where shape errors are added
     * @return the command, or null when the event cannot be read at all
     */
    public static NoteCommand read(int index, JsonNode node, String pathTalkId, List<Violation> violations) {
        return new EventJson(index, violations).read(node, pathTalkId);
    }

    private NoteCommand read(JsonNode node, String pathTalkId) {
        if (node == null || !node.isObject()) {
            add("", "type", "an event must be a JSON object");
            return null;
        }
        unknownFields(node, ENVELOPE, "");
        String type = string(node, "type", "");
        if (type == null || !PAYLOAD_FIELDS.containsKey(type)) {
            add("type", "event-type", "unknown event type " + (type == null ? "(missing)" : "'" + clip(type) + "'")
                    + "; expected one of " + String.join(", ", new java.util.TreeSet<>(PAYLOAD_FIELDS.keySet())));
            return null;
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            add("payload", payload == null ? "required" : "type", "payload must be a JSON object");
            return null;
        }
        unknownFields(payload, PAYLOAD_FIELDS.get(type), "payload.");
        SpecificRecord record = payload(type, payload);
        String author = string(node, "author", "");
        if (author == null) {
            add("author", "required", "author is required and must not be blank");
        }
        String talkId = node.has("talkId") ? string(node, "talkId", "") : pathTalkId;
        return new NoteCommand(talkId, record, uuid(node), instant(node), author,
                string(node, "correlationId", ""), longValue(node, "expectedRevision"));
    }

    private SpecificRecord payload(String type, JsonNode p) {
        return switch (type) {
            case "TalkCreated" -> new TalkCreated(string(p, "title", "payload."), string(p, "conference", "payload."),
                    orEmpty(strings(p, "speakers")), orEmpty(links(p)), orEmpty(strings(p, "tags")));
            case "TalkUpdated" -> new TalkUpdated(string(p, "title", "payload."), string(p, "conference", "payload."),
                    strings(p, "speakers"), links(p), strings(p, "tags"));
            case "NoteAdded" -> new NoteAdded(string(p, "noteId", "payload."), string(p, "parentId", "payload."),
                    position(p), string(p, "text", "payload."));
            case "NoteEdited" -> new NoteEdited(string(p, "noteId", "payload."), string(p, "text", "payload."));
            case "NoteMoved" -> new NoteMoved(string(p, "noteId", "payload."), string(p, "parentId", "payload."),
                    position(p));
            case "NoteDeleted" -> new NoteDeleted(string(p, "noteId", "payload."));
            default -> new TalkDeleted(string(p, "reason", "payload."));
        };
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private void unknownFields(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                add(prefix + clip(name), "unknown-field", "unknown field '" + clip(name) + "'");
            }
        }
    }

    private String string(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            add(prefix + field, "type", prefix + field + " must be a string");
            return null;
        }
        return value.textValue();
    }

    private List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            add("payload." + field, "type", "payload." + field + " must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                add("payload." + field + "[" + i + "]", "type", "must be a string");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    private List<Link> links(JsonNode node) {
        JsonNode value = node.get("links");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            add("payload.links", "type", "payload.links must be an array of {label, url}");
            return null;
        }
        List<Link> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String prefix = "payload.links[" + i + "].";
            if (!item.isObject()) {
                add("payload.links[" + i + "]", "type", "a link must be an object {label, url}");
                continue;
            }
            unknownFields(item, Set.of("label", "url"), prefix);
            out.add(new Link(string(item, "label", prefix), string(item, "url", prefix)));
        }
        return out;
    }

    private int position(JsonNode node) {
        JsonNode value = node.get("position");
        if (value == null || value.isNull()) {
            return APPEND;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            add("payload.position", "type", "payload.position must be an integer");
            return 0;
        }
        return value.intValue();
    }

    private Long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            add(field, "type", field + " must be an integer");
            return null;
        }
        return value.longValue();
    }

    private UUID uuid(JsonNode node) {
        String text = string(node, "eventId", "");
        if (text == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return id;
        } catch (IllegalArgumentException e) {
            add("eventId", "uuid", "eventId must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
            return null;
        }
    }

    private Instant instant(JsonNode node) {
        JsonNode value = node.get("occurredAt");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return Instant.ofEpochMilli(value.longValue());
            }
            if (value.isTextual()) {
                return IsoTime.parse("occurredAt", value.textValue());
            }
        } catch (IsoTime.InvalidTimeException | ArithmeticException e) {
            // reported below
        }
        add("occurredAt", "timestamp", "occurredAt must be an ISO-8601 time such as " + IsoTime.EXAMPLES
                + ", or epoch milliseconds");
        return null;
    }

    private void add(String field, String rule, String reason) {
        violations.add(new Violation(index, field, rule, reason));
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
