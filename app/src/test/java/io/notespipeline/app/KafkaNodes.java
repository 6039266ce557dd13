package io.notespipeline.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code n} combined KRaft nodes (broker + controller), each a separate JVM running Kafka's own
 * {@code kafka.Kafka} from notes.jar, formatted with Kafka's {@code StorageTool} as {@code kafka-storage format}
 * does. Replication 3 and {@code min.insync.replicas=2} for every topic and the internal ones, so one node may die
 * without refusing a write. A node {@link #kill(int) killed} restarts on its data dir and ports.
 */
final class KafkaNodes implements AutoCloseable {

    private final Path root;
    private final Path logs;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final ChaosProcess[] nodes;

    KafkaNodes(Path root, Path logs, int n) {
        this.root = root;
        this.logs = logs;
        this.brokerPorts = IntStream.range(0, n).map(i -> ChaosProcess.freePort()).toArray();
        this.controllerPorts = IntStream.range(0, n).map(i -> ChaosProcess.freePort()).toArray();
        this.nodes = new ChaosProcess[n];
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < n; i++) {
            format(i, clusterId);
        }
        for (int i = 0; i < n; i++) {
            start(i);
        }
        for (int i = 0; i < n; i++) {
            awaitReady(i);
        }
    }

    String bootstrap() {
        return IntStream.of(brokerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    int size() {
        return nodes.length;
    }

    /** {@code kill -9} of node {@code i}. */
    void kill(int i) {
        nodes[i].kill();
    }

    /** Starts node {@code i} again on its data and ports; waits until it says it started. */
    void restart(int i) {
        start(i);
        awaitReady(i);
    }

    /** Waits until node {@code i} answers a metadata request on its own listener and sees the whole cluster. */
    private void awaitReady(int i) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!nodes[i].alive()) {
                throw new IllegalStateException("kafka node " + (i + 1) + " exited; see " + logs);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPorts[i],
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= 1;
            }
        });
    }

    private void start(int i) {
        nodes[i] = ChaosProcess.kafka("kafka-" + (i + 1), logs, properties(i));
    }

    private Path properties(int i) {
        Path dir = root.resolve("node-" + (i + 1));
        Path file = dir.resolve("server.properties");
        if (Files.exists(file)) {
            return file;
        }
        String voters = IntStream.range(0, nodes.length).mapToObj(v -> (v + 1) + "@127.0.0.1:" + controllerPorts[v])
                .collect(Collectors.joining(","));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(i + 1));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("auto.create.topics.enable", "false");
        try {
            Files.createDirectories(dir);
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "chaos suite: node " + (i + 1) + " of " + nodes.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private void format(int i, String clusterId) {
        Path config = properties(i);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", ChaosProcess.JAR.toString(), "kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", config.toString(), "--feature", "transaction.version=1"));
        try {
            Files.createDirectories(logs);
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("format-" + (i + 1) + ".log").toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("kafka-storage format of node " + (i + 1) + " failed: "
                        + Files.readString(logs.resolve("format-" + (i + 1) + ".log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (ChaosProcess node : nodes) {
            if (node != null) {
                node.stop();
            }
        }
    }
}
