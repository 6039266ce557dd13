package io.notespipeline.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicAdmin;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditReporter;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks as one component for {@code notes up}: the warehouse and the lake (each when enabled),
 * each on its own {@link SinkRunner}. {@link #start()} creates the dead-letter topics if missing;
 * {@link #close()} stops the runners gracefully (buffered lake files are committed). Each sink's audit counts
 * (tier {@code warehouse} / {@code lake}) go to {@code _audit} every {@code sinks.audit.interval.ms} and once more
 * after the runners stopped.
 */
public final class SinkService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);

    private final SinksConfig config;
    private final String bootstrapServers;
    private final TopicCatalog catalog;
    private final UnaryOperator<Sink> decorator;
    private final List<SinkRunner> runners = new ArrayList<>();
    private final List<AuditReporter> reporters = new ArrayList<>();

    /**
     * @param config           the sinks' settings
     * @param bootstrapServers the Kafka cluster
     * @param catalog          topic policies and value serdes (registry-backed in production)
     */
    public SinkService(SinksConfig config, String bootstrapServers, TopicCatalog catalog) {
        this(config, bootstrapServers, catalog, UnaryOperator.identity());
    }

    /**
     * @param config           the sinks' settings
     * @param bootstrapServers the Kafka cluster
     * @param catalog          topic policies and value serdes (registry-backed in production)
     * @param decorator        wraps each sink before its runner drives it (metrics, tracing, a test's fault)
     */
    public SinkService(SinksConfig config, String bootstrapServers, TopicCatalog catalog, UnaryOperator<Sink> decorator) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.catalog = catalog;
        this.decorator = decorator;
    }

    /** Creates the dead-letter topics, opens the warehouse and starts the enabled sinks. */
    public synchronized void start() {
        if (!runners.isEmpty()) {
            return;
        }
        ensureDeadLetterTopics();
        if (config.warehouseEnabled()) {
            runners.add(new SinkRunner(decorator.apply(new WarehouseSink(Warehouse.open(config), config, catalog)), config,
                    bootstrapServers, catalog));
        }
        if (config.lakeEnabled()) {
            runners.add(new SinkRunner(decorator.apply(new LakeSink(config, catalog)), config, bootstrapServers, catalog));
        }
        if (config.auditIntervalMs() > 0) {
            for (SinkRunner r : runners) {
                r.sink().auditCounter().ifPresent(counter -> reporters.add(new AuditReporter(counter,
                        catalog, bootstrapServers, Duration.ofMillis(config.auditIntervalMs()),
                        Clock.systemUTC())));
            }
        }
        runners.forEach(SinkRunner::start);
        log.info("Sinks started warehouse={} lake={}", config.warehouseEnabled() ? Warehouse.redact(config.warehouseUrl())
                : "off", config.lakeEnabled() ? config.lakeDir() : "off");
    }

    private void ensureDeadLetterTopics() {
        List<Topic<?, ?>> dlqs = List.of(catalog.deadLetter(catalog.events().name()),
                catalog.deadLetter(catalog.talkViews().name()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicAdmin.ensureTopics(admin, dlqs, catalog.config().replicationFactor());
        }
    }

    /** @return the running sinks' runners (warehouse first), for health and progress */
    public synchronized List<SinkRunner> runners() {
        return List.copyOf(runners);
    }

    /** Stops every sink gracefully. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (SinkRunner r : runners) {
            try {
                r.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                log.warn("Error stopping sink={}", r.sink().name(), e);
            }
        }
        runners.clear();
        for (AuditReporter reporter : reporters) {
            try {
                reporter.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                log.warn("Error sending the last audit reports", e);
            }
        }
        reporters.clear();
        if (first != null) {
            throw first;
        }
    }
}
