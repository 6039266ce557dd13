package io.notespipeline.registry.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.registry.RegistryException;

/** {@code /config} (compatibility levels) and {@code /mode}, global and per subject. */
final class SettingsRoutes {

    private final Backend backend;

    SettingsRoutes(Backend backend) {
        this.backend = backend;
    }

    void register(Javalin app, AdminAuth auth) {
        app.get("/config", ctx -> Http.ok(ctx, backend.mapper(), settings().globalConfig()));
        app.get("/config/{subject}", ctx -> Http.ok(ctx, backend.mapper(),
                backend.read(() -> settings().subjectConfig(ctx.pathParam("subject"), Http.flag(ctx, "defaultToGlobal")))));
        app.put("/config", auth.admin(ctx -> putConfig(ctx, null)));
        app.put("/config/{subject}", auth.admin(ctx -> putConfig(ctx, ctx.pathParam("subject"))));
        app.delete("/config", auth.admin(ctx -> propose(ctx, new Proposal.SetCompatibility(Backend.requestId(), null, null, null))));
        app.delete("/config/{subject}", auth.admin(ctx -> propose(ctx,
                new Proposal.SetCompatibility(Backend.requestId(), ctx.pathParam("subject"), null, null))));

        app.get("/mode", ctx -> Http.ok(ctx, backend.mapper(), Map.of("mode", settings().globalMode())));
        app.get("/mode/{subject}", ctx -> Http.ok(ctx, backend.mapper(), Map.of("mode",
                backend.read(() -> settings().subjectMode(ctx.pathParam("subject"), Http.flag(ctx, "defaultToGlobal"))))));
        app.put("/mode", auth.admin(ctx -> putMode(ctx, null)));
        app.put("/mode/{subject}", auth.admin(ctx -> putMode(ctx, ctx.pathParam("subject"))));
        app.delete("/mode", auth.admin(ctx -> propose(ctx, new Proposal.SetMode(Backend.requestId(), null, null, false))));
        app.delete("/mode/{subject}", auth.admin(ctx -> propose(ctx,
                new Proposal.SetMode(Backend.requestId(), ctx.pathParam("subject"), null, false))));
    }

    private Settings settings() {
        return backend.state().settings();
    }

    /**
     * Confluent's {@code ConfigUpdateRequest}: {@code compatibility} (or {@code compatibilityLevel}),
     * {@code compatibilityGroup}, {@code defaultMetadata}, {@code overrideMetadata},
     * {@code defaultRuleSet}, {@code overrideRuleSet}; the fields given replace the stored ones.
     */
    private void putConfig(Context ctx, String subject) {
        JsonNode body = Http.body(ctx, backend.mapper());
        String level = body.path("compatibility").asText(body.path("compatibilityLevel").asText(null));
        Contract.ConfigFields fields = Http.configFields(body, backend.mapper());
        if (level != null || fields.isEmpty()) {
            if (CompatibilityLevel.parse(level).isEmpty()) {
                throw RegistryException.invalidCompatibility(level);
            }
        }
        Contract.validate(fields.defaultRuleSet());
        Contract.validate(fields.overrideRuleSet());
        propose(ctx, new Proposal.SetCompatibility(Backend.requestId(), subject, level, fields));
    }

    private void putMode(Context ctx, String subject) {
        String mode = Http.body(ctx, backend.mapper()).path("mode").asText(null);
        if (mode == null || !Settings.MODES.contains(mode.toUpperCase(java.util.Locale.ROOT))) {
            throw RegistryException.invalidMode(mode);
        }
        propose(ctx, new Proposal.SetMode(Backend.requestId(), subject, mode, Http.flag(ctx, "force")));
    }

    private void propose(Context ctx, Proposal proposal) {
        Http.ok(ctx, backend.mapper(), backend.propose(proposal));
    }
}
