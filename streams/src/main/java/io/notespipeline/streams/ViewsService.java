package io.notespipeline.streams;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

import io.notespipeline.schemas.TopicCatalog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views service: owns the {@link KafkaStreams} instance running {@link TalkViewTopology}.
 * Several instances with the same application id share the partitions; {@link QueryApi} answers
 * for any of them. Lifecycle: construct, {@link #start()}, {@link #close()}.
 */
public final class ViewsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ViewsService.class);

    private final ViewsConfig config;
    private final String bootstrapServers;
    private final TalkViewTopology.Topics topics;
    private final KafkaStreams streams;

    /** Views of the catalogue's topics. */
    public ViewsService(ViewsConfig config, String bootstrapServers, TopicCatalog catalog) {
        this(config, bootstrapServers, TalkViewTopology.Topics.of(catalog));
    }

    /** Views of the given topics (tests use their own topic names). */
    public ViewsService(ViewsConfig config, String bootstrapServers, TalkViewTopology.Topics topics) {
        this.config = Objects.requireNonNull(config, "config");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        boolean audit = topics.audit() != null && !config.auditInterval().isZero();
        this.topics = audit ? topics : new TalkViewTopology.Topics(topics.events(), topics.views(), topics.rejected());
        Topology topology = new TalkViewTopology(this.topics, config.retention(),
                audit ? config.auditInterval() : TalkViewTopology.AUDIT_INTERVAL_DEFAULT)
                .withEmitInterval(config.emitInterval()).build(new StreamsBuilder());
        Properties properties = config.streamsProperties(bootstrapServers, topics.events().name() + TopicCatalog.DLQ_SUFFIX);
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId(config));
        this.streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed applicationId={}; replacing it", config.applicationId(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new RestoreLog(config.applicationId()));
        streams.setStateListener((now, before) -> log.info("Views state {} -> {} applicationId={} server={}",
                before, now, config.applicationId(), config.applicationServer()));
    }

    /**
     * Says what each restoration costs: from which changelog offset a store restores (0 when its local state was
     * lost or is new) and how many records it replayed; a restart after a crash should restore from near the end.
     */
    private record RestoreLog(String applicationId) implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            log.info("Restoring store={} changelog={} fromOffset={} toOffset={} applicationId={}", store, partition,
                    startingOffset, endingOffset, applicationId);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
            // per batch: too chatty to log
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            log.info("Restored store={} changelog={} records={} applicationId={}", store, partition, totalRestored,
                    applicationId);
        }
    }

    /**
     * Static membership (KIP-345): the same id after a restart on the same state folder, so that an instance killed
     * and restarted within the session timeout takes back its own partitions without a rebalance and without the
     * group waiting for the dead member's session to expire first (Kafka Streams appends the stream thread's
     * index). Unique in the group: the host plus the state folder, which one instance at a time can lock.
     */
    static String groupInstanceId(ViewsConfig config) {
        Path state = Path.of(config.getString(ViewsConfig.STATE_DIR_CONFIG)).toAbsolutePath().normalize();
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        String where = host + ":" + state;
        return config.applicationId() + "-" + String.format("%08x", where.hashCode()) + "-"
                + host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Starts processing (returns at once; the first rebalance and restore run in the background). */
    public void start() {
        log.info("Starting views applicationId={} server={} events={}", config.applicationId(),
                config.applicationServer(), topics.events().name());
        streams.start();
    }

    /** @return true when the instance processes (RUNNING), false while it (re)balances, restores or is closed. */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** @return the Kafka Streams instance, for queries. */
    public KafkaStreams streams() {
        return streams;
    }

    public ViewsConfig config() {
        return config;
    }

    public TalkViewTopology.Topics topics() {
        return topics;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops processing and leaves the group so that the others take over at once. */
    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30))
                .leaveGroup(true));
        log.info("Closed views applicationId={} server={}", config.applicationId(), config.applicationServer());
    }
}
