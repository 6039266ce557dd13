package io.notespipeline.schemas.contract;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The metadata of a schema version, in Confluent's JSON shape:
 * {@code {"tags": {"path": ["TAG"]}, "properties": {"k": "v"}, "sensitive": ["k"]}}.
 *
 * @param tags       field path to tags
 * @param properties free-form properties; the pipeline's keys are in {@link DataContract}
 * @param sensitive  property names whose values are secret
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Metadata(Map<String, Set<String>> tags, Map<String, String> properties, Set<String> sensitive) {

    public Metadata {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
        sensitive = sensitive == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(sensitive));
    }

    /** @return metadata with these properties only */
    public static Metadata ofProperties(Map<String, String> properties) {
        return new Metadata(Map.of(), properties, Set.of());
    }

    /** @return true when there are no tags, properties or sensitive names */
    @JsonIgnore
    public boolean isEmpty() {
        return tags.isEmpty() && properties.isEmpty() && sensitive.isEmpty();
    }
}
