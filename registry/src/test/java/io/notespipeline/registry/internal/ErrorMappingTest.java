package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.http.Json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures become Confluent error answers in one place, whatever the handler that threw. */
class ErrorMappingTest {

    private final ObjectMapper mapper = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        AdminAuth auth = new AdminAuth(List.of("t0ken"), false);
        AdminAuth none = new AdminAuth(List.of(), false);
        AdminAuth open = new AdminAuth(List.of(), true);
        app.get("/store", ctx -> {
            throw RegistryException.storeError("broker unreachable", null);
        });
        app.get("/timeout", ctx -> {
            throw RegistryException.timeout("proposal 7 not applied within PT10S");
        });
        app.get("/bug", ctx -> {
            throw new IllegalStateException("boom");
        });
        app.put("/write", auth.admin(ctx -> ctx.result("done")));
        app.put("/write-no-tokens", none.admin(ctx -> ctx.result("done")));
        app.put("/write-open", open.admin(ctx -> ctx.result("done")));
        ErrorMapping.register(app, mapper);
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAnswer(HttpResponse<String> response, int status, String json) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(json));
        assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void storeErrorsAnswer50001AndTimeouts50002() throws Exception {
        assertAnswer(send("GET", "/store", null), 500, """
                {"error_code": 50001, "message": "Error in the backend data store: broker unreachable"}""");
        assertAnswer(send("GET", "/timeout", null), 500, """
                {"error_code": 50002, "message": "Operation timed out: proposal 7 not applied within PT10S"}""");
    }

    @Test
    void unexpectedFailuresAnswer500WithoutAStackTrace() throws Exception {
        assertAnswer(send("GET", "/bug", null), 500, """
                {"error_code": 500, "message": "Internal Server Error: boom"}""");
    }

    @Test
    void writesWithoutTheAdminTokenAnswer401WithAChallenge() throws Exception {
        HttpResponse<String> anonymous = send("PUT", "/write", null);
        assertAnswer(anonymous, 401, """
                {"error_code": 40101, "message": "Unauthorized: this write needs an admin token (Bearer or Basic auth)"}""");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"notes-registry\"");
        assertThat(send("PUT", "/write", "Bearer t0ken").body()).isEqualTo("done");
        assertThat(send("PUT", "/write", "bearer t0ken").body()).isEqualTo("done");
        assertThat(send("PUT", "/write", "Basic " + java.util.Base64.getEncoder().encodeToString("u:t0ken".getBytes()))
                .body()).isEqualTo("done");
        assertThat(send("PUT", "/write", "Basic !!!").statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/write", "Token t0ken").statusCode()).isEqualTo(401);
    }

    /** Issue 16: an empty token list used to mean "writes open"; now only registry.writes.open=true opens them. */
    @Test
    void anEmptyTokenListRefusesEveryWriteAndOnlyAnExplicitSettingOpensThem() throws Exception {
        assertAnswer(send("PUT", "/write-no-tokens", null), 403, """
                {"error_code": 40301, "message": "Forbidden: writes are refused: no admin token is configured \
                (registry.admin.tokens is empty and registry.writes.open is false)"}""");
        assertThat(send("PUT", "/write-no-tokens", "Bearer ").statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/write-no-tokens", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("u:".getBytes())).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/write-open", null).body()).isEqualTo("done");
    }
}
