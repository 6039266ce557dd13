package io.notespipeline.producer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.http.Json;

/** Test fixture: a publisher on a topic and the producer API on a free loopback port. */
final class ApiFixture implements AutoCloseable {

    static final ObjectMapper JSON = Json.mapper();

    final TopicCatalog topics;
    final String topic;
    final NotePublisher publisher;
    final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiFixture(String bootstrap, TopicCatalog topics, Map<String, Object> settings,
            java.util.function.Consumer<Javalin> before) {
        this.topics = topics;
        this.topic = topics.events().name();
        PublisherConfig config = new PublisherConfig(settings);
        this.publisher = new NotePublisher(config, bootstrap, topics).start();
        this.app = Javalin.create();
        before.accept(app);
        // the ingest path in Jetty, as the app serves it, unless the test guards it with a Javalin before-handler
        if (before == NO_GUARD) {
            new ProducerApi(publisher, config).registerAhead(app);
        } else {
            new ProducerApi(publisher, config).register(app);
        }
        app.start("127.0.0.1", 0);
    }

    ApiFixture(String bootstrap, TopicCatalog topics) {
        this(bootstrap, topics, Map.of(), NO_GUARD);
    }

    /** No Javalin before-handler: the API is mounted with its Jetty ingest handler ({@link ProducerApi#registerAhead}). */
    static final java.util.function.Consumer<Javalin> NO_GUARD = app -> { };

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    HttpResponse<String> post(String talkId, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/talks/" + talkId + "/events"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> post(String talkId, String json, String... headers) {
        return post(talkId, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Posts without Content-Length (chunked), so only the streamed size can be checked. */
    HttpResponse<String> postChunked(String talkId, byte[] body) {
        return send(HttpRequest.newBuilder(uri("/v1/talks/" + talkId + "/events"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        app.stop();
        publisher.close();
    }
}
