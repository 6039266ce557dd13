package io.notespipeline.registry.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.http.ErrorBody;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become {@link ErrorBody} answers: a {@link RegistryException} with its Confluent
 * code (exactly {@code {"error_code", "message"}}, as Confluent's clients expect); Javalin's own refusals
 * (unknown route, wrong method) and anything unexpected with the bare HTTP status as code, as Confluent does.
 */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(Javalin app, ObjectMapper mapper) {
        app.exception(RegistryException.class, (e, ctx) -> {
            if (e.httpStatus() == 401) {
                ctx.header("WWW-Authenticate", "Basic realm=\"notes-registry\"");
            }
            if (e.httpStatus() >= 500) {
                log.warn("Registry error method={} path={} error_code={}", ctx.method(), ctx.path(), e.errorCode(), e);
            }
            write(ctx, mapper, e.httpStatus(), ErrorBody.of(e.errorCode(), e.getMessage()));
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, mapper, e.getStatus(), ErrorBody.of(e.getStatus(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected registry failure method={} path={}", ctx.method(), ctx.path(), e);
            write(ctx, mapper, 500, ErrorBody.of(500, "Internal Server Error: " + e.getMessage()));
        });
    }

    private static void write(Context ctx, ObjectMapper mapper, int status, ErrorBody body) {
        Http.json(ctx, mapper, status, body.toMap());
    }
}
