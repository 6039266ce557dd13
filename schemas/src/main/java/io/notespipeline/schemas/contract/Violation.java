package io.notespipeline.schemas.contract;

/**
 * Why a record (an event of a batch) cannot be written: the one violation type of the pipeline, from the
 * contract's rules and from the publisher's request checks alike.
 *
 * @param index  the record's index in its batch (0 for a single record)
 * @param field  the offending field as a dotted path, e.g. {@code payload.links.url} (empty for the whole record)
 * @param rule   the rule broken: a contract rule's name (e.g. {@code talkIdPattern}) or a request check
 *               (e.g. {@code talk-id-matches-path}, {@code schema}, {@code json})
 * @param reason a human-readable explanation
 */
public record Violation(int index, String field, String rule, String reason) {

    /** @return the same violation for the record at {@code newIndex} */
    public Violation withIndex(int newIndex) {
        return newIndex == index ? this : new Violation(newIndex, field, rule, reason);
    }

    @Override
    public String toString() {
        return "event " + index + " " + field + ": " + reason + " (" + rule + ")";
    }
}
