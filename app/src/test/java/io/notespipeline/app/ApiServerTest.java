package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Auth is enforced once, by the server, for every route a module registers. */
class ApiServerTest {

    private static final AtomicInteger writes = new AtomicInteger();
    private static ApiServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        ApiTokens tokens = ApiTokens.parse("reader:r-token,writer:w-token", "a-token");
        server = ApiServer.start("127.0.0.1", 0, Optional.of(tokens), List.of(app -> {
            app.get("/v1/things", ctx -> ctx.json(List.of("thing")));
            app.post("/v1/things", ctx -> {
                writes.incrementAndGet();
                ctx.status(201);
            });
            app.delete("/v1/admin/things", ctx -> ctx.status(204));
            app.get("/v1/things/{id}", ctx -> ctx.status(404).json(java.util.Map.of("error_code", 40450, "message", "no thing")));
            // a module's hot path answered in Jetty, in front of Javalin (like the producer's POST .../events)
            app.unsafeConfig().jetty.modifyServletContextHandler(h -> h.insertHandler(new HandlerWrapper() {
                @Override
                public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                        throws java.io.IOException, jakarta.servlet.ServletException {
                    if (!"/v1/fast".equals(target)) {
                        super.handle(target, base, request, response);
                        return;
                    }
                    writes.incrementAndGet();
                    base.setHandled(true);
                    response.setStatus(201);
                }
            }));
        }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldRefuseEveryWriteWithoutAWriterToken() throws Exception {
        int before = writes.get();
        HttpResponse<String> anonymous = send("POST", "/v1/things", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_code\":40101").contains("missing bearer token");
        assertThat(send("POST", "/v1/things", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> readerOnly = send("POST", "/v1/things", "r-token");
        assertThat(readerOnly.statusCode()).isEqualTo(403);
        assertThat(readerOnly.body()).contains("\"error_code\":40301").contains("writer is needed");
        assertThat(writes.get()).as("no refused request reached the handler").isEqualTo(before);
        assertThat(send("POST", "/v1/things", "w-token").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/v1/things", "a-token").statusCode()).as("admin covers writer").isEqualTo(201);
    }

    @Test
    void shouldGuardTheHandlersModulesPutInFrontOfJavalin() throws Exception {
        int before = writes.get();
        assertThat(send("POST", "/v1/fast", null).statusCode()).isEqualTo(401);
        HttpResponse<String> readerOnly = send("POST", "/v1/fast", "r-token");
        assertThat(readerOnly.statusCode()).isEqualTo(403);
        assertThat(readerOnly.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"notes\"");
        assertThat(writes.get()).as("no refused request reached the handler").isEqualTo(before);
        assertThat(send("POST", "/v1/fast", "w-token").statusCode()).isEqualTo(201);
        assertThat(writes.get()).isEqualTo(before + 1);
    }

    @Test
    void shouldLetReadersReadAndOnlyAdminsAdminister() throws Exception {
        assertThat(send("GET", "/v1/things", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v1/things", "r-token").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/v1/admin/things", "w-token").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/v1/admin/things", "a-token").statusCode()).isEqualTo(204);
    }

    @Test
    void shouldKeepHealthOpenAndAnswerUnknownRoutesWithTheErrorShape() throws Exception {
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = send("GET", "/v1/nothing-here", "r-token");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error_code\":40400");
        HttpResponse<String> moduleOwn = send("GET", "/v1/things/42", "r-token");
        assertThat(moduleOwn.statusCode()).isEqualTo(404);
        assertThat(moduleOwn.body()).as("a module's own 404 body is kept").contains("40450").contains("no thing");
    }

    @Test
    void shouldServeTheWebPageOpenlyWhileItsApiCallsStillNeedAToken() throws Exception {
        WebBrowser.assumePageBuilt();
        HttpResponse<String> page = send("GET", "/", null);
        assertThat(page.statusCode()).as("the page from module web, on the classpath").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("id=\"login\"").contains("./assets/");
        String script = page.body().replaceAll("(?s).*src=\"\\./(assets/[^\"]+\\.js)\".*", "$1");
        assertThat(send("GET", "/" + script, null).statusCode()).as("its script %s", script).isEqualTo(200);
        assertThat(send("GET", "/v1/things", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldNeverAcceptATokenThatIsOnlyAPrefix() {
        ApiTokens tokens = ApiTokens.parse("writer:secret-token", null);
        assertThat(tokens.roleOf("secret")).isEmpty();
        assertThat(tokens.roleOf("secret-token")).contains(ApiTokens.Role.WRITER);
        assertThat(tokens.roleOf("")).isEmpty();
    }

    @Test
    void shouldGiveAModuleAnsweringBeforeJavalinTheSameReaderDecisionAsTheServer() throws Exception {
        // the query API's key lookup answers in Jetty, before the server's auth: it must let through exactly the
        // requests the server lets through, and leave every other one to the server's 401/403
        java.util.function.Predicate<String> readers = ApiServer.readers(Optional.of(ApiTokens.parse(
                "reader:r-token,writer:w-token", "a-token")));
        java.util.List<String> headers = java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer wrong",
                "Bearer r-token", "bearer r-token", "BEARER  w-token ", "Bearer a-token", "Basic r-token", "r-token",
                "Bearer r-token2", "Bearer  r-token");
        for (String header : headers) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/things")).GET();
            if (header != null && !header.isEmpty()) {
                req.header("Authorization", header);
            }
            int status = http.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(readers.test(header == null || header.isEmpty() ? null : header)).as("header '%s'", header)
                    .isEqualTo(status == 200);
        }
        assertThat(ApiServer.readers(Optional.empty()).test(null)).as("auth off: everyone reads").isTrue();
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
