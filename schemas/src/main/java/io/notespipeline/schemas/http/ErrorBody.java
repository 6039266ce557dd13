package io.notespipeline.schemas.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of every HTTP error answer of every API (producer, query, audit, app, registry):
 * <pre>{@code {"error_code": 42250, "message": "...", "errors": [{"index": 0, "field": "payload.text",
 *   "rule": "required", "reason": "..."}]}}</pre>
 * {@code errors} is written only when it names something (an empty list is left out, so a registry answer
 * is exactly Confluent's {@code {"error_code", "message"}}, which Confluent's clients parse strictly).
 * An API may document further top-level fields ({@code extra}, e.g. the query API's {@code position}).
 * Codes: {@link ErrorCode} (the notes APIs) and the registry's Confluent codes; see {@code docs/errors.md}.
 *
 * @param errorCode the code, HTTP status × 100 + n (or Confluent's 409)
 * @param message   what went wrong, for a human
 * @param errors    the items at fault (empty when the whole request is)
 * @param extra     further top-level fields, in order
 */
public record ErrorBody(int errorCode, String message, List<Item> errors, Map<String, Object> extra) {

    private static final Set<String> RESERVED = Set.of("error_code", "message", "errors");

    /**
     * One item at fault.
     *
     * @param index  the item's index in the request (0 for a single item)
     * @param field  the offending field, e.g. {@code payload.links[0].url} (empty for the whole item)
     * @param rule   the rule broken, e.g. {@code required}, or null when there is no name for it
     * @param reason a human-readable explanation
     */
    public record Item(int index, String field, String rule, String reason) {
        public Item {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public ErrorBody {
        Objects.requireNonNull(message, "message");
        errors = List.copyOf(errors);
        extra = new LinkedHashMap<>(extra);
        for (String key : extra.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("extra field " + key + " would replace a field of the error body");
            }
        }
        extra = Collections.unmodifiableMap(extra);
    }

    /** @return an error of one of the notes APIs' codes */
    public static ErrorBody of(ErrorCode code, String message) {
        return of(code.code(), message);
    }

    /** @return an error of any code (the registry's Confluent codes) */
    public static ErrorBody of(int errorCode, String message) {
        return new ErrorBody(errorCode, message, List.of(), Map.of());
    }

    /** @return this error naming {@code items} */
    public ErrorBody withErrors(List<Item> items) {
        return new ErrorBody(errorCode, message, items, extra);
    }

    /** @return this error with further top-level fields */
    public ErrorBody withExtra(Map<String, ?> fields) {
        Map<String, Object> all = new LinkedHashMap<>(extra);
        all.putAll(fields);
        return new ErrorBody(errorCode, message, errors, all);
    }

    /** @return the HTTP status to answer with */
    public int httpStatus() {
        return ErrorCode.httpStatusOf(errorCode);
    }

    /** @return the JSON object, as a map in field order */
    public Map<String, Object> toMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        if (!errors.isEmpty()) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Item e : errors) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("index", e.index());
                item.put("field", e.field());
                if (e.rule() != null) {
                    item.put("rule", e.rule());
                }
                item.put("reason", e.reason());
                items.add(item);
            }
            body.put("errors", items);
        }
        body.putAll(extra);
        return body;
    }

    /** @return the JSON text */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an error answer (for clients); fields other than {@code error_code}, {@code message} and
     * {@code errors} become {@code extra}.
     *
     * @param answer     the parsed body (a missing or non-object node gives the fallback)
     * @param httpStatus the answer's status, whose generic code stands in for a missing {@code error_code}
     * @param fallback   the message when the body has none (e.g. the raw body)
     */
    public static ErrorBody read(JsonNode answer, int httpStatus, String fallback) {
        int code = answer.path("error_code").asInt(ErrorCode.generic(httpStatus));
        String message = answer.path("message").asText(fallback);
        List<Item> items = new ArrayList<>();
        for (JsonNode e : answer.path("errors")) {
            items.add(new Item(e.path("index").asInt(0), e.path("field").asText(""),
                    e.hasNonNull("rule") ? e.get("rule").asText() : null, e.path("reason").asText("")));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (answer.isObject()) {
            for (Map.Entry<String, JsonNode> f : answer.properties()) {
                if (!RESERVED.contains(f.getKey())) {
                    extra.put(f.getKey(), Json.mapper().convertValue(f.getValue(), Object.class));
                }
            }
        }
        return new ErrorBody(code, message, items, extra);
    }
}
