package io.notespipeline.schemas.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a topic's records must be beyond their schema, stored with the schema version in the registry the
 * way Confluent stores data contracts: {@code metadata} and {@code ruleSet}. The pipeline's metadata keys:
 * <ul>
 *   <li>{@value #IDENTITY}: the field(s), comma-separated, that identify a record (e.g. {@code eventId});</li>
 *   <li>{@value #ORDERING}: the field that orders versions of a record (e.g. {@code occurredAt});</li>
 *   <li>{@value #MAX_FUTURE_MS}: how far, in milliseconds, the ordering field (a timestamp-millis) may lie
 *       in the future of the writer's clock. Checked by the pipeline's {@link ContractValidator} only: CEL
 *       as Confluent's clients run it has no portable clock (the JavaScript client binds no {@code now}),
 *       and a timestamp-millis binds as a number in one client and as an instant in another, so a CEL rule
 *       on it could not behave the same everywhere. Confluent clients ignore the property.</li>
 *   <li>{@value #TALK_ID_PATTERN}: the RE2 pattern a talk id (the record key) matches, for clients that check an
 *       id before sending it (a form, a script); the rule enforcing it is in the rule set ({@code talkIdPattern} in
 *       the built-in contract, whose expression uses the same pattern).</li>
 * </ul>
 *
 * @param metadata the version's metadata (properties above)
 * @param ruleSet  the version's rules
 */
public record DataContract(Metadata metadata, RuleSet ruleSet) {

    /** Metadata property: identity field(s), comma-separated. */
    public static final String IDENTITY = "notes.identity";
    /** Metadata property: the ordering field. */
    public static final String ORDERING = "notes.ordering";
    /** Metadata property: how far the ordering timestamp may lie in the future, in ms. */
    public static final String MAX_FUTURE_MS = "notes.ordering.maxFutureMs";
    /** Metadata property: the pattern of a talk id. */
    public static final String TALK_ID_PATTERN = "notes.talkId.pattern";

    public DataContract {
        metadata = metadata == null ? Metadata.ofProperties(java.util.Map.of()) : metadata;
        ruleSet = ruleSet == null ? RuleSet.ofDomainRules(List.of()) : ruleSet;
    }

    /** @return a contract with nothing in it */
    public static DataContract empty() {
        return new DataContract(null, null);
    }

    /** @return true when it has neither metadata nor rules */
    @JsonIgnore
    public boolean isEmpty() {
        return metadata.isEmpty() && ruleSet.isEmpty();
    }

    /** @return the identity fields ({@value #IDENTITY}), empty when none */
    public List<String> identityFields() {
        String value = metadata.properties().getOrDefault(IDENTITY, "");
        return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    /** @return the ordering field ({@value #ORDERING}) */
    public Optional<String> orderingField() {
        return Optional.ofNullable(metadata.properties().get(ORDERING)).filter(s -> !s.isBlank());
    }

    /** @return the pattern of a talk id ({@value #TALK_ID_PATTERN}), empty when the contract states none */
    public Optional<String> talkIdPattern() {
        return Optional.ofNullable(metadata.properties().get(TALK_ID_PATTERN)).filter(s -> !s.isBlank());
    }

    /** @return the allowed future skew of the ordering field ({@value #MAX_FUTURE_MS}), empty for no check */
    public Optional<Long> maxFutureMs() {
        return Optional.ofNullable(metadata.properties().get(MAX_FUTURE_MS)).map(Long::parseLong);
    }
}
