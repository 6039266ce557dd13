package io.notespipeline.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.contract.Violation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;

/**
 * The error body of every HTTP answer of the producer API:
 * {@code {"error_code": 422, "message": "...", "errors": [{"index": 0, "field": "payload.text",
 * "rule": "required", "reason": "..."}]}}. The app's auth before-handler answers 401/403 with
 * {@link #respond(Context, int, String)} so clients see one shape.
 *
 * @param errorCode  the HTTP status
 * @param message    what went wrong
 * @param violations the offending events and fields (empty when the whole request is at fault)
 */
public record ApiError(int errorCode, String message, List<Violation> violations) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiError {
        violations = List.copyOf(violations);
    }

    /** @return an error without per-event details. */
    public static ApiError of(int status, String message) {
        return new ApiError(status, message, List.of());
    }

    /** @return the JSON body. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Violation v : violations) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", v.index());
            item.put("field", v.field());
            item.put("rule", v.rule());
            item.put("reason", v.reason());
            errors.add(item);
        }
        body.put("errors", errors);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new ProducerException("cannot write an error body", e);
        }
    }

    /** Writes this error as the answer: status, JSON body. */
    public void respond(Context ctx) {
        ctx.status(errorCode).contentType("application/json").result(toJson());
    }

    /** Answers {@code ctx} with {@code status} and {@code message} in the producer API's error shape. */
    public static void respond(Context ctx, int status, String message) {
        of(status, message).respond(ctx);
    }
}
