package io.notespipeline.producer;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.producer.internal.EventJson;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.http.Json;

/**
 * Reads events in the producer API's JSON shape ({@code {"type", "talkId", "author", "payload": {...}}},
 * see {@code /v1/openapi.json}) into {@link NoteCommand}s, e.g. for {@code notes publish} reading JSON lines.
 */
public final class JsonEvents {

    private static final ObjectMapper JSON = Json.strictMapper();

    private JsonEvents() {
    }

    /**
     * @param index         the event's index (e.g. its line number), named in violations
     * @param json          one event
     * @param defaultTalkId the talk of an event that names none, or null
     * @return the command (the publisher still applies its rules when it publishes it)
     * @throws ValidationException when the JSON is malformed or not an event
     */
    public static NoteCommand parse(int index, String json, String defaultTalkId) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException(List.of(new Violation(index, "", "json", "malformed JSON: "
                    + e.getOriginalMessage())));
        }
        List<Violation> violations = new ArrayList<>();
        NoteCommand command = EventJson.read(index, node, defaultTalkId, violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return command;
    }
}
