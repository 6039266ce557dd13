package io.notespipeline.schemas.registry;

/**
 * One validation rule a record broke.
 *
 * @param field  the dotted field path, without array indexes (e.g. {@code payload.links.url})
 * @param rule   the rule: {@code required}, {@code maxLength}, {@code url} or {@code clockSkew}
 * @param reason a sentence for the author, naming the limit
 */
public record Violation(String field, String rule, String reason) {

    @Override
    public String toString() {
        return field + ": " + rule + " (" + reason + ")";
    }
}
