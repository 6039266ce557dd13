package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.http.Json;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notes import --git} on a repository the test makes with JGit (four commits of two notes files and a
 * file the glob leaves out) gives the same views as importing each version by hand with its commit's time and
 * author; a second run imports nothing; after an edit through the API, a new commit changing the same talk is
 * reported as a conflict and its events are refused (expectedRevision), the API edit stands (issue 15).
 */
class GitImportIT {

    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path tmp;

    private record Commit(String author, Instant at, Map<String, String> files) {
    }

    private static final String A1 = "# Alpha Conf\n\n## Day 1\n\n### A. Opening\n\n* speaker: Ann Lee\n* logs are not queues\n"
            + "* partitons order per key\n\n### B. Schemas\n\n* speaker: Bo Chen\n* compatibility\n\n## Day 2\n\n"
            + "### A. Closing\n\n* thanks\n";
    private static final String A2 = A1.replace("partitons", "partitions").replace("* thanks\n", "* thanks\n* see you\n");
    private static final String A3 = A2.replace("* compatibility\n", "*   compatibility  \n");
    private static final String B1 = "## Lone Talk\n\nCy Dee\n\n[Slides](https://example.org/s)\n\n* one\n* two\n";
    private static final String B2 = B1.replace("* two\n", "") + "\n## Second Talk\n\nDee Fox\n\n* three\n";

    private static final List<Commit> HISTORY = List.of(
            new Commit("Ann Lee", Instant.parse("2024-01-02T10:00:00Z"), Map.of("notes/alpha.md", A1, "beta.md", B1)),
            new Commit("Bo Chen", Instant.parse("2024-01-03T11:00:00Z"), Map.of("notes/alpha.md", A2, "todo.txt", "x")),
            new Commit("Ann Lee", Instant.parse("2024-02-01T12:30:00Z"), Map.of("beta.md", B2)),
            new Commit("Cy Dee", Instant.parse("2024-03-01T09:15:00Z"), Map.of("notes/alpha.md", A3)));

    @Test
    void shouldGiveTheViewsOfImportingEveryVersionByHandAndImportNothingTheSecondTime() throws Exception {
        Path repo = tmp.resolve("repo");
        makeRepository(repo);

        Map<String, JsonNode> byGit;
        try (Pipeline pipeline = start("git")) {
            String dataDir = tmp.resolve("git").toString();
            String first = notes(dataDir, "import", "--git", repo.toString());
            assertThat(first).contains("5 versions of 2 files matching **.md, 0 already imported, 5 to check")
                    .contains("notes/alpha.md @ ").contains("(2024-01-03T11:00:00Z, Bo Chen)")
                    .contains("published 16 events in 4 batches (one per changed file version); 1 versions changed nothing");
            assertThat(first.lines().filter(l -> l.contains("@ ")).toList()).as(first).hasSize(5);
            assertThat(first).as("the whitespace-only last version").containsPattern("2024-03-01T09:15:00Z, Cy Dee\\): 0 events");

            String second = notes(dataDir, "import", "--git", repo.toString());
            assertThat(second).as("the last version changed nothing, so it left no git: marker and is checked again")
                    .contains("4 already imported, 1 to check").contains("published 0 events in 0 batches");
            byGit = views(pipeline, dataDir, 6);

            // an edit through the API, then a new commit changing the same talk: the import refuses to overwrite it
            notes(dataDir, "publish", "--talk", "notes-alpha--closing", "--json",
                    "{\"type\": \"TalkUpdated\", \"author\": \"ana\", \"payload\": {\"title\": \"Closing Words\"}}");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    notes(dataDir, "talk", "notes-alpha--closing").contains("Closing Words"));
            commit(repo, new Commit("Ann Lee", Instant.parse("2024-04-01T08:00:00Z"),
                    Map.of("notes/alpha.md", A3.replace("* see you\n", "* see you\n* bye\n"))));
            String third = notes(dataDir, "import", "--git", repo.toString());
            assertThat(third).contains("2 to check").contains("conflict: notes-alpha--closing was edited since the last"
                    + " import (revision 4, the import left 3)");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(get(dataDir, "/v1/talks/notes-alpha--closing/history?include_rejected=true"))
                            .contains("STALE_REVISION"));
            assertThat(notes(dataDir, "talk", "notes-alpha--closing")).contains("Closing Words").doesNotContain("bye");
        }

        Map<String, JsonNode> byHand;
        try (Pipeline pipeline = start("hand")) {
            String dataDir = tmp.resolve("hand").toString();
            for (Commit commit : HISTORY) {
                for (Map.Entry<String, String> file : new TreeMap<>(commit.files()).entrySet()) {
                    if (!file.getKey().endsWith(".md")) {
                        continue;
                    }
                    Path copy = Files.createTempFile(tmp, "version", ".md");
                    Files.writeString(copy, file.getValue(), StandardCharsets.UTF_8);
                    notes(dataDir, "import", copy.toString(), "--document", file.getKey().replace(".md", ""),
                            "--at", commit.at().toString(), "--author", commit.author());
                }
            }
            byHand = views(pipeline, dataDir, 6);
        }
        assertThat(byGit.keySet()).containsExactlyInAnyOrder("alpha-conf", "notes-alpha--opening",
                "notes-alpha--schemas", "notes-alpha--closing", "beta--lone-talk", "beta--second-talk");
        assertThat(byGit).isEqualTo(byHand);
    }

    private static void makeRepository(Path repo) throws Exception {
        Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call().close();
        for (Commit commit : HISTORY) {
            commit(repo, commit);
        }
    }

    private static void commit(Path repo, Commit commit) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            for (Map.Entry<String, String> file : commit.files().entrySet()) {
                Path path = repo.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent(commit.author(), "a@example.org", commit.at(), ZoneOffset.ofHours(-5));
            git.commit().setMessage("notes").setAuthor(who).setCommitter(who).call();
        }
    }

    private Pipeline start(String name) {
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, tmp.resolve(name).toString(),
                AppConfig.KAFKA_PORT_CONFIG, 0, AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0));
        return Pipeline.start(config, CatalogConfig.defaults(), EnumSet.allOf(Component.class));
    }

    /** @return every talk's view by id, without the fields that differ between two logs (event ids, offsets). */
    private static Map<String, JsonNode> views(Pipeline pipeline, String dataDir, int expected) {
        Map<String, JsonNode> out = new TreeMap<>();
        // six talks answering is not every event folded (a talk's last batch may still be on its way): first wait
        // until the views application has committed past the last record of notes.events on every partition (the
        // log's end offset may be one further, a transaction marker that no consumer commits past)
        Map<TopicPartition, Long> last = new java.util.HashMap<>();
        io.notespipeline.schemas.TopicReader.of(pipeline.bootstrap()).read(TopicCatalog.EVENTS,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                r -> last.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
        String views = new io.notespipeline.streams.ViewsConfig(Map.of()).applicationId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap()))) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<TopicPartition, Long> committed = new java.util.HashMap<>();
                admin.listConsumerGroupOffsets(views).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, o) -> committed.put(tp, o == null ? null : o.offset()));
                assertThat(last).as("records of %s; %s committed %s", TopicCatalog.EVENTS, views, committed)
                        .allSatisfy((tp, offset) -> assertThat(committed.get(tp)).isNotNull().isGreaterThan(offset));
            });
        }
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            out.clear();
            JsonNode talks = JSON.readTree(notes(dataDir, "talks", "--size", "100"));
            for (JsonNode item : talks.get("items")) {
                String id = item.get("talk_id").asText();
                out.put(id, strip(JSON.readTree(notes(dataDir, "talk", id)).get("talk")));
            }
            assertThat(out).hasSize(expected);
            assertThat(out.get("notes-alpha--closing").toString()).contains("see you");
            assertThat(out.get("beta--second-talk")).isNotNull();
        });
        return out;
    }

    private static JsonNode strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("last_event_id", "position"));
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> strip(object.get(n)));
        } else if (node.isArray()) {
            node.forEach(GitImportIT::strip);
        }
        return node;
    }

    private static String get(String dataDir, String path) throws Exception {
        Path dir = Path.of(dataDir);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Endpoints.read(dir).orElseThrow().apiUrl() + path));
        ApiTokens.readAdminToken(dir).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String notes(String dataDir, String... args) {
        return NotesCli.run(dataDir, args);
    }
}
