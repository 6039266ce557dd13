package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.http.Json;
import io.notespipeline.testkit.TestPostgres;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos (c), short: the warehouse (PostgreSQL) goes away under the warehouse sink while events keep coming
 * through the producer API, and comes back. {@code /health} answers 503 naming the warehouse sink while it is
 * gone and 200 again after; the sink resumes by itself; in the end the warehouse holds every record of
 * {@code notes.events} once (0 missing, 0 doubled, audit counts equal). {@code -Dchaos.pg.cuts=N} cuts N times.
 */
class SinkSupervisionIT {

    private static final Logger log = LoggerFactory.getLogger(SinkSupervisionIT.class);
    private static final int CUTS = Integer.getInteger("chaos.pg.cuts", 1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @BeforeEach
    void letSinkThreadsDie() {
        // pgjdbc may throw an AssertionError (under -ea) when the connection drops: the sink's thread dies of it and
        // the supervisor restarts it; Awaitility must not take that Error for the test's own
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    @AfterEach
    void resetAwaitility() {
        Awaitility.reset();
    }

    @Test
    void shouldReportTheWarehouseSinkDownWhileItsDatabaseIsGoneAndEndEqualToTheLog() throws Exception {
        String schema = ("sup_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String server = TestPostgres.serverUrl();
        sql(server, "CREATE SCHEMA " + schema);
        URI pg = URI.create(server.substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            String direct = server + "&currentSchema=" + schema;
            String viaRelay = viaRelay(server, pg, relay, schema);
            Map<String, String> env = Map.of(
                    "NOTES_SINKS_WAREHOUSE_JDBC_URL", viaRelay,
                    "NOTES_SINKS_RESTART_BACKOFF_MS", "200",
                    "NOTES_SINKS_LAKE_IDLE_FLUSH_MS", "200",
                    "NOTES_SINKS_POLL_TIMEOUT_MS", "50");
            try (Pipeline pipeline = startSinks(env)) {
                String api = pipeline.apiUrl();
                await().atMost(Duration.ofSeconds(60)).until(() -> health(api).statusCode() == 200);

                Load load = new Load(api);
                load.start();
                long recoverSecondsMax = 0;
                for (int i = 0; i < CUTS; i++) {
                    int before = load.acknowledged.get();
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.get() >= before + 300);
                    relay.cut();
                    long cutAt = System.nanoTime();
                    await().atMost(Duration.ofSeconds(60)).until(() -> health(api).statusCode() == 503);
                    JsonNode down = Json.mapper().readTree(health(api).body());
                    assertThat(down.at("/status").asText()).isEqualTo("DOWN");
                    assertThat(down.at("/components/sink.warehouse/status").asText()).isEqualTo("DOWN");
                    assertThat(down.at("/components/sink.lake/status").asText()).as("the lake is not the warehouse")
                            .isEqualTo("UP");
                    assertThat(down.at("/components/broker/status").asText()).isEqualTo("UP");
                    int during = load.acknowledged.get();
                    await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.get() >= during + 200);
                    relay.restore();
                    long restoredAt = System.nanoTime();
                    await().atMost(Duration.ofSeconds(120)).until(() -> health(api).statusCode() == 200);
                    long seconds = (System.nanoTime() - restoredAt) / 1_000_000_000L;
                    recoverSecondsMax = Math.max(recoverSecondsMax, seconds);
                    log.info("Warehouse cut {} of {}: down for {} s, health back {} s after restore", i + 1, CUTS,
                            (restoredAt - cutAt) / 1_000_000_000L, seconds);
                }
                load.stop();
                assertThat(load.failed.get()).as("the producer API never failed").isZero();

                long inLog = recordsIn(pipeline.bootstrap(), "notes.events");
                assertThat(inLog).isEqualTo(load.acknowledged.get());
                await().atMost(Duration.ofSeconds(120)).until(() -> count(direct, "SELECT COUNT(*) FROM note_events") == inLog);
                Set<String> ids = eventIds(direct);
                Set<String> missing = new HashSet<>(load.ids.keySet());
                missing.removeAll(ids);
                long counted = count(direct, "SELECT SUM(records) FROM audit_counts");
                log.info("Chaos (c) cuts={} acknowledged={} inLog={} warehouse={} missing={} doubled={} recoverSecondsMax={}",
                        relay.cuts(), load.acknowledged.get(), inLog, ids.size(), missing.size(), counted - ids.size(),
                        recoverSecondsMax);
                assertThat(missing).as("missing").isEmpty();
                assertThat(counted).as("audit counts: nothing doubled").isEqualTo(inLog);
                assertThat(count(direct, "SELECT SUM(next_offset) FROM sink_offsets WHERE topic = 'notes.events'"))
                        .isEqualTo(inLog);
                assertThat(pipeline.health().up()).isTrue();
            }
        } finally {
            sql(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /**
     * Issue 16 finding: with no record coming, a warehouse whose database went away was reported UP until the next
     * write failed. The sinks' probe now sees it: 503 naming the warehouse within the probe interval plus the
     * pool's connection timeout, 200 again once it is back.
     */
    @Test
    void shouldReportAnIdleWarehouseDownWhenItsDatabaseGoesAway() throws Exception {
        String schema = ("idle_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String server = TestPostgres.serverUrl();
        sql(server, "CREATE SCHEMA " + schema);
        URI pg = URI.create(server.substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            String viaRelay = viaRelay(server, pg, relay, schema);
            Map<String, String> env = Map.of(
                    "NOTES_SINKS_WAREHOUSE_JDBC_URL", viaRelay,
                    "NOTES_SINKS_HEALTH_PROBE_MS", "200");
            try (Pipeline pipeline = startSinks(env)) {
                String api = pipeline.apiUrl();
                // idle: one event written to the warehouse (so its partitions are claimed), then nothing comes
                String direct = server + "&currentSchema=" + schema;
                HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/talks/idle/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\": \"NoteAdded\", \"author\": \"ann\", \"payload\": {\"noteId\": \"n1\", "
                                        + "\"text\": \"one\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(60)).until(() -> count(direct, "SELECT COUNT(*) FROM note_events") == 1);
                relay.cut();
                long cutAt = System.nanoTime();
                // probe every 200 ms, connectTimeout 2 s: well within 20 s (before, never while nothing came)
                await().atMost(Duration.ofSeconds(20)).until(() -> health(api).statusCode() == 503);
                JsonNode down = Json.mapper().readTree(health(api).body());
                assertThat(down.at("/components/sink.warehouse/status").asText()).isEqualTo("DOWN");
                assertThat(down.at("/components/sink.lake/status").asText()).isEqualTo("UP");
                long noticed = (System.nanoTime() - cutAt) / 1_000_000L;
                relay.restore();
                await().atMost(Duration.ofSeconds(60)).until(() -> health(api).statusCode() == 200);
                log.info("Idle warehouse cut: reported DOWN after {} ms, UP again after restore", noticed);
            }
        } finally {
            sql(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Posts one NoteAdded after the other on a few talks; counts the 201s. */
    private static final class Load {
        final String api;
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, Boolean> ids = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(this::run, "load");

        Load(String api) {
            this.api = api;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void run() {
            int i = 0;
            while (running.get()) {
                String eventId = UUID.randomUUID().toString();
                String body = "{\"type\": \"NoteAdded\", \"eventId\": \"" + eventId + "\", \"author\": \"ann\", "
                        + "\"payload\": {\"noteId\": \"n" + i + "\", \"text\": \"note " + i + "\"}}";
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/talks/talk-"
                                    + (i % 7) + "/events")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                        acknowledged.incrementAndGet();
                        ids.put(eventId, true);
                    } else {
                        failed.incrementAndGet();
                        log.warn("Producer API answered {}: {}", r.statusCode(), r.body());
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
                i++;
            }
        }
    }

    /** @return the JDBC URL of {@code schema} through {@code relay} (short timeouts, so a cut is seen quickly) */
    private static String viaRelay(String server, URI pg, TcpRelay relay, String schema) {
        return server.replace(pg.getHost() + ":" + pg.getPort(), "127.0.0.1:" + relay.port())
                + "&currentSchema=" + schema + "&connectTimeout=2&socketTimeout=10";
    }

    /** Starts registry, producer API and sinks (no auth, free ports) with the {@code NOTES_*} settings in {@code env}. */
    private Pipeline startSinks(Map<String, String> env) {
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, tmp.resolve("data").toString(),
                AppConfig.KAFKA_PORT_CONFIG, 0, AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0,
                AppConfig.AUTH_ENABLED_CONFIG, false));
        return Pipeline.start(config, CatalogConfig.defaults(),
                EnumSet.of(Component.REGISTRY, Component.PRODUCER, Component.SINKS), env);
    }

    private static HttpResponse<String> health(String api) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long recordsIn(String bootstrap, String topic) throws Exception {
        try (Admin admin = Pipeline.admin(bootstrap)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private static long count(String url, String query) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Set<String> eventIds(String url) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM note_events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
