package io.notespipeline.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 *
 * <p>Supervision: a sink whose thread died (an error it does not handle, e.g. the JDBC driver's
 * {@code AssertionError}; a failure reading its offsets on assignment) is closed and started again from what it
 * stored, after {@code sinks.restart.backoff.ms}, doubled while restarts do not last a minute, up to
 * {@code sinks.restart.backoff.max.ms}. The cause is logged once per death and kept for {@link #health()}.
 * Every {@code sinks.health.probe.ms} a thread of its own asks each sink's destination whether it answers
 * ({@link Sink#probe()}), so a database that went away while no record was coming is reported before the next write.
 */
public final class SinkService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final long CHECK_MS = 250;
    private static final long STABLE_MS = 60_000;

    private final SinksConfig config;
    private final String bootstrapServers;
    private final TopicCatalog catalog;
    private final UnaryOperator<Sink> decorator;
    private final List<Supervised> sinks = new ArrayList<>();
    private ScheduledExecutorService supervisor;
    private ScheduledExecutorService prober;

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

    /** Creates the dead-letter topics, opens the warehouse and starts the enabled sinks and their supervisor. */
    public synchronized void start() {
        if (!sinks.isEmpty()) {
            return;
        }
        ensureDeadLetterTopics();
        if (config.warehouseEnabled()) {
            sinks.add(new Supervised(WarehouseSink.NAME,
                    () -> decorator.apply(new WarehouseSink(Warehouse.open(config), config, catalog))));
        }
        if (config.lakeEnabled()) {
            sinks.add(new Supervised(LakeSink.NAME, () -> decorator.apply(new LakeSink(config, catalog))));
        }
        try {
            for (Supervised s : sinks) {
                s.launch(s.factory.get());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notes-sink-supervisor");
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        if (config.healthProbeMs() > 0) {
            // its own thread: a probe may block up to the destination's timeouts, the supervisor must not
            prober = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "notes-sink-probe");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::probe, config.healthProbeMs(), config.healthProbeMs(),
                    TimeUnit.MILLISECONDS);
        }
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

    private synchronized void supervise() {
        if (supervisor == null) {
            return;
        }
        for (Supervised s : sinks) {
            try {
                s.check();
            } catch (RuntimeException e) {
                log.error("Sink supervisor failed sink={}", s.name, e);
            }
        }
    }

    /** Checks each running sink's destination, outside the lock (a probe may block). */
    private void probe() {
        List<Supervised> current;
        synchronized (this) {
            current = new ArrayList<>(sinks);
        }
        for (Supervised s : current) {
            SinkRunner r = s.runner;
            if (r == null) {
                continue;
            }
            try {
                s.probed(r.sink().probe());
            } catch (RuntimeException e) {
                s.probed(java.util.Optional.of(e.toString()));
            }
        }
    }

    /** @return the running sinks' runners (warehouse first), for health and progress; they change on a restart */
    public synchronized List<SinkRunner> runners() {
        List<SinkRunner> result = new ArrayList<>();
        sinks.forEach(s -> {
            if (s.runner != null) {
                result.add(s.runner);
            }
        });
        return result;
    }

    /** @return each enabled sink's health (warehouse first): down while it retries, restarts or waits to */
    public synchronized List<SinkHealth> health() {
        List<SinkHealth> result = new ArrayList<>();
        for (Supervised s : sinks) {
            result.add(s.health());
        }
        return result;
    }

    /** Stops every sink gracefully. */
    @Override
    public synchronized void close() {
        if (supervisor != null) {
            supervisor.shutdownNow();
            supervisor = null;
        }
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
        RuntimeException first = null;
        for (Supervised s : sinks) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                log.warn("Error stopping sink={}", s.name, e);
            }
        }
        sinks.clear();
        if (first != null) {
            throw first;
        }
    }

    /** One sink under supervision: its current runner and audit reporter, and its restart history. */
    private final class Supervised {
        final String name;
        final Supplier<Sink> factory;
        SinkRunner runner;
        AuditReporter reporter;
        int restarts;
        long backoffMs;
        long startedAt;
        long restartAt;
        String down;
        Instant downSince;
        volatile String unreachable; // the last probe's problem, if any
        volatile Instant unreachableSince;

        Supervised(String name, Supplier<Sink> factory) {
            this.name = name;
            this.factory = factory;
        }

        void launch(Sink sink) {
            SinkRunner r = new SinkRunner(sink, config, bootstrapServers, catalog);
            if (config.auditIntervalMs() > 0) {
                sink.auditCounter().ifPresent(counter -> reporter = new AuditReporter(counter, catalog,
                        bootstrapServers, Duration.ofMillis(config.auditIntervalMs()), Clock.systemUTC()));
            }
            runner = r;
            startedAt = System.nanoTime();
            r.start();
        }

        void check() {
            long now = System.nanoTime();
            if (runner != null) {
                if (runner.isAlive()) {
                    if (down != null && runner.health().up()) {
                        log.info("Sink restarted and writing sink={} restarts={}", name, restarts);
                        down = null;
                        downSince = null;
                    }
                    return;
                }
                Throwable cause = runner.failure().orElse(null);
                boolean stable = now - startedAt >= TimeUnit.MILLISECONDS.toNanos(STABLE_MS);
                backoffMs = stable || backoffMs == 0 ? config.restartBackoffMs()
                        : Math.min(config.restartBackoffMaxMs(), backoffMs * 2);
                down = "thread died: " + (cause == null ? "no error recorded" : cause);
                downSince = Instant.now();
                log.error("Sink thread died, restarting sink={} restart={} inMs={}", name, restarts + 1, backoffMs, cause);
                retire();
                restartAt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                return;
            }
            if (now - restartAt < 0) {
                return;
            }
            restarts++;
            try {
                launch(factory.get());
                log.info("Sink restarted sink={} restarts={}", name, restarts);
            } catch (RuntimeException e) {
                backoffMs = Math.min(config.restartBackoffMaxMs(), Math.max(config.restartBackoffMs(), backoffMs * 2));
                down = "cannot restart: " + e;
                restartAt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                log.warn("Sink cannot restart yet sink={} retryInMs={}: {}", name, backoffMs, e.toString());
            }
        }

        /** Closes the dead runner (its sink, its last audit report). */
        private void retire() {
            SinkRunner r = runner;
            runner = null;
            try {
                r.close();
            } catch (RuntimeException e) {
                log.warn("Error closing the dead sink={}", name, e);
            }
            closeReporter();
        }

        private void closeReporter() {
            if (reporter != null) {
                try {
                    reporter.close();
                } catch (RuntimeException e) {
                    log.warn("Error sending the last audit reports sink={}", name, e);
                }
                reporter = null;
            }
        }

        /** The outcome of a probe of this sink's destination; logs each change once. */
        void probed(java.util.Optional<String> problem) {
            if (problem.isPresent()) {
                if (unreachable == null) {
                    unreachableSince = Instant.now();
                    log.warn("Sink destination unreachable sink={}: {}", name, problem.get());
                }
                unreachable = problem.get();
            } else if (unreachable != null) {
                log.info("Sink destination reachable again sink={} after={}", name, unreachable);
                unreachable = null;
                unreachableSince = null;
            }
        }

        SinkHealth health() {
            if (runner == null) {
                return new SinkHealth(name, false, java.util.Optional.of(down == null ? "not running" : down),
                        downSince, -1, restarts);
            }
            SinkHealth h = runner.health();
            if (h.up() && down != null) { // restarted, not written yet
                return new SinkHealth(name, false, java.util.Optional.of("restarted after " + down), downSince,
                        h.lag(), restarts);
            }
            String problem = unreachable;
            if (h.up() && problem != null) { // nothing to write, yet the destination is gone: say so before a write fails
                return new SinkHealth(name, false, java.util.Optional.of(problem), unreachableSince, h.lag(), restarts);
            }
            return new SinkHealth(name, h.up(), h.reason(), h.since(), h.lag(), restarts);
        }

        void stop() {
            RuntimeException first = null;
            if (runner != null) {
                try {
                    runner.close();
                } catch (RuntimeException e) {
                    first = e;
                }
                runner = null;
            }
            closeReporter();
            if (first != null) {
                throw first;
            }
        }
    }
}
