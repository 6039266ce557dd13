package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.http.Json;

import io.notespipeline.schemas.CatalogConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PyCon 2017 notes, v1 → v2 → v3 imported with their commit times, through the whole
 * pipeline in this JVM (its own embedded broker): counts, views, asOf, replays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNotesIT {

    private static final Path DATA = Path.of("..", "..", "shared", "data", "pycon_2017").toAbsolutePath().normalize();
    private static final Path FALLBACK = Path.of("..", "producer", "src", "test", "resources", "pycon_2017");
    private static final String FIRST_TALK = "the-unexpected-effective-of-python-in-science";
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    static Path tmp;
    static Pipeline pipeline;
    static String dataDir;

    @BeforeAll
    static void start() {
        dataDir = tmp.resolve("data").toString();
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, dataDir, AppConfig.KAFKA_PORT_CONFIG, 0,
                AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0));
        pipeline = Pipeline.start(config, CatalogConfig.defaults(), EnumSet.allOf(Component.class));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    @Order(1)
    void shouldPublishOnlyTheDifferencesOfEachVersion() {
        assertThat(notes("import", file("README.v1.md"), "--at", "2019-10-01T11:28:33-04:00", "--author", "I-Kang Ding"))
                .contains("481 events {NoteAdded=461, TalkCreated=20}").contains("published 481 events atomically");
        assertThat(notes("import", file("README.v2.md"), "--at", "2019-10-01T13:35:58-04:00", "--author", "I-Kang Ding"))
                .contains("43 events {NoteAdded=10, NoteEdited=30, TalkCreated=1, TalkUpdated=2}");
        assertThat(notes("import", file("README.v3.md"), "--at", "2019-10-01T13:56:16-04:00", "--author", "I-Kang Ding"))
                .contains("9 events {NoteEdited=9}");
        assertThat(notes("import", file("README.v3.md"))).contains("nothing changed, nothing published");
    }

    @Test
    @Order(2)
    void shouldServeTheTwentyTalksWithTheirImagesAndTheirPast() throws Exception {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> images(json("talk", FIRST_TALK)) == 7);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(realTalks(json("talks", "--size", "100")))
                        .as("20 talks (the document's intro is a separate conference entry)").isEqualTo(20));

        JsonNode between = json("talk", FIRST_TALK, "--as-of", "2019-10-01T16:00:00Z");
        assertThat(images(between)).as("v1 had no images").isZero();
        assertThat(between.toString()).contains("PyCon's Mosaic");
        assertThat(json("search", "Pyhton scince").get("items").get(0).get("talk_id").asText()).isEqualTo(FIRST_TALK);
    }

    @Test
    @Order(3)
    void shouldRebuildViewsAndWarehouseEqualToTheLiveOnes() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(tmp.resolve("data").resolve("warehouse.db"), "note_events") == 533);
        assertThat(notes("replay", "views")).contains("rebuilt 21 talks").contains("EQUAL to the live views");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String into = "jdbc:sqlite:" + tmp.resolve("replayed-" + System.nanoTime() + ".db");
            assertThat(notes("replay", "warehouse", "--from", "lake", "--into", into)).contains("EQUAL to the live warehouse");
        });
    }

    @Test
    @Order(4)
    void shouldProveEveryImportedEventReachedEveryTier() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            JsonNode summary = json("audit", "--json").get("summary");
            assertThat(summary.get("buckets").asInt()).as("the imports' minute buckets, per partition").isPositive();
            assertThat(summary.get("complete").asInt()).as("every bucket complete: %s", summary)
                    .isEqualTo(summary.get("buckets").asInt());
        });
        assertThat(notes("audit", "verify", "--tier", "warehouse")).contains("0 missing, 0 duplicated");
        assertThat(notes("audit", "verify", "--tier", "lake")).contains("0 missing, 0 duplicated");
    }

    private static String file(String name) {
        Path real = DATA.resolve(name);
        return (real.toFile().exists() ? real : FALLBACK.resolve(name)).toString();
    }

    private static long realTalks(JsonNode talks) {
        long count = 0;
        for (JsonNode t : talks.get("items")) {
            count += t.get("tags").toString().contains("\"conference\"") ? 0 : 1;
        }
        return count;
    }

    private static int images(JsonNode talk) {
        int count = 0;
        int at = 0;
        String text = talk.toString();
        while ((at = text.indexOf("![", at)) >= 0) {
            count++;
            at += 2;
        }
        return count;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(notes(args));
    }

    private static String notes(String... args) {
        return NotesCli.run(dataDir, args);
    }

    private static long count(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
