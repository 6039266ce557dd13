package io.notespipeline.schemas.registry;

import java.util.List;

import io.notespipeline.schemas.NotesSchemaException;

/**
 * A record broke its topic's validation rules and was not produced. The message names every field
 * and rule; {@link #violations()} gives them as values.
 */
public class RecordValidationException extends NotesSchemaException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final transient List<Violation> violations;

    public RecordValidationException(String topic, List<Violation> violations) {
        super("record refused for topic " + topic + ": " + violations);
        this.topic = topic;
        this.violations = List.copyOf(violations);
    }

    public String topic() {
        return topic;
    }

    /** @return the broken rules, never empty */
    public List<Violation> violations() {
        return violations;
    }
}
