package io.notespipeline.producer;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.notespipeline.producer.internal.EventJson;
import io.notespipeline.schemas.contract.Violation;

/**
 * Reads events in the producer API's JSON shape ({@code {"type", "talkId", "author", "payload": {...}}},
 * see {@code /v1/openapi.json}) into {@link NoteCommand}s, e.g. for {@code notes publish} reading JSON lines.
 */
public final class JsonEvents {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
