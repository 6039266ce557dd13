package io.notespipeline.schemas.contract;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule of a data contract, in Confluent's JSON shape ({@code ruleSet.domainRules[]}):
 * {@code {"name", "doc", "kind", "mode", "type", "tags", "params", "expr", "onSuccess", "onFailure", "disabled"}}.
 * The pipeline's own rules are CEL {@code CONDITION}s: {@code expr} is a boolean CEL expression over the
 * record bound as {@code message}; false (or an evaluation error) breaks the rule.
 *
 * @param name      stable name, unique in its rule set, reported in violations (e.g. {@code talkIdPattern})
 * @param doc       what the rule requires, one sentence; the violation's reason
 * @param kind      {@code CONDITION} or {@code TRANSFORM}
 * @param mode      {@code WRITE}, {@code READ}, {@code WRITEREAD}, {@code UPGRADE}, {@code DOWNGRADE} or {@code UPDOWN}
 * @param type      the executor, e.g. {@code CEL}
 * @param tags      field tags the rule applies to (transforms); empty here
 * @param params    executor parameters; {@value #FIELD_PARAM} names the field at fault for violations
 * @param expr      the expression
 * @param onSuccess action on success, null for none
 * @param onFailure action on failure: {@code ERROR}, {@code DLQ}, {@code NONE}; for {@code WRITEREAD},
 *                  {@code "ERROR,DLQ"} gives the write and the read action
 * @param disabled  true to skip the rule
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Rule(String name, String doc, String kind, String mode, String type, List<String> tags,
                   Map<String, String> params, String expr, String onSuccess, String onFailure, boolean disabled) {

    /** Parameter naming the dotted path of the field the rule checks (our convention; Confluent clients ignore it). */
    public static final String FIELD_PARAM = "notes.field";

    public Rule {
        Objects.requireNonNull(name, "name");
        tags = tags == null ? List.of() : List.copyOf(tags);
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** @return a CEL condition checked when records are written, refusing the record when it fails */
    public static Rule writeCondition(String name, String field, String doc, String expr) {
        return new Rule(name, doc, "CONDITION", "WRITE", "CEL", List.of(), Map.of(FIELD_PARAM, field), expr, null,
                "ERROR", false);
    }

    /** @return a CEL condition checked when records are read, sending a failing record to the dead-letter topic */
    public static Rule readCondition(String name, String field, String doc, String expr) {
        return new Rule(name, doc, "CONDITION", "READ", "CEL", List.of(), Map.of(FIELD_PARAM, field), expr, null,
                "DLQ", false);
    }

    /** @return the field the rule checks (from {@value #FIELD_PARAM}), empty when it concerns the whole record */
    @JsonIgnore
    public String field() {
        return params.getOrDefault(FIELD_PARAM, "");
    }

    /** @return true for an enabled CEL condition that applies when records are written ({@code write}) or read */
    public boolean appliesTo(boolean write) {
        return !disabled && "CEL".equals(type) && "CONDITION".equals(kind)
                && ("WRITEREAD".equals(mode) || (write ? "WRITE" : "READ").equals(mode));
    }

    /** @return the action on failure for writes ({@code write}) or reads, e.g. {@code ERROR} or {@code DLQ} */
    public String failureAction(boolean write) {
        String action = onFailure == null ? "ERROR" : onFailure;
        String[] parts = action.split(",");
        return (parts.length == 2 ? parts[write ? 0 : 1] : action).trim();
    }
}
