package io.notespipeline.bench.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.notespipeline.bench.BenchException;
import io.notespipeline.consumer.LakeSink;
import io.notespipeline.consumer.Sink;
import io.notespipeline.consumer.SinkRunner;
import io.notespipeline.consumer.SinksConfig;
import io.notespipeline.consumer.Warehouse;
import io.notespipeline.consumer.WarehouseSink;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row #8: the warehouse sink into SQLite and PostgreSQL and the lake sink, each on its own
 * {@link SinkRunner} reading the preloaded events topic from the beginning, against a raw
 * {@code KafkaConsumer<byte[], byte[]>} with the sinks' poll size and isolation level. Every rate is
 * counted from the first batch seen (group join excluded, the same for all) to the end of a graceful
 * close (so the lake's last files and the warehouse's last transaction are included).
 */
public final class SinksBench {

    private static final Logger log = LoggerFactory.getLogger(SinksBench.class);

    /**
     * One drain.
     *
     * @param events   records counted in the rate
     * @param rate     records per second
     * @param complete false when the time budget ran out first
     */
    public record Drain(long events, double rate, boolean complete) {
    }

    private final BenchCluster cluster;
    private final Path dataRoot;
    private final java.util.Set<String> createdViews = new java.util.HashSet<>();

    public SinksBench(BenchCluster cluster, Path dataRoot) {
        this.cluster = cluster;
        this.dataRoot = dataRoot;
    }

    /** Reads all of {@code topic} with a raw consumer. */
    public Drain rawConsumer(String topic, long total, long budgetMs) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, cluster.name("raw-consumer-" + System.nanoTime()),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SinksConfig.MAX_POLL_RECORDS_DEFAULT,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        long t0 = System.nanoTime();
        long deadline = t0 + budgetMs * 1_000_000L;
        long first = -1;
        long firstCount = 0;
        long count = 0;
        long bytes = 0;
        try {
            consumer.subscribe(List.of(topic));
            while (count < total && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                count += records.count();
                if (first < 0 && records.count() > 0) {
                    first = System.nanoTime();
                    firstCount = count;
                }
            }
        } finally {
            consumer.close();
        }
        Drain drain = drained(t0, first, firstCount, count, total);
        log.info("Raw consumer topic={} bytes={} {}", topic, bytes, drain);
        return drain;
    }

    /** Drains {@code topic} into the warehouse at {@code jdbcUrl}. */
    public Drain warehouse(String topic, String label, String jdbcUrl, long total, long budgetMs) {
        SinksConfig config = config(topic, label, Map.of(SinksConfig.WAREHOUSE_URL_CONFIG, jdbcUrl));
        return drain(new WarehouseSink(Warehouse.open(config), config, catalog(topic, label)), config, catalog(topic, label),
                total, budgetMs);
    }

    /** Drains {@code topic} into a lake folder. */
    public Drain lake(String topic, long total, long budgetMs) {
        SinksConfig config = config(topic, "lake", Map.of());
        return drain(new LakeSink(config, catalog(topic, "lake")), config, catalog(topic, "lake"), total, budgetMs);
    }

    private SinksConfig config(String topic, String label, Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(extra);
        values.put(SinksConfig.GROUP_ID_CONFIG, cluster.name("sinks-" + label));
        values.put(SinksConfig.DATA_DIR_CONFIG, dataRoot.resolve(label).toString());
        return new SinksConfig(values);
    }

    /** @return the catalogue reading {@code topic}, with its own empty views topic for the sink labelled {@code label} */
    private TopicCatalog catalog(String topic, String label) {
        TopicCatalog catalog = cluster.catalogFor(topic);
        String views = catalog.talkViews().name();
        if (!createdViews.contains(views)) {
            cluster.createExactly(views, catalog.talkViews());
            createdViews.add(views);
        }
        return catalog;
    }

    private Drain drain(Sink sink, SinksConfig config, TopicCatalog catalog, long total, long budgetMs) {
        SinkRunner runner = new SinkRunner(sink, config, cluster.bootstrap(), catalog);
        long t0 = System.nanoTime();
        long deadline = t0 + budgetMs * 1_000_000L;
        long first = -1;
        long firstCount = 0;
        LongSupplier consumed = runner::recordsConsumed;
        try {
            runner.start();
            long seen = 0;
            while (seen < total && System.nanoTime() < deadline) {
                if (runner.failure().isPresent()) {
                    throw new BenchException("sink " + sink.name() + " failed: " + runner.failure().get(),
                            runner.failure().get());
                }
                ViewsBench.sleep(1);
                seen = consumed.getAsLong();
                if (first < 0 && seen > 0) {
                    first = System.nanoTime();
                    firstCount = seen;
                }
            }
        } finally {
            runner.close();
        }
        long count = consumed.getAsLong();
        if (first < 0) {
            throw new BenchException("sink " + sink.name() + " consumed nothing within " + budgetMs + " ms");
        }
        Drain drain = drained(t0, first, firstCount, count, total);
        log.info("Sink {} {}", sink.name(), drain);
        return drain;
    }

    /**
     * The rate from the first batch seen (so the group join is not counted) to now; when the first batch
     * was everything (a tiny run), from the start instead.
     */
    private static Drain drained(long start, long first, long firstCount, long count, long total) {
        long end = System.nanoTime();
        boolean oneBatch = firstCount >= count;
        long counted = oneBatch ? count : count - firstCount;
        return new Drain(counted, PublisherBench.rate(counted, end - (oneBatch ? start : first)), count >= total);
    }

    /**
     * A fresh schema in the PostgreSQL of {@code serverUrl}, dropped on close.
     *
     * @param url the JDBC URL whose default schema is the fresh one
     */
    public record PgSchema(String serverUrl, String schema, String url) implements AutoCloseable {

        /** Creates {@code bench_<suffix>} in the database of {@code serverUrl}. */
        public static PgSchema create(String serverUrl, String suffix) {
            String schema = "bench_" + suffix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            execute(serverUrl, "CREATE SCHEMA " + schema);
            return new PgSchema(serverUrl, schema,
                    serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        }

        private static void execute(String serverUrl, String sql) {
            try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new BenchException(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            execute(serverUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
