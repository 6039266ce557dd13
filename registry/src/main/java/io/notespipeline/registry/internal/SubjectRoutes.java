package io.notespipeline.registry.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /subjects/...}: register, look up, list, read and delete versions. */
final class SubjectRoutes {

    private final Backend backend;

    SubjectRoutes(Backend backend) {
        this.backend = backend;
    }

    void register(Javalin app, AdminAuth auth) {
        app.get("/subjects", this::listSubjects);
        app.get("/subjects/{subject}/versions", this::listVersions);
        app.post("/subjects/{subject}/versions", auth.admin(this::registerSchema));
        app.post("/subjects/{subject}", this::lookup);
        app.delete("/subjects/{subject}", auth.admin(this::deleteSubject));
        app.get("/subjects/{subject}/versions/{version}", this::getVersion);
        app.get("/subjects/{subject}/versions/{version}/schema", this::getVersionSchema);
        app.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            RegistryState.Version v = version(ctx);
            Http.ok(ctx, backend.mapper(), backend.state().referencedBy(v.subject(), v.version()));
        });
        app.get("/subjects/{subject}/metadata", this::latestWithMetadata);
        app.delete("/subjects/{subject}/versions/{version}", auth.admin(this::deleteVersion));
    }

    private void listSubjects(Context ctx) {
        String prefix = ctx.queryParamAsClass("subjectPrefix", String.class).getOrDefault("");
        Http.ok(ctx, backend.mapper(), backend.state().subjects(Http.flag(ctx, "deleted")).stream()
                .filter(s -> s.startsWith(prefix)).toList());
    }

    private void listVersions(Context ctx) {
        String subject = ctx.pathParam("subject");
        boolean deleted = Http.flag(ctx, "deleted");
        List<Integer> versions = backend.read(() -> backend.state().versions(subject, deleted)).stream()
                .map(RegistryState.Version::version).toList();
        Http.ok(ctx, backend.mapper(), versions);
    }

    private void registerSchema(Context ctx) {
        String subject = ctx.pathParam("subject");
        JsonNode body = Http.body(ctx, backend.mapper());
        Http.SchemaRequest request = Http.schemaRequest(ctx, backend.mapper());
        RegistryState.Parsed parsed = backend.state().parse(request.text(), request.references(), request.normalize());
        Integer id = body.hasNonNull("id") ? body.get("id").asInt() : null;
        Integer version = body.hasNonNull("version") ? body.get("version").asInt() : null;
        if (id == null && version == null && !"READONLY".equals(backend.state().settings().modeOf(subject))) {
            var existing = backend.state().find(subject, request);
            if (existing.isPresent()) {
                Http.ok(ctx, backend.mapper(), Map.of("id", existing.get().id()));
                return;
            }
        }
        Object answer = backend.propose(new Proposal.Register(Backend.requestId(), subject, parsed.canonical(), id, version,
                request.references().isEmpty() ? null : request.references(), request.metadata(), request.ruleSet(),
                request.normalize() ? Boolean.TRUE : null));
        Http.ok(ctx, backend.mapper(), answer);
    }

    private void lookup(Context ctx) {
        String subject = ctx.pathParam("subject");
        Http.SchemaRequest request = Http.schemaRequest(ctx, backend.mapper());
        boolean deleted = Http.flag(ctx, "deleted");
        RegistryState.Version found = backend.read(() -> backend.state().lookup(subject, request, deleted));
        Http.ok(ctx, backend.mapper(), backend.versionJson(found));
    }

    /** {@code GET /subjects/{s}/metadata?key=k&value=v[&key=…&value=…][&deleted=true]}, pairs taken in order. */
    private void latestWithMetadata(Context ctx) {
        String subject = ctx.pathParam("subject");
        List<String> keys = ctx.queryParams("key");
        List<String> values = ctx.queryParams("value");
        Map<String, String> pairs = new java.util.HashMap<>();
        for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            pairs.put(keys.get(i), values.get(i));
        }
        boolean deleted = Http.flag(ctx, "deleted");
        RegistryState.Version found = backend.read(() -> backend.state().latestWithMetadata(subject, pairs, deleted));
        Http.ok(ctx, backend.mapper(), backend.versionJson(found));
    }

    private void deleteSubject(Context ctx) {
        Object answer = backend.propose(new Proposal.DeleteSubject(Backend.requestId(), ctx.pathParam("subject"),
                Http.flag(ctx, "permanent")));
        Http.ok(ctx, backend.mapper(), answer);
    }

    private void getVersion(Context ctx) {
        Http.ok(ctx, backend.mapper(), backend.versionJson(version(ctx)));
    }

    private void getVersionSchema(Context ctx) {
        RegistryState.Version v = version(ctx);
        ctx.status(200).contentType(Http.responseType(ctx)).result(backend.state().schema(v.id()).canonical());
    }

    private RegistryState.Version version(Context ctx) {
        String subject = ctx.pathParam("subject");
        String spec = ctx.pathParam("version");
        VersionSpec.parse(spec);
        boolean deleted = Http.flag(ctx, "deleted");
        return backend.read(() -> backend.state().version(subject, spec, deleted));
    }

    private void deleteVersion(Context ctx) {
        String spec = ctx.pathParam("version");
        VersionSpec.parse(spec);
        Object answer = backend.propose(new Proposal.DeleteVersion(Backend.requestId(), ctx.pathParam("subject"), spec,
                Http.flag(ctx, "permanent")));
        Http.ok(ctx, backend.mapper(), answer);
    }
}
