package io.notespipeline.producer;

/**
 * Why an event cannot be published.
 *
 * @param index  the event's index in its batch (0 for a single event)
 * @param field  the offending field, e.g. {@code payload.links[0].url} (empty when it concerns the whole event)
 * @param rule   the rule broken, e.g. {@code required}, {@code max-length}, {@code url}, {@code clock-skew},
 *               {@code talk-id-matches-path}, {@code event-type}, {@code schema}
 * @param reason a human-readable explanation
 */
public record Violation(int index, String field, String rule, String reason) {

    @Override
    public String toString() {
        return "event " + index + " " + field + ": " + reason + " (" + rule + ")";
    }
}
