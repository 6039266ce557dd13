package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.http.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/talks/{id}/events?wait=applied} against the real broker, registry, publisher and views of one
 * {@code notes up} (auth on: the producer asks the views with the caller's token): 201 with the revision when the
 * views applied the events, 409 {@code REJECTED} with {@code STALE_REVISION} for a behind {@code expectedRevision}
 * (the event is written, the fold refused it), a retried eventId applied once, the asynchronous default unchanged,
 * and 202 "written" when the views cannot be asked (a producer configured with a views URL where nothing listens).
 */
class WaitAppliedIT {

    private static final String TOKEN = "wait-applied-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    private static Pipeline pipeline;
    private static Pipeline noViews;

    @BeforeAll
    static void start() throws IOException {
        // a fresh views instance may not serve a partition for some seconds after it runs (its first rebalances):
        // the wait is long enough for that, the 202 after it is tested on its own below
        pipeline = Pipeline.start(config("data"), CatalogConfig.defaults(),
                EnumSet.of(Component.REGISTRY, Component.PRODUCER, Component.VIEWS),
                Map.of("NOTES_API_WAIT_APPLIED_TIMEOUT_MS", "60000"));
        int nothing;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = socket.getLocalPort();
        }
        // the views answer once their stream threads run (a first rebalance takes seconds)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.health().up());
        noViews = Pipeline.start(config("producer-only"), CatalogConfig.defaults(),
                EnumSet.of(Component.REGISTRY, Component.PRODUCER),
                Map.of("NOTES_API_VIEWS_URL", "http://127.0.0.1:" + nothing, "NOTES_API_WAIT_APPLIED_TIMEOUT_MS", "3000"));
    }

    @AfterAll
    static void stop() {
        if (noViews != null) {
            noViews.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static AppConfig config(String dir) {
        return new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, tmp.resolve(dir).toString(), AppConfig.KAFKA_PORT_CONFIG, 0,
                AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0, AppConfig.ADMIN_TOKEN_CONFIG, TOKEN));
    }

    @Test
    void shouldAnswerTheRevisionWhenAppliedAnd409WithTheReasonWhenTheRevisionIsStale() throws Exception {
        String talk = "wait-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(pipeline, talk, "?wait=applied", created());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long first = json(created).path("revision").asLong();
        assertThat(json(created).path("outcomes").get(0).path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(json(created).path("receipts")).hasSize(1);

        UUID noteEvent = UUID.randomUUID();
        String note = noteAdded(noteEvent, "n1", first);
        HttpResponse<String> added = post(pipeline, talk, "?wait=applied", note);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        long second = json(added).path("revision").asLong();
        assertThat(second).as("the revision after the event").isGreaterThan(first);

        HttpResponse<String> stale = post(pipeline, talk, "?wait=applied", noteAdded(UUID.randomUUID(), "n2", first));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        JsonNode refused = json(stale);
        assertThat(refused.path("error_code").asInt()).isEqualTo(40950);
        assertThat(refused.path("errors").get(0).path("rule").asText()).isEqualTo("STALE_REVISION");
        assertThat(refused.path("errors").get(0).path("field").asText()).isEqualTo("expectedRevision");
        assertThat(refused.path("receipts")).as("it is written: the log has it, the fold refused it").hasSize(1);

        HttpResponse<String> retried = post(pipeline, talk, "?wait=applied", note);
        assertThat(retried.statusCode()).as("a retry of an applied eventId: %s", retried.body()).isEqualTo(201);
        assertThat(json(retried).path("revision").asLong()).as("applied once, at its first revision").isEqualTo(second);

        HttpResponse<String> view = get(pipeline, "/v1/talks/" + talk + "?after="
                + json(retried).path("position").asText());
        assertThat(json(view).path("talk").path("revision").asLong()).as("the stale event and the retry changed nothing")
                .isEqualTo(second);
    }

    @Test
    void aBatchWithOneStaleEventIsWrittenWholeAndAnswers409NamingIt() throws Exception {
        String talk = "wait-batch-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(pipeline, talk, "?wait=applied", created());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long revision = json(created).path("revision").asLong();

        String batch = "{\"events\": [" + noteAdded(UUID.randomUUID(), "a", revision) + ", "
                + noteAdded(UUID.randomUUID(), "b", revision) + "]}";
        HttpResponse<String> answer = post(pipeline, talk, "?wait=applied", batch);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        JsonNode body = json(answer);
        List<String> outcomes = new ArrayList<>();
        body.path("outcomes").forEach(o -> outcomes.add(o.path("outcome").asText() + " " + o.path("reason").asText("")));
        assertThat(outcomes).containsExactly("APPLIED ", "REJECTED STALE_REVISION");
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("index").asInt()).isEqualTo(1);
    }

    @Test
    void theAsynchronousDefaultAndABadWaitAreUnchanged() throws Exception {
        String talk = "wait-default-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> async = post(pipeline, talk, "", created());
        assertThat(async.statusCode()).isEqualTo(201);
        assertThat(json(async).has("revision")).as("the default answers on commit, before the views").isFalse();

        String badTalk = "wait-bad-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> bad = post(pipeline, badTalk, "?wait=committed", created());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error_code").asInt()).isEqualTo(40051);
        HttpResponse<String> good = post(pipeline, badTalk, "?wait=applied", created());
        assertThat(good.statusCode()).as("the talk is created now, so the refused request wrote nothing: %s", good.body())
                .isEqualTo(201);
    }

    @Test
    void whenTheViewsCannotBeAskedTheAnswerIs202Written() throws Exception {
        HttpResponse<String> answer = post(noViews, "wait-nowhere", "?wait=applied", created());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode body = json(answer);
        assertThat(body.path("status").asText()).isEqualTo("WRITTEN");
        assertThat(body.path("receipts")).hasSize(1);
        assertThat(body.path("hint").asText()).contains("?after=" + body.path("position").asText());
    }

    private static String created() {
        return """
                {"type": "TalkCreated", "author": "ann", "payload": {"title": "Waiting for the views", \
                "conference": "Devoxx", "speakers": ["Ann"], "links": [], "tags": []}}""";
    }

    private static String noteAdded(UUID eventId, String noteId, long expectedRevision) {
        return """
                {"eventId": "%s", "type": "NoteAdded", "author": "ann", "expectedRevision": %d, \
                "payload": {"noteId": "%s", "parentId": null, "position": 0, "text": "note %s"}}"""
                .formatted(eventId, expectedRevision, noteId, noteId);
    }

    private static HttpResponse<String> post(Pipeline target, String talk, String query, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.apiUrl() + "/v1/talks/" + talk + "/events" + query))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Pipeline target, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.apiUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }
}
