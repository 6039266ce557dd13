package io.notespipeline.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The HTTP server on {@code http.port} that hosts the producer and query APIs. Authentication is
 * done here, in one place, for every route: {@code GET}s under {@code /v1} need the reader role,
 * other methods the writer role, {@code /v1/admin/**} the admin role. {@code /health} and
 * {@code /v1/openapi.json} are open. Tokens come as {@code Authorization: Bearer T}. The web page
 * (module web, on the classpath under {@value #WEB_ROOT}) is served open at {@code /}: it asks for a token and
 * sends it with its API calls like any client.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Classpath folder of the web page's files (absent when built with {@code -Dweb.skip}). */
    static final String WEB_ROOT = "/notes-web";

    private final Javalin javalin;

    private ApiServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Starts a server on {@code host:port} (port 0 picks a free one).
     *
     * @param tokens  the known tokens, or empty when auth is off ({@code --no-auth})
     * @param modules each registers its routes and error mappings on the server
     */
    public static ApiServer start(String host, int port, Optional<ApiTokens> tokens, List<Consumer<Javalin>> modules) {
        return start(host, port, tokens, modules, new Health());
    }

    /**
     * Starts a server on {@code host:port} (port 0 picks a free one) whose {@code /health} reports {@code health}:
     * 200 when every component is up, 503 when one is down, with each component's check in the body.
     *
     * @param tokens  the known tokens, or empty when auth is off ({@code --no-auth})
     * @param modules each registers its routes and error mappings on the server
     */
    public static ApiServer start(String host, int port, Optional<ApiTokens> tokens, List<Consumer<Javalin>> modules,
                                  Health health) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.defaultContentType = "application/json";
            config.useVirtualThreads = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // auth in Jetty, outermost (inserted first): it covers the Javalin routes and the handlers modules put in
            // front of Javalin for their hot paths (the producer's POST .../events)
            tokens.ifPresent(t -> config.jetty.modifyServletContextHandler(h -> h.insertHandler(new AuthHandler(t))));
            if (ApiServer.class.getResource(WEB_ROOT + "/index.html") != null) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = WEB_ROOT;
                    files.location = Location.CLASSPATH;
                });
            }
        });
        app.get("/health", ctx -> {
            Health.Report report = health.report();
            ctx.status(report.up() ? 200 : 503).json(report.toJson());
        });
        app.error(404, ctx -> {
            String body = ctx.result();
            if (body == null || !body.contains("\"error_code\"")) { // a module's own 404 JSON is kept
                respond(ctx, ErrorBody.of(ErrorCode.NOT_FOUND, "no such resource: " + ctx.method() + " " + ctx.path()));
            }
        });
        modules.forEach(m -> m.accept(app));
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            throw new NotesAppException("cannot serve HTTP on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        log.info("HTTP API listening url=http://{}:{} auth={}", host, app.port(), tokens.isPresent());
        return new ApiServer(app);
    }

    /** @return the port actually bound */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    /**
     * @return the decision of this server's authentication for a {@code GET} under {@code /v1/} (not admin), from its
     *         {@code Authorization} header (null when absent): for a module that answers such a request before
     *         Javalin (the query API's key lookup), which lets every request refused here take the Javalin route
     */
    public static java.util.function.Predicate<String> readers(Optional<ApiTokens> tokens) {
        if (tokens.isEmpty()) {
            return header -> true;
        }
        ApiTokens known = tokens.get();
        return header -> header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && known.roleOf(header.substring(7).trim()).filter(r -> r.covers(ApiTokens.Role.READER)).isPresent();
    }

    /** Refuses a request without the role its path and method need (401/403 with the shared error body). */
    static final class AuthHandler extends HandlerWrapper {
        private final ApiTokens tokens;

        AuthHandler(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            ErrorBody refused = refusal(request.getRequestURI(), request.getMethod(), request.getHeader("Authorization"));
            if (refused == null) {
                super.handle(target, baseRequest, request, response);
                return;
            }
            baseRequest.setHandled(true);
            response.setStatus(refused.httpStatus());
            response.setHeader("WWW-Authenticate", "Bearer realm=\"notes\"");
            response.setContentType("application/json");
            response.getOutputStream().write(refused.toJson().getBytes(StandardCharsets.UTF_8));
        }

        private ErrorBody refusal(String path, String method, String header) {
            if (!path.startsWith("/v1/") || path.equals("/v1/openapi.json") || "OPTIONS".equals(method)) {
                return null;
            }
            ApiTokens.Role needed = path.startsWith("/v1/admin/") ? ApiTokens.Role.ADMIN
                    : "GET".equals(method) || "HEAD".equals(method) ? ApiTokens.Role.READER
                    : ApiTokens.Role.WRITER;
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return ErrorBody.of(ErrorCode.UNAUTHORIZED, "missing bearer token: send 'Authorization: Bearer <token>'");
            }
            Optional<ApiTokens.Role> role = tokens.roleOf(header.substring(7).trim());
            if (role.isEmpty()) {
                return ErrorBody.of(ErrorCode.UNAUTHORIZED, "invalid token");
            }
            if (!role.get().covers(needed)) {
                return ErrorBody.of(ErrorCode.FORBIDDEN, "token has role " + role.get().name().toLowerCase() + "; "
                        + needed.name().toLowerCase() + " is needed");
            }
            return null;
        }
    }

    private static void respond(Context ctx, ErrorBody error) {
        ctx.status(error.httpStatus()).contentType("application/json").result(error.toJson());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
