package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.http.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that retries a batch after an unknown outcome (here: it sends the very same request three times,
 * every copy landing in {@code notes.events}) ends with the events applied once, in the views and in the
 * warehouse, because its own eventIds are the idempotency key. The retried batch edits a note, which a second
 * application would apply again (revision + 1), so a missing dedupe shows in the revisions.
 */
class RetriedBatchIT {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String TALK = "retried-talk";

    @TempDir
    static Path tmp;
    static Pipeline pipeline;
    static String token;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String dataDir = tmp.resolve("data").toString();
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, dataDir, AppConfig.KAFKA_PORT_CONFIG, 0,
                AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0));
        pipeline = Pipeline.start(config, CatalogConfig.defaults(), EnumSet.allOf(Component.class));
        token = Files.readString(pipeline.adminTokenFile().orElseThrow()).strip();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void shouldApplyABatchRetriedWithTheSameEventIdsOnceInViewsAndWarehouse() throws Exception {
        assertThat(post("{\"events\": [" + event("TalkCreated", UUID.randomUUID(), "{\"title\": \"Retries\"}") + ","
                + event("NoteAdded", UUID.randomUUID(), "{\"noteId\": \"n1\", \"text\": \"first\"}") + "]}").statusCode())
                .isEqualTo(201);
        UUID edit = UUID.randomUUID();
        UUID add = UUID.randomUUID();
        String retried = "{\"events\": [" + event("NoteEdited", edit, "{\"noteId\": \"n1\", \"text\": \"edited\"}") + ","
                + event("NoteAdded", add, "{\"noteId\": \"n2\", \"text\": \"second\"}") + "]}";
        JsonNode first = JSON.readTree(post(retried).body());
        for (int attempt = 2; attempt <= 3; attempt++) {
            HttpResponse<String> again = post(retried);
            assertThat(again.statusCode()).as("attempt %d: %s", attempt, again.body()).isEqualTo(201);
            assertThat(JSON.readTree(again.body()).get("position").asText())
                    .as("every copy is written again (the log keeps them; the readers drop them)")
                    .isNotEqualTo(first.get("position").asText());
        }
        UUID marker = UUID.randomUUID();
        assertThat(post(event("NoteAdded", marker, "{\"noteId\": \"n3\", \"text\": \"after the retries\"}")).statusCode())
                .isEqualTo(201);

        // the marker comes after every copy on the talk's partition: once it is folded, so are they
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(view().toString()).contains("after the retries"));
        JsonNode view = view();
        assertThat(view.findValue("revision")).as("the view's revision in %s", view).isNotNull();
        assertThat(view.findValue("revision").asLong()).as("created, n1, the edit, n2, n3: five events applied once: %s",
                view).isEqualTo(5);
        assertThat(view.toString()).contains("edited").contains("second").doesNotContain("\"first\"");

        Path warehouse = tmp.resolve("data").resolve("warehouse.db");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> rows(warehouse,
                "select count(*) from note_events where event_id = ?", marker.toString()) == 1);
        assertThat(rows(warehouse, "select count(*) from note_events where talk_id = ?", TALK)).isEqualTo(5);
        assertThat(rows(warehouse, "select count(*) from note_events where event_id = ?", edit.toString())).isEqualTo(1);
        assertThat(rows(warehouse, "select count(*) from note_events where event_id = ?", add.toString())).isEqualTo(1);
        // the talks table follows notes.talk-views, emitted once per talk per emit interval (not per event)
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> rows(warehouse,
                "select revision from talks where talk_id = ?", TALK) >= 5);
        assertThat(rows(warehouse, "select revision from talks where talk_id = ?", TALK)).isEqualTo(5);
        assertThat(rows(warehouse, "select note_count from talks where talk_id = ?", TALK)).isEqualTo(3);
    }

    private static String event(String type, UUID eventId, String payload) {
        return "{\"type\": \"" + type + "\", \"eventId\": \"" + eventId + "\", \"author\": \"ann\", \"payload\": "
                + payload + "}";
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/v1/talks/" + TALK + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode view() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/v1/talks/" + TALK))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long rows(Path db, String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, arg);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
