package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.javalin.Javalin;
import io.notespipeline.schemas.TopicCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's answers when no store can be read: errors are JSON and a missing copy is a 503, never a stack trace. */
class QueryApiTest {

    @TempDir
    Path stateDir;

    private ViewsService service;
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        ViewsConfig config = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                ViewsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:1",
                ViewsConfig.QUERY_TIMEOUT_CONFIG, 300L));
        service = new ViewsService(config, "127.0.0.1:1", TopicCatalog.withDefaults());
        app = Javalin.create(c -> c.showJavalinBanner = false);
        new QueryApi(service).register(app);
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        service.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldIgnoreForwardingHeadersSentByAClient() throws Exception {
        // A client cannot pose as a peer: without the shared secret the headers are ignored and the request is
        // routed like any other (here: no copy can answer, 503), never a 500 from the bogus partition.
        HttpResponse<String> r = get("/v1/talks/t1", "X-Notes-Forwarded", "1", "X-Notes-Partition", "not-a-number");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"error_code\":50350");
    }

    @Test
    void shouldAnswer400ForABadPartitionHeaderFromAPeer() throws Exception {
        HttpResponse<String> r = get("/v1/talks/t1", "X-Notes-Forwarded", service.config().forwardingSecret(),
                "X-Notes-Partition", "not-a-number");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error_code\":40051", "X-Notes-Partition");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenNoCopyOfTheTalkCanAnswer() throws Exception {
        HttpResponse<String> r = get("/v1/talks/t1");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).contains("\"error_code\":50350", "t1");
    }

    @Test
    void shouldRejectBadParametersWithJsonErrors() throws Exception {
        HttpResponse<String> asOf = get("/v1/talks/t1?asOf=yesterday");
        assertThat(asOf.statusCode()).isEqualTo(400);
        assertThat(asOf.body()).contains("\"error_code\":40051", "ISO-8601");
        assertThat(get("/v1/search").statusCode()).isEqualTo(400);
        assertThat(get("/v1/talks?size=100000").body()).contains("size must be between 0 and 500");
    }
}
