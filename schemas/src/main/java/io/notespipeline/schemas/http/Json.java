package io.notespipeline.schemas.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of every API, client and test: {@code java.time} values are written as
 * ISO-8601 strings (an {@link java.time.Instant} as {@code 2024-05-01T10:00:00Z}), never as numbers.
 * The shared instances are configured once and must not be reconfigured; use
 * {@link #strictMapper(StreamReadConstraints)} for a mapper of one's own.
 * <ul>
 *   <li>{@link #mapper()}: Jackson's defaults otherwise (an unknown property in a bound type fails).</li>
 *   <li>{@link #strictMapper()}: also refuses duplicate keys and trailing tokens; for request bodies
 *       that must be read exactly (the producer API).</li>
 *   <li>{@link #lenientMapper()}: ignores unknown properties; for clients reading answers of a server
 *       that may be newer (the registry client).</li>
 * </ul>
 */
public final class Json {

    private static final ObjectMapper MAPPER = builder(new JsonFactory()).build();
    private static final ObjectMapper STRICT = strictBuilder(new JsonFactory()).build();
    private static final ObjectMapper LENIENT = builder(new JsonFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Json() {
    }

    /** @return the shared mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @return the shared mapper refusing duplicate keys and trailing tokens */
    public static ObjectMapper strictMapper() {
        return STRICT;
    }

    /** @return the shared mapper ignoring unknown properties */
    public static ObjectMapper lenientMapper() {
        return LENIENT;
    }

    /** @return a new strict mapper that also enforces {@code limits} (nesting depth, string length, ...) */
    public static ObjectMapper strictMapper(StreamReadConstraints limits) {
        return strictBuilder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
    }

    private static JsonMapper.Builder builder(JsonFactory factory) {
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    private static JsonMapper.Builder strictBuilder(JsonFactory factory) {
        return builder(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
