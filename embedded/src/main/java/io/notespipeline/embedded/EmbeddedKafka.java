package io.notespipeline.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined KRaft broker + controller) running inside this JVM,
 * built from Kafka's own classes: the storage is formatted the way {@code kafka-storage format}
 * does it, then {@link KafkaRaftServer} starts.
 *
 * <p>Listens on loopback only. The data directory is either given (and kept across restarts:
 * formatting happens only once) or temporary (deleted on {@link #close()}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(9092).start()) {
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final KafkaRaftServer server;
    private volatile boolean closed;

    private EmbeddedKafka(Path dataDir, boolean temporary, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
        this.server = server;
    }

    /** @return a builder with a free port and a temporary data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code 127.0.0.1:<port>}, the address clients connect to. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** @return the port the broker listens on. */
    public int port() {
        return port;
    }

    /** @return the directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for it; deletes the data directory if it was temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Stopping embedded Kafka bootstrap={}", bootstrapServers());
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Builds and starts an {@link EmbeddedKafka}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** Keep the broker's data in {@code dir} (created if missing, reused if formatted before). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Listen on this port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new EmbeddedKafkaException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Overrides one broker setting (e.g. {@code num.partitions}). */
        public Builder brokerConfig(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Checks the port and the data directory, formats the storage if needed and starts the broker.
         * On any failure nothing half-formatted is left behind.
         *
         * @throws EmbeddedKafkaException with one clear sentence when the port is taken or the
         *     directory is unusable
         */
        public EmbeddedKafka start() {
            int brokerPort = port == 0 ? freePort() : requireFreePort(port);
            int controllerPort = freePort();
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
            boolean existedBefore = Files.exists(dir);
            boolean formatted = Files.exists(dir.resolve("logs").resolve(META_PROPERTIES));
            try {
                prepareDirectory(dir);
                Properties props = brokerProperties(dir, brokerPort, controllerPort);
                if (!formatted) {
                    format(dir, props);
                }
                long started = System.nanoTime();
                KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
                EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, brokerPort, server);
                try {
                    server.startup();
                    awaitReady(kafka.bootstrapServers());
                } catch (RuntimeException e) {
                    kafka.closeQuietly();
                    throw e;
                }
                log.info("Embedded Kafka ready bootstrap={} dataDir={} formatted={} startupMs={}",
                        kafka.bootstrapServers(), dir, !formatted,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return kafka;
            } catch (RuntimeException e) {
                if (temporary || !existedBefore) {
                    deleteRecursively(dir);
                } else if (!formatted) {
                    deleteRecursively(dir.resolve("logs"));
                }
                throw e;
            }
        }

        private Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", dir.resolve("logs").toString());
            p.put("metadata.log.dir", dir.resolve("logs").toString());
            // single node: every internal topic has one replica
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "5");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "5");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            // the cleaner's default 128 MiB dedupe buffer lives on the heap; an OOM halts the JVM
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
            p.put("log.cleaner.threads", "1");
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "4");
            p.put("auto.create.topics.enable", "false");
            p.putAll(overrides);
            return p;
        }
    }

    private static void format(Path dir, Properties props) {
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, "embedded KRaft broker (written by notes-pipeline for kafka-storage format)");
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot write " + config + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted",
                // transactions v2 made freshly created partitions answer OUT_OF_ORDER_SEQUENCE_NUMBER ("Expected
                // sequence 0 for transactions v2 idempotent producer with no existing state") to exactly-once
                // producers under load, which corrupted Streams tasks in our tests; v1 is the 3.x protocol
                "--feature", "transaction.version=1"
            }, out);
        } catch (Exception e) {
            throw new EmbeddedKafkaException("formatting Kafka storage in " + dir + " failed: " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new EmbeddedKafkaException("formatting Kafka storage in " + dir + " failed: "
                    + buffer.toString(StandardCharsets.UTF_8).trim());
        }
        log.debug("Formatted Kafka storage dir={} output={}", dir, buffer.toString(StandardCharsets.UTF_8).trim());
    }

    private static void awaitReady(String bootstrap) {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(conf)) {
            admin.describeCluster().nodes().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for the broker at " + bootstrap, e);
        } catch (Exception e) {
            throw new EmbeddedKafkaException("broker at " + bootstrap + " did not become ready: " + e.getMessage(), e);
        }
    }

    private static void prepareDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("data directory " + dir + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new EmbeddedKafkaException("data directory " + dir + " is not a writable directory");
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("notes-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new EmbeddedKafkaException("port " + port + " is already in use on 127.0.0.1", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeQuietly() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Error while stopping a broker that failed to start dataDir={}", dataDir, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete dir={}", dir, e);
        }
    }
}
