package io.notespipeline.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.registry.TopicMetadata;

/**
 * {@code /v1/topics/{topic}/metadata}: the topic metadata Confluent's registry lacks (value
 * subject, identity and ordering fields), versioned in the same log. A topic's rules are not here: they are
 * the data contract of its value subject's schema versions.
 */
final class MetadataRoutes {

    private final Backend backend;

    MetadataRoutes(Backend backend) {
        this.backend = backend;
    }

    void register(Javalin app, AdminAuth auth) {
        app.get("/v1/topics", ctx -> Http.ok(ctx, backend.mapper(), backend.state().settings().metadataTopics()));
        app.get("/v1/topics/{topic}/metadata", this::get);
        app.get("/v1/topics/{topic}/metadata/versions", ctx -> Http.ok(ctx, backend.mapper(),
                backend.read(() -> backend.state().settings().metadataVersions(ctx.pathParam("topic")))));
        app.put("/v1/topics/{topic}/metadata", auth.admin(this::put));
    }

    private void get(Context ctx) {
        String topic = ctx.pathParam("topic");
        String raw = ctx.queryParam("version");
        Integer version;
        try {
            version = raw == null || "latest".equals(raw) ? null : Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(raw);
        }
        Http.ok(ctx, backend.mapper(), backend.read(() -> backend.state().settings().metadata(topic, version)));
    }

    private void put(Context ctx) {
        String topic = ctx.pathParam("topic");
        JsonNode body = Http.body(ctx, backend.mapper());
        if (!(body instanceof ObjectNode object)) {
            throw RegistryException.invalidTopicMetadata("the body must be a JSON object");
        }
        if (object.hasNonNull("topic") && !topic.equals(object.get("topic").asText())) {
            throw RegistryException.invalidTopicMetadata("the body names topic '" + object.get("topic").asText()
                    + "' but the path names '" + topic + "'");
        }
        if (object.has("rules")) {
            throw RegistryException.invalidTopicMetadata("'rules' is not topic metadata: a topic's rules are the data "
                    + "contract (metadata and ruleSet) of its value subject's schema version, registered with the schema");
        }
        object.put("topic", topic);
        object.put("version", 0);
        TopicMetadata metadata;
        try {
            metadata = backend.mapper().treeToValue(object, TopicMetadata.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw RegistryException.invalidTopicMetadata(e.getMessage());
        }
        Http.ok(ctx, backend.mapper(), backend.propose(new Proposal.PutTopicMetadata(Backend.requestId(), metadata)));
    }
}
