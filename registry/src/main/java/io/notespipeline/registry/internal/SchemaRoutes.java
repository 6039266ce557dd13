package io.notespipeline.registry.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;

import org.apache.avro.Schema;

/** {@code /schemas/...} by id and type, and {@code /compatibility/...} checks. */
final class SchemaRoutes {

    private final Backend backend;

    SchemaRoutes(Backend backend) {
        this.backend = backend;
    }

    /** {@code GET /schemas/ids/{id}}, registered before every other route. */
    void registerById(Javalin app) {
        app.get("/schemas/ids/{id}", this::byId);
    }

    void register(Javalin app) {
        app.get("/schemas/types", ctx -> Http.ok(ctx, backend.mapper(), List.of("AVRO")));
        app.get("/schemas", this::list);
        app.get("/schemas/ids/{id}/schema", this::rawById);
        app.get("/schemas/ids/{id}/subjects", this::subjectsOfId);
        app.get("/schemas/ids/{id}/versions", this::versionsOfId);
        app.get("/schemas/ids/{id}/referencedby", ctx -> {
            int id = Http.schemaId(ctx);
            Http.ok(ctx, backend.mapper(), backend.read(() -> backend.state().referencedBy(id)));
        });
        app.get("/schemas/guids/{guid}", ctx -> {
            String guid = ctx.pathParam("guid");
            Http.bytes(ctx, backend.read(() -> backend.state().schemaByGuid(guid)).byIdJson());
        });
        app.post("/compatibility/subjects/{subject}/versions/{version}", this::checkAgainstVersion);
        app.post("/compatibility/subjects/{subject}/versions", this::checkAgainstSubject);
    }

    /** {@code GET /schemas?subjectPrefix=&deleted=&latestOnly=}: subject versions with their schemas. */
    private void list(Context ctx) {
        String prefix = ctx.queryParamAsClass("subjectPrefix", String.class).getOrDefault("");
        boolean deleted = Http.flag(ctx, "deleted");
        boolean latestOnly = Http.flag(ctx, "latestOnly");
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (String subject : backend.state().subjects(deleted)) {
            if (!subject.startsWith(prefix)) {
                continue;
            }
            List<RegistryState.Version> versions = backend.state().versions(subject, deleted);
            List<RegistryState.Version> chosen = latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions;
            chosen.forEach(v -> out.add(backend.versionJson(v)));
        }
        Http.ok(ctx, backend.mapper(), out);
    }

    private StoredSchema stored(Context ctx) {
        int id = Http.schemaId(ctx);
        return backend.read(() -> backend.state().schema(id));
    }

    /** The clients' hot path: the answer's bytes were written once, when the schema was registered. */
    private void byId(Context ctx) {
        Http.bytes(ctx, stored(ctx).byIdJson());
    }

    private void rawById(Context ctx) {
        ctx.status(200).contentType(Http.responseType(ctx)).result(stored(ctx).canonical());
    }

    private void subjectsOfId(Context ctx) {
        int id = Http.schemaId(ctx);
        boolean deleted = Http.flag(ctx, "deleted");
        List<String> subjects = backend.read(() -> backend.state().usesOf(id, deleted)).stream()
                .map(RegistryState.Version::subject).distinct().toList();
        Http.ok(ctx, backend.mapper(), subjects);
    }

    private void versionsOfId(Context ctx) {
        int id = Http.schemaId(ctx);
        boolean deleted = Http.flag(ctx, "deleted");
        List<Map<String, Object>> versions = backend.read(() -> backend.state().usesOf(id, deleted)).stream()
                .map(v -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("subject", v.subject());
                    out.put("version", v.version());
                    return out;
                }).toList();
        Http.ok(ctx, backend.mapper(), versions);
    }

    private void checkAgainstVersion(Context ctx) {
        String spec = ctx.pathParam("version");
        VersionSpec.parse(spec);
        answer(ctx, ctx.pathParam("subject"), spec);
    }

    private void checkAgainstSubject(Context ctx) {
        answer(ctx, ctx.pathParam("subject"), null);
    }

    private void answer(Context ctx, String subject, String spec) {
        Http.SchemaRequest request = Http.schemaRequest(ctx, backend.mapper());
        Schema candidate = backend.state().parse(request.text(), request.references(), false).schema();
        List<String> messages = backend.read(() -> backend.state().compatibility(subject, candidate, spec));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("is_compatible", messages.isEmpty());
        if (Http.flag(ctx, "verbose")) {
            out.put("messages", messages);
        }
        Http.ok(ctx, backend.mapper(), out);
    }
}
