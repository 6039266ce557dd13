package io.notespipeline.streams;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.notespipeline.consumer.Sink;
import io.notespipeline.consumer.SinkService;
import io.notespipeline.consumer.SinksConfig;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicAdmin;
import io.notespipeline.schemas.TopicCatalog;

/**
 * Every tier of the pipeline on the shared embedded broker, on topics of its own (the audit stream is the
 * catalogue's {@code _audit}; buckets are told apart by their topic): the publisher, the views, both sinks
 * (SQLite warehouse and lake under {@code dir}) and the audit view. {@link #restart()} closes and reopens all.
 */
final class AuditPipeline implements AutoCloseable {

    static final int PARTITIONS = 3;

    final TopicCatalog catalog;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final String eventsTopic;
    final SinksConfig sinksConfig;
    private final TestKafka kafka;
    private final Path dir;
    private final TalkViewTopology.Topics topics;
    private final Map<String, Object> views;
    private final Map<String, Object> audit;
    private final UnaryOperator<Sink> sinkDecorator;
    NotePublisher publisher;
    private ViewsService viewsService;
    private SinkService sinks;
    AuditService auditService;

    AuditPipeline(TestKafka kafka, Path dir, Duration grace, UnaryOperator<Sink> sinkDecorator) {
        this.kafka = kafka;
        this.dir = dir;
        this.sinkDecorator = sinkDecorator;
        this.catalog = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("audit") + ".");
        this.eventsTopic = catalog.events().name();
        String viewsTopic = catalog.talkViews().name();
        topics = new TalkViewTopology.Topics(renamed(catalog.events(), eventsTopic), renamed(catalog.talkViews(), viewsTopic),
                renamed(catalog.rejected(), kafka.uniqueTopic("audit-rejected")))
                .withAudit(catalog.auditCounts(), catalog.config().auditBucketMs());
        for (String t : List.of(eventsTopic, viewsTopic, topics.rejected().name())) {
            kafka.createTopic(t, PARTITIONS);
        }
        kafka.createTopic(eventsTopic + TopicCatalog.DLQ_SUFFIX, 1);
        TopicAdmin.ensureTopics(kafka.admin(), List.of(catalog.audit()), (short) 1);
        Map<String, Object> s = new HashMap<>(Map.of(
                SinksConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("audit-sinks"),
                SinksConfig.WAREHOUSE_URL_CONFIG, "jdbc:sqlite:" + dir.resolve("warehouse.db"),
                SinksConfig.LAKE_DIR_CONFIG, dir.resolve("lake").toString(),
                SinksConfig.AUDIT_INTERVAL_MS_CONFIG, 200L, SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 200L,
                SinksConfig.POLL_TIMEOUT_MS_CONFIG, 100L));
        sinksConfig = new SinksConfig(s);
        views = Map.of(ViewsConfig.APPLICATION_ID_CONFIG, kafka.uniqueTopic("audit-views-app"),
                ViewsConfig.STATE_DIR_CONFIG, dir.resolve("views").toString(), ViewsConfig.COMMIT_INTERVAL_CONFIG, 100L,
                ViewsConfig.STANDBY_REPLICAS_CONFIG, 0, ViewsConfig.AUDIT_INTERVAL_CONFIG, 200L);
        audit = Map.of(ViewsConfig.AUDIT_APPLICATION_ID_CONFIG, kafka.uniqueTopic("audit-view-app"),
                ViewsConfig.STATE_DIR_CONFIG, dir.resolve("audit").toString(), ViewsConfig.COMMIT_INTERVAL_CONFIG, 100L,
                ViewsConfig.AUDIT_GRACE_CONFIG, grace.toMillis(), ViewsConfig.AUDIT_CHECK_INTERVAL_CONFIG, 300L);
    }

    AuditPipeline start() {
        publisher = new NotePublisher(new PublisherConfig(Map.of(PublisherConfig.AUDIT_INTERVAL_CONFIG, 200L)), kafka.bootstrapServers(), catalog).start();
        viewsService = new ViewsService(new ViewsConfig(views), kafka.bootstrapServers(), topics);
        viewsService.start();
        sinks = new SinkService(sinksConfig, kafka.bootstrapServers(), catalog, sinkDecorator);
        sinks.start();
        auditService = new AuditService(new ViewsConfig(audit), kafka.bootstrapServers(), catalog.auditCounts(), meters,
                Clock.systemUTC(), catalog.events(), catalog.config().auditBucketMs());
        auditService.start();
        return this;
    }

    /** Closes every component (each sends its last reports) and starts them again on the same storage. */
    void restart() {
        close();
        start();
    }

    /** @return the audit view's report of this pipeline's topic, or empty while the audit view is not ready */
    Optional<AuditReport> report() {
        try {
            AuditReport all = auditService.report(null, null);
            return Optional.of(new AuditReport(all.at(), all.grace(),
                    all.buckets().stream().filter(r -> r.bucket().topic().equals(eventsTopic)).toList(),
                    all.lag().stream().filter(l -> l.topic().equals(eventsTopic)).toList()));
        } catch (NotesStreamsException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        publisher.close();
        viewsService.close();
        sinks.close();
        auditService.close();
    }

    private static <V> Topic<String, V> renamed(Topic<String, V> t, String name) {
        return new Topic<>(name, PARTITIONS, Map.of(), t.keySerde(), t.valueSerde(), t.identityField(),
                t.orderingField(), t.doc());
    }
}
