package io.notespipeline.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a record must satisfy, beyond its schema, before it may be produced to a topic.
 *
 * <p>Fields are named by dotted paths from the record's root: {@code author}, {@code payload.text}
 * (the union branch that has a {@code text} field), {@code payload.links.url} (every element of the
 * {@code links} array). A path that does not exist in the record at hand (another union branch) is
 * not checked.
 *
 * @param requiredNonBlank fields that must be present, non-null and not blank
 * @param maxLength        maximum length in characters per text field
 * @param urlFields        fields that, when set, must hold an absolute {@code http} or {@code https} URL
 * @param clockSkewField   a timestamp field that may not lie further in the future than
 *                         {@code maxClockSkewMs}; null for no check
 * @param maxClockSkewMs   how far in the future {@code clockSkewField} may be, in milliseconds
 */
public record ValidationRules(
        List<String> requiredNonBlank,
        Map<String, Integer> maxLength,
        List<String> urlFields,
        String clockSkewField,
        long maxClockSkewMs) {

    public ValidationRules {
        requiredNonBlank = requiredNonBlank == null ? List.of() : List.copyOf(requiredNonBlank);
        maxLength = maxLength == null ? Map.of() : Map.copyOf(new TreeMap<>(maxLength));
        urlFields = urlFields == null ? List.of() : List.copyOf(urlFields);
        if (maxClockSkewMs < 0) {
            throw new IllegalArgumentException("maxClockSkewMs must be >= 0, got " + maxClockSkewMs);
        }
    }

    /** @return rules that check nothing */
    public static ValidationRules none() {
        return new ValidationRules(List.of(), Map.of(), List.of(), null, 0);
    }
}
