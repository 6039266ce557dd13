package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sink service fills a live warehouse and lake; replays from the lake and the log must equal it. */
@ExtendWith(KafkaExtension.class)
class WarehouseReplayIT {

    private static final int EVENTS = 3000;
    private static final int TALKS = 20;

    @TempDir
    static Path data;
    private static SinksConfig config;
    private static String bootstrap;
    private static TopicCatalog topics;

    @BeforeAll
    static void runLiveSinks(TestKafka kafka) {
        bootstrap = kafka.bootstrapServers();
        topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("replay") + ".");
        String events = topics.events().name();
        String views = topics.talkViews().name();
        kafka.createTopic(events, 3);
        kafka.createTopic(views, 2);
        List<NoteEvent> log = TestEvents.generate(31, EVENTS, TALKS, Instant.parse("2026-03-01T23:30:00Z"), 1000);
        TestEvents.publish(bootstrap, events, log);
        try (KafkaProducer<String, byte[]> producer = TestEvents.producer(bootstrap)) {
            for (int i = 0; i < TALKS; i++) {
                for (long revision : new long[] {1, 3, 2}) { // an older view after a newer one
                    TalkView v = TestEvents.view("talk-" + i, revision + i, 1 + i % 4);
                    producer.send(new ProducerRecord<>(views, v.getTalkId(), TestEvents.VIEWS.encode(v)));
                }
            }
        }
        config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, data.toString(),
                SinksConfig.GROUP_ID_CONFIG, events, SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
        try (SinkService service = new SinkService(config, bootstrap, topics)) {
            service.start();
            SinkRunner warehouse = service.runners().get(0);
            SinkRunner lake = service.runners().get(1);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    warehouse.recordsConsumed() == EVENTS + 3L * TALKS && lake.recordsConsumed() == EVENTS);
        }
    }

    @Test
    void shouldReloadFromTheLakeIntoPostgresAndEqualTheLiveSqliteWarehouse() {
        List<String> stages = new ArrayList<>();
        try (TestPostgres pg = TestPostgres.freshSchema("replay"); Warehouse live = Warehouse.open(config)) {
            ReplayReport report = new WarehouseReplay(config, bootstrap, topics)
                    .run(WarehouseReplay.Source.LAKE, null, pg.url(), live, (stage, done, total) -> stages.add(stage));

            assertThat(report.events()).isEqualTo(EVENTS);
            assertThat(report.live().get("note_events").rows()).isEqualTo(EVENTS);
            assertThat(report.live().get("talks").rows()).isEqualTo(TALKS);
            assertThat(report.differences()).isEmpty();
            assertThat(report.equal()).isTrue();
            assertThat(stages).contains("events from lake (files)", "talk views from log");
        }
    }

    @Test
    void shouldReloadFromTheLogAndEqualTheLiveWarehouseSinceAGivenTime(@TempDir Path into) {
        try (Warehouse live = Warehouse.open(config)) {
            AtomicLong lastDone = new AtomicLong();
            ReplayReport report = new WarehouseReplay(config, bootstrap, topics)
                    .run(WarehouseReplay.Source.LOG, Instant.parse("2026-03-02T00:00:00Z"),
                            "jdbc:sqlite:" + into.resolve("replayed.db"), live,
                            (stage, done, total) -> lastDone.set(done));
            assertThat(report.equal()).isTrue();
            assertThat(report.events()).isEqualTo(EVENTS - 1800).isEqualTo(report.replayed().get("note_events").rows());
            assertThat(lastDone.get()).isPositive();
        }
    }

    @Test
    void shouldReloadFromTheLakeSinceAGivenTimeAndEqualTheLiveWarehouseFromThen(@TempDir Path into) {
        try (Warehouse live = Warehouse.open(config)) {
            ReplayReport report = new WarehouseReplay(config, bootstrap, topics)
                    .run(WarehouseReplay.Source.LAKE, Instant.parse("2026-03-02T00:10:00.500Z"),
                            "jdbc:sqlite:" + into.resolve("since.db"), live, ProgressListener.NONE);
            assertThat(report.events()).isEqualTo(EVENTS - 2401);
            assertThat(report.equal()).isTrue();
        }
    }

    @Test
    void shouldReportTheTableThatDiffersFromTheLiveWarehouse(@TempDir Path copyDir, @TempDir Path into) throws Exception {
        SinksConfig copy = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, copyDir.toString()));
        java.nio.file.Files.copy(data.resolve("warehouse.db"), copyDir.resolve("warehouse.db"));
        try (Warehouse tampered = Warehouse.open(copy)) {
            try (Connection c = tampered.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE note_events SET author = 'mallory' "
                         + "WHERE event_id = (SELECT MIN(event_id) FROM note_events)")) {
                ps.executeUpdate();
                c.commit();
            }
            ReplayReport report = new WarehouseReplay(config, null, topics)
                    .run(WarehouseReplay.Source.LAKE, null, "jdbc:sqlite:" + into.resolve("r.db"), tampered,
                            ProgressListener.NONE);
            assertThat(report.tables()).containsExactly("note_events");
            assertThat(report.equal()).isFalse();
            assertThat(report.differences()).containsExactly("note_events");
        }
    }
}
