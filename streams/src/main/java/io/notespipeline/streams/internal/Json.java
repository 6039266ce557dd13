package io.notespipeline.streams.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.avro.Contributor;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.NotesStreamsException;
import io.notespipeline.streams.TalkViewFolder;

/** The query API's JSON shapes (snake_case, ISO-8601 UTC times). */
public final class Json {

    private static final ObjectMapper MAPPER = io.notespipeline.schemas.http.Json.mapper();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new NotesStreamsException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NotesStreamsException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** @return the JSON object of a full view. */
    public static Map<String, Object> view(TalkView v) {
        Map<String, Object> out = summary(v);
        List<Map<String, Object>> links = new ArrayList<>();
        for (Link l : v.getLinks()) {
            links.add(Map.of("label", l.getLabel(), "url", l.getUrl()));
        }
        out.put("links", links);
        out.put("notes", notes(v.getNotes()));
        List<Map<String, Object>> contributors = new ArrayList<>();
        for (Contributor c : v.getContributors()) {
            contributors.add(Map.of("author", c.getAuthor(), "edits", c.getEdits()));
        }
        out.put("contributors", contributors);
        out.put("created_at", v.getCreatedAt().toString());
        out.put("last_event_id", v.getLastEventId().toString());
        return out;
    }

    /** @return the JSON object of a view in a list: metadata without notes. */
    public static Map<String, Object> summary(TalkView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("talk_id", v.getTalkId());
        out.put("title", v.getTitle());
        out.put("conference", v.getConference());
        out.put("speakers", v.getSpeakers());
        out.put("tags", v.getTags());
        out.put("revision", v.getRevision());
        out.put("updated_at", v.getUpdatedAt().toString());
        out.put("deleted", v.getDeleted());
        return out;
    }

    private static List<Map<String, Object>> notes(List<NoteNode> nodes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NoteNode n : nodes) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("note_id", n.getNoteId());
            node.put("text", n.getText());
            node.put("children", notes(n.getChildren()));
            out.add(node);
        }
        return out;
    }

    /** @return the JSON object of an event in a history or reject list. */
    public static Map<String, Object> event(NoteEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event_id", e.getEventId().toString());
        out.put("talk_id", e.getTalkId());
        out.put("kind", TalkViewFolder.kind(e));
        out.put("author", e.getAuthor());
        out.put("occurred_at", e.getOccurredAt().toString());
        out.put("correlation_id", e.getCorrelationId());
        out.put("expected_revision", e.getExpectedRevision());
        return out;
    }

    /** @return the JSON object of a reject. */
    public static Map<String, Object> rejected(RejectedEvent r, int partition, long offset) {
        Map<String, Object> out = event(r.getEvent());
        out.put("reason", r.getReason());
        out.put("detail", r.getDetail());
        out.put("revision", r.getRevision());
        out.put("rejected_at", r.getRejectedAt().toString());
        out.put("position", partition + "-" + offset);
        return out;
    }
}
