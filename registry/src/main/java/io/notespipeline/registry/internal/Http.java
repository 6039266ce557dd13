package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * Refuses a POST or PUT whose {@code Content-Type} is not one of the three JSON types (parameters such as
     * {@code charset} aside), as Confluent's registry does: a cross-site form or {@code text/plain} POST never
     * reaches a route.
     *
     * @throws RegistryException 415 with Confluent's bare-status error body
     */
    static void requireJsonBody(Context ctx) {
        String method = ctx.method().name();
        if (!"POST".equals(method) && !"PUT".equals(method)) {
            return;
        }
        String header = ctx.header("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!V1.equals(type) && !GENERIC.equals(type) && !JSON.equals(type)) {
            throw RegistryException.unsupportedMediaType((header == null ? "no Content-Type" : "Content-Type " + header)
                    + "; send " + V1 + ", " + GENERIC + " or " + JSON);
        }
    }

    /** @return the content type to answer with: the first of ours the client accepts, else the v1 type */
    static String responseType(Context ctx) {
        return responseType(ctx.header("Accept"));
    }

    /** @param accept the request's Accept header, or null; @return the content type to answer with */
    static String responseType(String accept) {
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

    /** Answers 200 with JSON already written. */
    static void bytes(Context ctx, byte[] json) {
        ctx.status(200).contentType(responseType(ctx)).result(json);
    }

    static void ok(Context ctx, ObjectMapper mapper, Object body) {
        json(ctx, mapper, 200, body);
    }

    /** @return the request's JSON body (one JSON value, nothing after it); an empty body is refused (400) */
    static JsonNode body(Context ctx, ObjectMapper mapper) {
        String text = ctx.body();
        if (text.isBlank()) { // was read as {}: an empty PUT of topic metadata replaced the contract by no rules
            throw new RegistryException(400, 400, "Malformed JSON body: empty");
        }
        try { // trailing tokens ('{...} x', '{...}{}') were ignored and such a body registered a schema
            return mapper.readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Malformed JSON body: " + e.getOriginalMessage());
        }
    }

    static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    /** A register, lookup or compatibility request: the schema text and its contract, as sent. */
    record SchemaRequest(String text, List<StoredSchema.Reference> references, Contract.Metadata metadata,
                         Contract.RuleSet ruleSet, boolean normalize) {
    }

    /**
     * @return the schema request in Confluent's {@code RegisterSchemaRequest} shape
     * @throws RegistryException 42201 when the schema is missing or not Avro, or a part is malformed;
     *                           42210 when the rule set is malformed or invalid
     */
    static SchemaRequest schemaRequest(Context ctx, ObjectMapper mapper) {
        JsonNode body = body(ctx, mapper);
        boolean normalize = flag(ctx, "normalize");
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type.toUpperCase(Locale.ROOT))) {
            throw RegistryException.invalidSchema("Invalid schema: schemaType " + type
                    + " is not supported; this registry supports only AVRO");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no 'schema' string");
        }
        List<StoredSchema.Reference> references = new ArrayList<>();
        for (JsonNode ref : body.path("references")) {
            if (!ref.path("name").isTextual() || !ref.path("subject").isTextual() || !ref.path("version").canConvertToInt()) {
                throw RegistryException.invalidSchema("Invalid schema: a reference needs a 'name', a 'subject' and a "
                        + "'version': " + ref);
            }
            references.add(new StoredSchema.Reference(ref.get("name").asText(), ref.get("subject").asText(),
                    ref.get("version").asInt()));
        }
        Contract.Metadata metadata = read(body, "metadata", Contract.Metadata.class, mapper);
        Contract.RuleSet ruleSet = read(body, "ruleSet", Contract.RuleSet.class, mapper);
        Contract.validate(ruleSet);
        if (normalize) {
            references.sort(java.util.Comparator.comparing(StoredSchema.Reference::name)
                    .thenComparing(StoredSchema.Reference::subject).thenComparing(StoredSchema.Reference::version));
            references = new ArrayList<>(new java.util.LinkedHashSet<>(references));
        }
        return new SchemaRequest(text.asText(), references, metadata, ruleSet, normalize);
    }

    /** @return the contract fields of a {@code PUT /config} body */
    static Contract.ConfigFields configFields(JsonNode body, ObjectMapper mapper) {
        JsonNode group = body.get("compatibilityGroup");
        return new Contract.ConfigFields(group == null || group.isNull() ? null : group.asText(),
                read(body, "defaultMetadata", Contract.Metadata.class, mapper),
                read(body, "overrideMetadata", Contract.Metadata.class, mapper),
                read(body, "defaultRuleSet", Contract.RuleSet.class, mapper),
                read(body, "overrideRuleSet", Contract.RuleSet.class, mapper));
    }

    /** @return the part {@code field} of {@code body}, or null when absent, null or empty (Confluent hashes an empty part as none) */
    private static <T> T read(JsonNode body, String field, Class<T> type, ObjectMapper mapper) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        T value;
        try {
            value = mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = "Invalid " + field + ": " + e.getMessage().lines().findFirst().orElse("");
            throw type == Contract.RuleSet.class ? RegistryException.invalidRuleSet(detail)
                    : RegistryException.invalidSchema(detail);
        }
        boolean empty = value instanceof Contract.Metadata m ? m.tags().isEmpty() && m.properties().isEmpty()
                && m.sensitive().isEmpty()
                : value instanceof Contract.RuleSet r && r.migrationRules().isEmpty() && r.domainRules().isEmpty();
        return empty ? null : value;
    }

    /** @return the Avro schema text, parsed with its named types resolved */
    static Schema parse(String text, Schema.Parser parser) {
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(text) + ": " + e.getMessage());
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
