package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.CatalogConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos (b) of issue 16: the schema registry ({@code notes registry}, a process of its own) is {@code kill -9}ed,
 * and while it is down the sinks ({@code notes sinks}) and the views ({@code notes streams}) are killed and started
 * again: they must wait for the registry, never dead-letter or skip a record because it did not answer. The broker,
 * the producer API and the audit run in this JVM; writers keep posting throughout (answered 503 while the registry
 * is needed and gone). Seeded ({@code -Dchaos.seed=N}); {@code -Dchaos.long=true} takes the registry down three
 * times, for longer.
 */
class ChaosRegistryIT {

    private static final Logger log = LoggerFactory.getLogger(ChaosRegistryIT.class);
    /** What a sink or views instance logs when it starts while the registry does not answer. */
    private static final String WAITING = "Schema registry unavailable at start, waiting for it";

    @TempDir
    Path tmp;

    @Test
    void shouldNeitherDeadLetterNorSkipAnythingWhenSinksAndViewsRestartWhileTheRegistryIsDown() throws Exception {
        long seed = ChaosChecks.seed();
        boolean longRun = ChaosChecks.longRun();
        log.info("Chaos (b) seed={} long={} (replay with -Dchaos.seed={})", seed, longRun, seed);
        Random random = new Random(seed);
        int outages = longRun ? 3 : 1;
        Path logs = ChaosProcess.logDir("b");
        Path data = tmp.resolve("data");
        int registryPort = ChaosProcess.freePort();
        int viewsPort = ChaosProcess.freePort();
        String registryUrl = "http://127.0.0.1:" + registryPort;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            String bootstrap = kafka.bootstrapServers();
            ChaosProcess registry = registry(bootstrap, registryPort, logs);
            try (Pipeline pipeline = Pipeline.start(new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG,
                            tmp.resolve("producer").toString(), AppConfig.BOOTSTRAP_CONFIG, bootstrap,
                            AppConfig.REGISTRY_URL_CONFIG, registryUrl, AppConfig.HTTP_PORT_CONFIG, 0,
                            AppConfig.AUTH_ENABLED_CONFIG, false)),
                    CatalogConfig.defaults(), EnumSet.of(Component.PRODUCER, Component.AUDIT), ChaosKillNotesUpIT.ENV)) {
                ChaosProcess sinks = sinks(bootstrap, registryUrl, data, logs);
                ChaosProcess views = views(bootstrap, registryUrl, viewsPort, logs);
                List<Long> downMs = new java.util.ArrayList<>();
                try (RestLoad writers = new RestLoad(pipeline.apiUrl(), seed, 2, 20, Long.MAX_VALUE).start()) {
                    for (int o = 0; o < outages; o++) {
                        long at = writers.acknowledged() + 1_000 + random.nextInt(2_000);
                        await().atMost(Duration.ofMinutes(2)).until(() -> writers.acknowledged() >= at);
                        registry.kill();
                        long down = System.nanoTime();
                        sinks.kill();
                        views.kill();
                        sinks = sinks(bootstrap, registryUrl, data, logs);
                        views = views(bootstrap, registryUrl, viewsPort, logs);
                        long outage = (longRun ? 20_000 : 5_000) + random.nextInt(5_000);
                        ChaosProcess s0 = sinks;
                        ChaosProcess v0 = views;
                        // both restarted processes reach the registry while it is down (and say they wait for it)...
                        await().atMost(Duration.ofMinutes(2)).until(() -> {
                            assertThat(s0.alive() && v0.alive()).as("sinks and views keep running without the registry")
                                    .isTrue();
                            return s0.logged(WAITING) && v0.logged(WAITING);
                        });
                        // ...and keep running while the outage goes on
                        await().during(Duration.ofMillis(outage)).atMost(Duration.ofMillis(outage + 30_000))
                                .until(() -> s0.alive() && v0.alive());
                        registry = registry(bootstrap, registryPort, logs);
                        downMs.add((System.nanoTime() - down) / 1_000_000);
                        long back = writers.acknowledged();
                        ChaosProcess s = sinks;
                        ChaosProcess v = views;
                        s.awaitLine("running;", Duration.ofMinutes(2));
                        v.awaitLine("running;", Duration.ofMinutes(2));
                        await().atMost(Duration.ofMinutes(2)).until(() -> writers.acknowledged() >= back + 500);
                        log.info("Chaos (b) outage {} of {}: registry down {} ms while sinks and views restarted",
                                o + 1, outages, downMs.get(o));
                    }
                    writers.close();
                    ChaosChecks.Outcome outcome = new ChaosChecks(data, "--bootstrap", bootstrap, "--registry-url",
                            registryUrl, "--api-url", pipeline.apiUrl()).settle(writers.acknowledgedIds(), Duration.ofMinutes(5));
                    long deadLettered = deadLettered(bootstrap);
                    String figures = ChaosChecks.figures("(b) registry down while sinks and views restart", seed,
                            ChaosChecks.map("acknowledged", writers.acknowledged(), "failedBatches", writers.failedBatches(),
                                    "outages", outages, "registryDownMs", downMs, "deadLettered", deadLettered,
                                    "lost", outcome.lost(), "doubled", outcome.doubled(),
                                    "settleSeconds", Math.round(outcome.settleSeconds())));
                    System.out.println(figures);
                    log.info(figures);
                    assertThat(deadLettered).as("records dead-lettered because the registry did not answer").isZero();
                    assertThat(outcome.lost()).isZero();
                    assertThat(outcome.doubled()).isZero();
                } finally {
                    sinks.stop();
                    views.stop();
                }
            } finally {
                registry.stop();
            }
        }
    }

    private static ChaosProcess registry(String bootstrap, int port, Path logs) {
        return ChaosProcess.notes("registry", logs, Map.of(), "256m", "registry", "--bootstrap", bootstrap,
                "--registry-port", String.valueOf(port), "--no-auth").awaitLine("running;", Duration.ofMinutes(2));
    }

    /** Started, not awaited: with the registry down it may only come up once the registry is back. */
    private ChaosProcess sinks(String bootstrap, String registryUrl, Path data, Path logs) {
        return ChaosProcess.notes("sinks", logs, ChaosKillNotesUpIT.ENV, "512m", "sinks", "--bootstrap", bootstrap,
                "--registry-url", registryUrl, "--data-dir", data.toString(), "--no-auth");
    }

    private ChaosProcess views(String bootstrap, String registryUrl, int port, Path logs) {
        return ChaosProcess.notes("streams", logs, Map.of("NOTES_STREAMS_FORWARDING_SECRET", "chaos-forwarding-secret"),
                "768m", "streams", "--bootstrap", bootstrap, "--registry-url", registryUrl, "--data-dir",
                tmp.resolve("views").toString(), "--http-port", String.valueOf(port), "--no-auth");
    }

    /** @return records in every dead-letter topic of the cluster */
    private static long deadLettered(String bootstrap) throws Exception {
        try (Admin admin = Pipeline.admin(bootstrap)) {
            List<String> dlqs = admin.listTopics().names().get().stream().filter(n -> n.contains("dlq")).toList();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(dlqs).allTopicNames().get().forEach((name, d) -> d.partitions()
                    .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
