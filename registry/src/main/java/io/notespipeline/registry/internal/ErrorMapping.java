package io.notespipeline.registry.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.notespipeline.registry.RegistryException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code {"error_code":int,"message":str}} answers. */
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
            write(ctx, mapper, e.httpStatus(), e.errorCode(), e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, mapper, e.getStatus(), e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected registry failure method={} path={}", ctx.method(), ctx.path(), e);
            write(ctx, mapper, 500, 500, "Internal Server Error: " + e.getMessage());
        });
    }

    private static void write(Context ctx, ObjectMapper mapper, int status, int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        Http.json(ctx, mapper, status, body);
    }
}
