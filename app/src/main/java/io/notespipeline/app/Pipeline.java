package io.notespipeline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.app.internal.Services;
import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.SerdeProvider;
import io.notespipeline.schemas.TopicAdmin;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code notes up} runs, in one process: the broker (embedded unless an external cluster
 * is given), the catalogued topics, and the services later issues add. Started in dependency order,
 * closed in reverse.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final AppConfig config;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Health health = new Health();
    private String bootstrap;
    private Services services;
    private List<String> createdTopics = List.of();

    private Pipeline(AppConfig config) {
        this.config = config;
    }

    /**
     * Starts the pipeline. On failure everything already started is closed and a data dir this call
     * created is removed, so nothing half-made is left behind.
     */
    public static Pipeline start(AppConfig config, CatalogConfig catalogConfig, Set<Component> components) {
        return start(config, catalogConfig, components, System.getenv());
    }

    /**
     * As {@link #start(AppConfig, CatalogConfig, Set)}, with the modules' {@code NOTES_*} settings taken from
     * {@code env} instead of the process environment.
     */
    public static Pipeline start(AppConfig config, CatalogConfig catalogConfig, Set<Component> components,
                                 Map<String, String> env) {
        Path dataDir = config.dataDir();
        boolean existed = Files.exists(dataDir);
        Pipeline pipeline = new Pipeline(config);
        try {
            prepareDataDir(dataDir);
            pipeline.startKafka(dataDir);
            pipeline.createTopics(new TopicCatalog(catalogConfig, SerdeProvider.avroBinary()));
            pipeline.services = Services.start(config, catalogConfig, components, pipeline.bootstrap, pipeline.running,
                    pipeline.health, env);
            pipeline.running.push(new HealthLog(pipeline.health));
            new Endpoints(pipeline.bootstrap, pipeline.services.registryUrl(), pipeline.services.apiUrl(),
                    ProcessHandle.current().pid()).write(dataDir);
            pipeline.running.push(() -> Endpoints.delete(dataDir));
            return pipeline;
        } catch (RuntimeException | IOException e) {
            pipeline.close();
            if (!existed) {
                deleteRecursively(dataDir);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new NotesAppException("cannot write to data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** @return the health of every component, as {@code /health} reports it */
    public Health.Report health() {
        return health.report();
    }

    /** @return the Kafka bootstrap servers the pipeline uses */
    public String bootstrap() {
        return bootstrap;
    }

    /** @return the topics this start created (empty when they all existed) */
    public List<String> createdTopics() {
        return createdTopics;
    }

    /** @return the settings the pipeline runs with */
    public AppConfig config() {
        return config;
    }

    /** @return the URL of the producer/query API, or empty when neither runs here */
    public String apiUrl() {
        return services.apiUrl();
    }

    /** @return the URL of the schema registry the pipeline uses */
    public String registryUrl() {
        return services.registryUrl();
    }

    /** @return the admin token file, or empty when auth is off */
    public java.util.Optional<Path> adminTokenFile() {
        return services.adminTokenFile();
    }

    private void startKafka(Path dataDir) {
        if (!config.bootstrap().isEmpty()) {
            bootstrap = config.bootstrap();
            log.info("Using the external Kafka cluster bootstrap={}", bootstrap);
            return;
        }
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDir(dataDir.resolve("kafka"))
                .port(config.kafkaPort())
                .start();
        running.push(kafka);
        bootstrap = kafka.bootstrapServers();
    }

    private void createTopics(TopicCatalog catalog) {
        try (Admin admin = admin(bootstrap)) {
            createdTopics = TopicAdmin.ensureTopics(admin, catalog.all(), catalog.config().replicationFactor());
        }
    }

    /** @return an admin client with bounded timeouts; the caller closes it */
    public static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Stops every component in reverse start order. Idempotent. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Error while stopping component={}", component, e);
            }
        }
    }

    /**
     * Logs each component's changes of health, once each: down with its cause, up again with how long it was down.
     */
    private static final class HealthLog implements AutoCloseable {
        private static final long EVERY_MS = 2_000;
        private final Health health;
        private final java.util.Map<String, Long> downSince = new java.util.HashMap<>();
        private final java.util.concurrent.ScheduledExecutorService timer;

        HealthLog(Health health) {
            this.health = health;
            this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "notes-health-log");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::look, EVERY_MS, EVERY_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private void look() {
            try {
                health.report().components().forEach((name, check) -> {
                    if (!check.up() && !downSince.containsKey(name)) {
                        downSince.put(name, System.nanoTime());
                        log.warn("Component down component={} cause={} details={}", name, check.details().get("cause"),
                                check.details());
                    } else if (check.up() && downSince.containsKey(name)) {
                        long ms = (System.nanoTime() - downSince.remove(name)) / 1_000_000;
                        log.info("Component up again component={} downMs={}", name, ms);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Health check failed", e);
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static void prepareDataDir(Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new NotesAppException("data directory " + dataDir + " is not a directory");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new NotesAppException("data directory " + dataDir + " cannot be created (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new NotesAppException("data directory " + dataDir + " is not writable");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not remove dir={}", dir, e);
        }
    }
}
