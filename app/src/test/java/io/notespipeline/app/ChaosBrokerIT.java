package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos (e) of issue 16: {@code notes up --bootstrap} on a cluster of three Kafka nodes (separate processes,
 * replication 3, {@code min.insync.replicas=2}); under REST load one node is {@code kill -9}ed, writes go on with
 * the two others, and the node is started again. Seeded ({@code -Dchaos.seed=N}: which node, when);
 * {@code -Dchaos.long=true} kills five times.
 */
class ChaosBrokerIT {

    private static final Logger log = LoggerFactory.getLogger(ChaosBrokerIT.class);

    @TempDir
    Path tmp;

    @Test
    void shouldLoseNothingWhenOneOfThreeBrokersIsKilledUnderLoad() throws Exception {
        long seed = ChaosChecks.seed();
        boolean longRun = ChaosChecks.longRun();
        log.info("Chaos (e) seed={} long={} (replay with -Dchaos.seed={})", seed, longRun, seed);
        Random random = new Random(seed);
        int kills = longRun ? 5 : 1;
        Path logs = ChaosProcess.logDir("e");
        try (KafkaNodes cluster = new KafkaNodes(tmp.resolve("kafka"), logs, 3)) {
            Map<String, String> env = new java.util.HashMap<>(ChaosKillNotesUpIT.ENV);
            env.put("NOTES_TOPICS_REPLICATION_FACTOR", "3");
            env.put("NOTES_REGISTRY_TOPIC_REPLICATION_FACTOR", "3");
            env.put("NOTES_STREAMS_REPLICATION_FACTOR", "3");
            ChaosNotesUp up = new ChaosNotesUp(tmp.resolve("data"), logs, env, "--bootstrap", cluster.bootstrap()).start();
            List<String> perKill = new ArrayList<>();
            try (RestLoad load = new RestLoad(up.api(), seed, 4, 50, Long.MAX_VALUE).start()) {
                for (int k = 0; k < kills; k++) {
                    int node = random.nextInt(cluster.size());
                    long at = load.acknowledged() + 1_500 + random.nextInt(3_000);
                    await().atMost(Duration.ofMinutes(2)).until(() -> load.acknowledged() >= at);
                    long failedBefore = load.failedBatches();
                    load.resetMaxGap();
                    cluster.kill(node);
                    long killed = System.nanoTime();
                    long during = load.acknowledged();
                    await().atMost(Duration.ofMinutes(2)).until(() -> load.acknowledged() >= during + 1_000);
                    double writesWithTwo = (System.nanoTime() - killed) / 1e9;
                    cluster.restart(node);
                    long back = load.acknowledged();
                    await().atMost(Duration.ofMinutes(2)).until(() -> load.acknowledged() >= back + 1_000);
                    perKill.add(String.format(java.util.Locale.ROOT, "node%d:maxGap%dms/failed%d/1000acksIn%.1fs",
                            node + 1, load.maxGapMs(), load.failedBatches() - failedBefore, writesWithTwo));
                    log.info("Chaos (e) kill {} of {}: {}", k + 1, kills, perKill.get(k));
                }
                load.close();
                ChaosChecks.Outcome outcome = new ChaosChecks(up.dataDir()).settle(load.acknowledgedIds(), Duration.ofMinutes(5));
                String figures = ChaosChecks.figures("(e) kill -9 of one of three brokers", seed, ChaosChecks.map(
                        "acknowledged", load.acknowledged(), "failedBatches", load.failedBatches(), "kills", kills,
                        "perKill", perKill, "inLog", outcome.inLog(), "lost", outcome.lost(),
                        "doubled", outcome.doubled(), "settleSeconds", Math.round(outcome.settleSeconds())));
                System.out.println(figures);
                log.info(figures);
                assertThat(outcome.lost()).isZero();
                assertThat(outcome.doubled()).isZero();
            } finally {
                up.close();
            }
        }
    }
}
