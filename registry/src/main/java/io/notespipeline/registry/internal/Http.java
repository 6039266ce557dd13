package io.notespipeline.registry.internal;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;
import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;

/** Request parsing and response writing shared by the routes: content types, JSON bodies, schemas, flags. */
final class Http {

    static final String V1 = "application/vnd.schemaregistry.v1+json";
    static final String GENERIC = "application/vnd.schemaregistry+json";
    static final String JSON = "application/json";

    private Http() {
    }

    /** @return the content type to answer with: the first of ours the client accepts, else the v1 type */
    static String responseType(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null) {
            for (String type : new String[] {V1, GENERIC, JSON}) {
                if (accept.contains(type)) {
                    return type;
                }
            }
        }
        return V1;
    }

    static void json(Context ctx, ObjectMapper mapper, int status, Object body) {
        try {
            ctx.status(status).contentType(responseType(ctx)).result(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw RegistryException.storeError("cannot write answer: " + e.getMessage(), e);
        }
    }

    static void ok(Context ctx, ObjectMapper mapper, Object body) {
        json(ctx, mapper, 200, body);
    }

    /** @return the request's JSON body; an empty body is an empty object */
    static JsonNode body(Context ctx, ObjectMapper mapper) {
        String text = ctx.body();
        if (text.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Malformed JSON body: " + e.getOriginalMessage());
        }
    }

    static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /**
     * @return the Avro schema of a register, lookup or compatibility request
     * @throws RegistryException 42201 when missing, not Avro, with references, or not a valid Avro schema
     */
    static Schema schema(JsonNode body) {
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type.toUpperCase(Locale.ROOT))) {
            throw RegistryException.invalidSchema("Invalid schema: schemaType " + type
                    + " is not supported; this registry supports only AVRO");
        }
        if (body.path("references").isArray() && !body.path("references").isEmpty()) {
            throw RegistryException.invalidSchema("Invalid schema: schema references are not supported");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no 'schema' string");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(text.asText()) + ": " + e.getMessage());
        }
    }

    /** @return a schema id path parameter; an id that is not a number names no schema (40403) */
    static int schemaId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("Schema " + raw + " not found");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
