package io.notespipeline.bench.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.notespipeline.bench.BenchRow;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.streams.TalkViewTopology;
import io.notespipeline.streams.ViewsConfig;
import io.notespipeline.streams.ViewsService;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows #4 and #7: the views service ({@link ViewsService} running {@link TalkViewTopology}) folding a
 * preloaded events topic from the beginning, against a trivial {@code groupByKey().aggregate} (sum of
 * the value sizes as longs) over the same topic with the same Streams settings and guarantee. The fold
 * is done when its positions store has reached the last offset of every partition; the trivial one when
 * it has seen every record. Rate = events / (done - RUNNING); wall time = done - start() (the replay).
 */
public final class ViewsBench {

    private static final Logger log = LoggerFactory.getLogger(ViewsBench.class);
    private static final long POLL_MS = 5;

    /**
     * One fold.
     *
     * @param events      events processed
     * @param rate        events per second from RUNNING to done
     * @param wallSeconds seconds from start() to done (what a rebuild takes)
     * @param complete    false when the time budget ran out first (rate from the partial progress)
     */
    public record FoldRun(long events, double rate, double wallSeconds, boolean complete, double cpuMicrosPerEvent,
                          long jitMillis, long gcMillis) {
        public FoldRun(long events, double rate, double wallSeconds, boolean complete) {
            this(events, rate, wallSeconds, complete, Double.NaN, -1, -1);
        }

        /** @return where the run's time went besides the stream threads, for a row's note */
        public String jvmText() {
            return String.format(Locale.ROOT, "stream threads %.1f µs CPU per event; during the run the JIT compiled "
                    + "for %,d ms (compiler threads, of any code in the bench JVM) and GC took %,d ms",
                    cpuMicrosPerEvent, jitMillis, gcMillis);
        }
    }

    /** @return the JVM's total JIT compilation time so far in ms, -1 when unknown */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** @return the JVM's total GC time so far in ms (every collector) */
    static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** Warm-up folds before the first measured one ({@code -Dbench.views.warmups}, default 4). */
    public static final int WARMUPS = Integer.getInteger("bench.views.warmups", 4);

    private final BenchCluster cluster;
    private final Path stateRoot;
    private boolean warmedUp;

    public ViewsBench(BenchCluster cluster, Path stateRoot) {
        this.cluster = cluster;
        this.stateRoot = stateRoot;
    }

    private ViewsConfig config(String appId, String guarantee) {
        return config(appId, guarantee, Map.of());
    }

    private ViewsConfig config(String appId, String guarantee, Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put(ViewsConfig.APPLICATION_ID_CONFIG, appId);
        values.put(ViewsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
        values.put(ViewsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        values.put(ViewsConfig.STANDBY_REPLICAS_CONFIG, 0);
        values.putAll(overrides);
        return new ViewsConfig(values);
    }

    /**
     * Folds {@code eventsTopic} into fresh views with {@code guarantee}. The first call first runs
     * {@link #WARMUPS} warm-up folds (alternately at-least-once and exactly-once, the same budget, not reported), as
     * the trivial aggregate gets its warm-up run. With one warm-up the JIT still compiled for 8.3 s (compiler
     * threads) during the 6.4 s of the measured at-least-once fold and 11.1 s during the exactly-once one, on the 2
     * cores the fold runs on; after four it compiled for 1.2 s and 2.0 s, and the fold ran at 52.7k instead of
     * 31.5k events/s (at-least-once) and 32.7k instead of 21.3k (exactly-once), while the stream threads' CPU per
     * event changed little (27-33 µs): the figures are those of a running service, not of a JVM still compiling.
     * {@code -Dbench.views.warmups=N} changes the count.
     */
    public FoldRun views(String eventsTopic, String guarantee, long budgetMs) {
        if (!warmedUp) {
            warmedUp = true;
            try {
                for (int w = 0; w < WARMUPS; w++) {
                    FoldRun warm = views(eventsTopic, w % 2 == 0 ? StreamsConfig.AT_LEAST_ONCE
                            : StreamsConfig.EXACTLY_ONCE_V2, budgetMs, "warmup" + w, Map.of());
                    log.info("Views warm-up {} {}", w, warm.jvmText());
                }
            } catch (RuntimeException e) {
                log.warn("Views warm-up failed", e);
            }
        }
        return views(eventsTopic, guarantee, budgetMs, tag(guarantee), Map.of());
    }

    /**
     * A variant of the views service (a diagnostic): the same fold with some {@link ViewsConfig} settings
     * changed.
     *
     * @param tag       names the run's application id and topics
     * @param overrides {@link ViewsConfig} settings that differ from the defaults
     */
    public FoldRun views(String eventsTopic, String guarantee, long budgetMs, String tag, Map<String, ?> overrides) {
        TalkViewTopology.Topics topics = freshTopics(eventsTopic, tag);
        Map<TopicPartition, Long> ends = cluster.endOffsets(eventsTopic);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        String appId = cluster.name("views-" + tag);
        ViewsService service = new ViewsService(config(appId, guarantee, overrides), cluster.bootstrap(), topics);
        Positions positions = new Positions(service.streams(), ends);
        try {
            long t0 = System.nanoTime();
            service.start();
            FoldRun run = await(service.streams(), appId, t0, total, positions::processed, budgetMs);
            log.info("Views fold guarantee={} tag={} overrides={} {}", guarantee, tag, overrides, run);
            return run;
        } finally {
            service.close();
            service.streams().cleanUp();
        }
    }

    /** The views' topics reading {@code eventsTopic}, writing to new views and rejected topics named by {@code tag}. */
    private TalkViewTopology.Topics freshTopics(String eventsTopic, String tag) {
        TopicCatalog catalog = cluster.catalog();
        TalkViewTopology.Topics topics = new TalkViewTopology.Topics(
                BenchCluster.renamed(catalog.events(), eventsTopic),
                BenchCluster.renamed(catalog.talkViews(), cluster.createTopic("views-" + tag, catalog.talkViews())),
                BenchCluster.renamed(catalog.rejected(), cluster.createTopic("rejected-" + tag, catalog.rejected())));
        return AUDIT ? topics.withAudit(BenchCluster.renamed(catalog.auditCounts(),
                cluster.createTopic("audit-" + tag, catalog.auditCounts())), catalog.config().auditBucketMs()) : topics;
    }

    /**
     * {@code -Dbench.views.audit=true}: the folds also count every event for the audit, as {@code notes up} does
     * (a diagnostic; the rows are measured without it).
     */
    static final boolean AUDIT = Boolean.getBoolean("bench.views.audit");

    /**
     * Row 4f: folds {@code eventsTopic} (holding a talk's setup) into fresh views, at-least-once; once the fold has
     * caught up with the setup, {@code more} sends the events to measure, and they are timed from then to the last
     * one processed.
     *
     * @param more sends the measured events to {@code eventsTopic}; @return how many it sent
     * @return events per second of the measured part
     */
    public FoldRun phase(String eventsTopic, java.util.function.IntSupplier more, long budgetMs, String tag) {
        TalkViewTopology.Topics topics = freshTopics(eventsTopic, tag);
        Map<TopicPartition, Long> ends = cluster.endOffsets(eventsTopic);
        long setup = ends.values().stream().mapToLong(Long::longValue).sum();
        String appId = cluster.name("views-" + tag);
        ViewsService service = new ViewsService(config(appId, StreamsConfig.AT_LEAST_ONCE), cluster.bootstrap(),
                topics);
        try {
            long t0 = System.nanoTime();
            long deadline = t0 + budgetMs * 1_000_000L;
            service.start();
            Positions positions = new Positions(service.streams(), ends);
            while (positions.processed() < setup && System.nanoTime() < deadline) {
                if (service.streams().state() == KafkaStreams.State.ERROR) {
                    throw new io.notespipeline.bench.BenchException("Kafka Streams failed while folding");
                }
                sleep(POLL_MS);
            }
            long t1 = System.nanoTime();
            long cpu1 = streamThreadCpuNanos(appId);
            long jit1 = jitMillis();
            long gc1 = gcMillis();
            int sent = more.getAsInt();
            Map<TopicPartition, Long> after = cluster.endOffsets(eventsTopic);
            Positions all = new Positions(service.streams(), after);
            long total = after.values().stream().mapToLong(Long::longValue).sum();
            long done = all.processed();
            while (done < total && System.nanoTime() < deadline) {
                sleep(1);
                done = all.processed();
            }
            long end = System.nanoTime();
            FoldRun run = new FoldRun(done - setup, PublisherBench.rate(done - setup, end - t1), (end - t0) / 1e9,
                    done >= total, done == setup ? Double.NaN
                            : (streamThreadCpuNanos(appId) - cpu1) / 1000.0 / (done - setup),
                    jit1 < 0 ? -1 : jitMillis() - jit1, gcMillis() - gc1);
            log.info("Views phase tag={} setup={} sent={} {}", tag, setup, sent, run);
            return run;
        } finally {
            service.close();
            service.streams().cleanUp();
        }
    }

    /** Runs the trivial aggregate over {@code eventsTopic} with the views' Streams settings. */
    public FoldRun trivial(String eventsTopic, String guarantee, long budgetMs) {
        return trivial(eventsTopic, guarantee, budgetMs, "trivial-" + tag(guarantee));
    }

    /** @param name application id suffix (a warm-up run needs its own) */
    public FoldRun trivial(String eventsTopic, String guarantee, long budgetMs, String name) {
        String appId = cluster.name(name);
        Properties props = config(appId, guarantee).streamsProperties(cluster.bootstrap(), eventsTopic + ".dlq");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        long total = cluster.endOffsets(eventsTopic).values().stream().mapToLong(Long::longValue).sum();
        AtomicLong seen = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(eventsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .peek((k, v) -> seen.incrementAndGet())
                .groupByKey()
                .aggregate(() -> 0L, (k, v, sum) -> sum + (v == null ? 0 : v.length),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("sum-of-sizes")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        try {
            long t0 = System.nanoTime();
            streams.start();
            FoldRun run = await(streams, appId, t0, total, seen::get, budgetMs);
            log.info("Trivial aggregate guarantee={} {}", guarantee, run);
            return run;
        } finally {
            streams.close(java.time.Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    /**
     * Rows 4d and 4e: the at-least-once fold with one setting changed (history retention 0; Kafka's
     * default commit interval), each for {@code budgetMs}, next to the default fold's rate.
     *
     * @param defaultRate row 4a's rate, or null when it failed
     */
    public List<BenchRow> diagnostics(String eventsTopic, long budgetMs, Double defaultRate) {
        List<BenchRow> rows = new ArrayList<>();
        record Variant(String id, String tag, String key, Object value, String figure) {
        }
        for (Variant v : List.of(
                new Variant("4d", "alos-again", null, null,
                        "diagnostic: views fold, at-least-once, the same run again (the spread between identical runs)"),
                new Variant("4e", "alos-commit30s", ViewsConfig.COMMIT_INTERVAL_CONFIG, 30_000L,
                        "diagnostic: views fold, at-least-once, commit.interval.ms 30000 (Kafka's default)"))) {
            try {
                FoldRun run = views(eventsTopic, StreamsConfig.AT_LEAST_ONCE, budgetMs, v.tag(),
                        v.key() == null ? Map.of() : Map.of(v.key(), v.value()));
                String note = v.key() == null
                        ? String.format(Locale.ROOT, "%,d events in %d s, nothing changed: row 4a's settings and "
                                + "events, under a fresh application id (how far two identical runs differ)",
                                run.events(), budgetMs / 1000)
                        : String.format(Locale.ROOT, "%,d events in %d s, only %s changed", run.events(),
                                budgetMs / 1000, v.key());
                rows.add(defaultRate == null
                        ? Rows.absolute(v.id(), v.figure(), run.rate(), "events/s", "row 4a", null, "—", null, note)
                        : Rows.absolute(v.id(), v.figure(), run.rate(), "events/s", "row 4a (the same fold, defaults)",
                                defaultRate, "—", null, note));
            } catch (RuntimeException e) {
                log.error("Figure {} failed", v.id(), e);
                rows.add(BenchRow.notMeasured(v.id(), v.figure(), "row 4a", "—", "failed: " + e));
            }
        }
        return rows;
    }

    private static FoldRun await(KafkaStreams streams, String appId, long t0, long total, LongSupplier processed,
                                 long budgetMs) {
        long running = -1;
        long jit0 = jitMillis();
        long gc0 = gcMillis();
        long deadline = t0 + budgetMs * 1_000_000L;
        long done = processed.getAsLong();
        while (done < total && System.nanoTime() < deadline) {
            if (running < 0 && streams.state() == KafkaStreams.State.RUNNING) {
                running = System.nanoTime();
            }
            if (streams.state() == KafkaStreams.State.ERROR) {
                throw new io.notespipeline.bench.BenchException("Kafka Streams failed while folding");
            }
            sleep(POLL_MS);
            done = processed.getAsLong();
        }
        long end = System.nanoTime();
        if (running < 0) {
            running = t0;
        }
        return new FoldRun(done, PublisherBench.rate(done, end - running), (end - t0) / 1e9, done >= total,
                done == 0 ? Double.NaN : streamThreadCpuNanos(appId) / 1000.0 / done,
                jit0 < 0 ? -1 : jitMillis() - jit0, gcMillis() - gc0);
    }

    /**
     * @return CPU time so far of the stream threads of {@code appId} (a cost per event less sensitive than the rate to
     *         what else runs on a shared machine; logged next to the rate)
     */
    static long streamThreadCpuNanos(String appId) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(appId)
                    && info.getThreadName().matches(".*-StreamThread-\\d+")) {
                sum += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static String tag(String guarantee) {
        return guarantee.equals(StreamsConfig.AT_LEAST_ONCE) ? "alos" : "eos";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.notespipeline.bench.BenchException("interrupted", e);
        }
    }

    /** Reads the fold's processed offsets (its positions store) through interactive queries. */
    static final class Positions {
        private final KafkaStreams streams;
        private final Map<TopicPartition, Long> ends;
        private ReadOnlyKeyValueStore<Integer, Long> store;

        Positions(KafkaStreams streams, Map<TopicPartition, Long> ends) {
            this.streams = streams;
            this.ends = ends;
        }

        /** @return events processed so far (sum over partitions of last processed offset + 1). */
        long processed() {
            try {
                if (store == null) {
                    store = streams.store(StoreQueryParameters.fromNameAndType(TalkViewTopology.POSITIONS_STORE,
                            QueryableStoreTypes.keyValueStore()));
                }
                long sum = 0;
                for (TopicPartition tp : ends.keySet()) {
                    Long last = store.get(tp.partition());
                    sum += last == null ? 0 : Math.min(last + 1, ends.get(tp));
                }
                return sum;
            } catch (RuntimeException e) {
                store = null;
                return 0;
            }
        }
    }
}
