package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.CatalogConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos (d) of issue 16: two {@code notes streams} processes share the views (one standby each, the default of a
 * separate views instance); one is {@code kill -9}ed while writers post events and readers query the other.
 * The readers must be answered again by the survivor once the group has rebalanced: the test measures how long
 * queries went unanswered. The broker, the registry, the producer API, the sinks and the audit run in this JVM.
 * Seeded ({@code -Dchaos.seed=N}); {@code -Dchaos.long=true} kills six times, alternately, restarting the killed
 * instance after each recovery.
 */
class ChaosStreamsIT {

    private static final Logger log = LoggerFactory.getLogger(ChaosStreamsIT.class);
    private static final Map<String, String> STREAMS_ENV = ChaosChecks.withGuarantee(ChaosChecks.env(
            "NOTES_STREAMS_FORWARDING_SECRET", "chaos-forwarding-secret"));

    /** Longest time queries may go unanswered after a kill (it was the 45 s session timeout and more before issue 13). */
    private static final double MAX_UNANSWERED_S = 60;

    @TempDir
    Path tmp;

    @Test
    void shouldAnswerEveryQueryFromTheSurvivorAfterKill9OfOneOfTwoStreamsInstances() throws Exception {
        long seed = ChaosChecks.seed();
        boolean longRun = ChaosChecks.longRun();
        log.info("Chaos (d) seed={} long={} (replay with -Dchaos.seed={})", seed, longRun, seed);
        Random random = new Random(seed);
        int kills = longRun ? 6 : 1;
        Path logs = ChaosProcess.logDir("d");
        Path data = tmp.resolve("data");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
             Pipeline pipeline = Pipeline.start(new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, data.toString(),
                             AppConfig.BOOTSTRAP_CONFIG, kafka.bootstrapServers(), AppConfig.HTTP_PORT_CONFIG, 0,
                             AppConfig.REGISTRY_PORT_CONFIG, 0, AppConfig.AUTH_ENABLED_CONFIG, false)),
                     CatalogConfig.defaults(), EnumSet.of(Component.REGISTRY, Component.PRODUCER, Component.SINKS,
                             Component.AUDIT), ChaosKillNotesUpIT.ENV)) {
            int[] ports = {ChaosProcess.freePort(), ChaosProcess.freePort()};
            ChaosProcess[] streams = new ChaosProcess[2];
            for (int i = 0; i < 2; i++) {
                streams[i] = startStreams(i, ports[i], kafka.bootstrapServers(), pipeline.registryUrl(), logs, tmp);
            }
            int[] survivor = {random.nextInt(2)};
            List<String> windows = new ArrayList<>();
            List<Double> unansweredSeconds = new ArrayList<>();
            try (RestLoad writers = new RestLoad(pipeline.apiUrl(), seed, 2, 20, Long.MAX_VALUE).start();
                 QueryLoad readers = new QueryLoad(() -> "http://127.0.0.1:" + ports[survivor[0]], writers.talks(),
                         seed, 4).start()) {
                for (int k = 0; k < kills; k++) {
                    int victim = 1 - survivor[0];
                    long answered = readers.answered();
                    await().atMost(Duration.ofMinutes(3)).until(() -> readers.answered() >= answered + 500
                            && writers.talks().size() >= 8);
                    int failedBefore = readers.failures().size();
                    streams[victim].kill();
                    long killed = System.nanoTime();
                    // recovered: the survivor has answered every query for 10 s in a row, 10 s after the kill at least
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        List<Long> failed = readers.failures();
                        long lastFailure = failed.isEmpty() ? killed : Math.max(killed, failed.get(failed.size() - 1));
                        return System.nanoTime() - lastFailure > 10_000_000_000L
                                && readers.lastAnsweredNanos() > lastFailure;
                    });
                    List<Long> failed = readers.failures().subList(failedBefore, readers.failures().size());
                    double unanswered = failed.isEmpty() ? 0 : (failed.get(failed.size() - 1) - killed) / 1e9;
                    windows.add(String.format(Locale.ROOT, "%.1fs/%dq", unanswered, failed.size()));
                    unansweredSeconds.add(unanswered);
                    log.info("Chaos (d) kill {} of {}: instance {} killed; queries to instance {} failed {} times, "
                            + "the last {} s after the kill", k + 1, kills, victim, survivor[0], failed.size(), unanswered);
                    if (k + 1 < kills) {
                        streams[victim] = startStreams(victim, ports[victim], kafka.bootstrapServers(),
                                pipeline.registryUrl(), logs, tmp);
                        survivor[0] = victim;
                    }
                }
                writers.close();
                readers.close();
                ChaosChecks.Outcome outcome = new ChaosChecks(data, "--bootstrap", kafka.bootstrapServers(),
                        "--registry-url", pipeline.registryUrl(), "--api-url", pipeline.apiUrl())
                        .settle(writers.acknowledgedIds(), Duration.ofMinutes(5));
                String figures = ChaosChecks.figures("(d) kill -9 of one of two notes streams", seed, ChaosChecks.map(
                        "acknowledged", writers.acknowledged(), "queriesAnswered", readers.answered(),
                        "queriesFailed", readers.failures().size(), "kills", kills,
                        "unansweredAfterKill", windows, "lost", outcome.lost(), "doubled", outcome.doubled(),
                        "standbys", 1));
                System.out.println(figures);
                log.info(figures);
                assertThat(outcome.lost()).isZero();
                assertThat(outcome.doubled()).isZero();
                assertThat(unansweredSeconds).as("seconds queries went unanswered after each kill: the killed member's "
                        + "partitions move once its 10 s session timeout (ViewsConfig) ends; the rest is rebalance and "
                        + "standby promotion, with room for a shared 2-core machine").allMatch(s -> s <= MAX_UNANSWERED_S);
            } finally {
                for (ChaosProcess p : streams) {
                    p.stop();
                }
            }
        }
    }

    private static ChaosProcess startStreams(int i, int port, String bootstrap, String registry, Path logs, Path tmp) {
        return ChaosProcess.notes("streams-" + i, logs, STREAMS_ENV, "768m", "streams", "--bootstrap", bootstrap,
                "--registry-url", registry, "--data-dir", tmp.resolve("streams-data-" + i).toString(),
                "--http-port", String.valueOf(port), "--no-auth").awaitLine("running;", Duration.ofMinutes(2));
    }
}
