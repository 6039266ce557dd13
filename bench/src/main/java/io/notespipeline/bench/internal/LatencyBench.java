package io.notespipeline.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.notespipeline.bench.BenchException;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.streams.TalkViewTopology;
import io.notespipeline.streams.ViewsConfig;
import io.notespipeline.streams.ViewsService;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row #5: produce → queryable latency at a steady rate. Events are published on a fixed schedule
 * (latency counts from the scheduled time, so a stalled sender is not hidden); an event is queryable
 * when the views service's positions store, read through interactive queries every millisecond (what the query
 * API's read-your-writes token checks), has reached its offset. The run logs what explains its figure: how late the
 * publisher's acknowledgements came, the CPU time of the views' threads and of the watcher, and the stream thread's
 * commit, poll, process and punctuate metrics and its producer's flush and transaction times. Baseline: the same
 * bytes at the same rate through a raw producer, received by a raw consumer. Latencies go into HdrHistograms (µs).
 */
public final class LatencyBench {

    private static final Logger log = LoggerFactory.getLogger(LatencyBench.class);
    private static final String SEQ_HEADER = "bench-seq";
    private static final long MAX_LATENCY_US = TimeUnit.SECONDS.toMicros(60);
    /** How often the watcher reads the positions (see {@link #watch}). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest wait for the warm-up events to arrive before the measured ones are sent. */
    private static final int CATCH_UP_SECONDS = 120;

    private final BenchCluster cluster;
    private final Workload workload;
    private final Path stateRoot;

    public LatencyBench(BenchCluster cluster, Workload workload, Path stateRoot) {
        this.cluster = cluster;
        this.workload = workload;
        this.stateRoot = stateRoot;
    }

    /** @return how many events a run of {@code seconds} at {@code perSecond} sends (bounded by the workload). */
    public int count(int perSecond, int seconds) {
        return Math.min(workload.size(), perSecond * seconds);
    }

    /**
     * Views latencies.
     *
     * @param histogram latencies in µs, the first second left out (warm-up)
     * @param censored  events not queryable when the drain time ran out; recorded at their latency so far
     *                  (a lower bound)
     */
    public record ViewsLatency(Histogram histogram, long censored) {
    }

    /**
     * Publisher → views service.
     *
     * @param drainSeconds how long after the last send the events still in flight may take
     */
    public ViewsLatency viewsLatency(int perSecond, int seconds, int drainSeconds) {
        String topic = cluster.createTopic("latency-events");
        TopicCatalog catalog = cluster.catalog();
        TalkViewTopology.Topics topics = new TalkViewTopology.Topics(BenchCluster.renamed(catalog.events(), topic),
                BenchCluster.renamed(catalog.talkViews(), cluster.createTopic("latency-views", catalog.talkViews())),
                BenchCluster.renamed(catalog.rejected(), cluster.createTopic("latency-rejected", catalog.rejected())));
        String appId = cluster.name("latency-views");
        ViewsConfig config = new ViewsConfig(Map.of(ViewsConfig.APPLICATION_ID_CONFIG, appId,
                ViewsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString(),
                ViewsConfig.STANDBY_REPLICAS_CONFIG, 0));
        int n = count(perSecond, seconds);
        long[] scheduled = new long[n];
        Histogram histogram = new Histogram(MAX_LATENCY_US, 3);
        List<Queue<long[]>> pending = new ArrayList<>();
        for (int p = 0; p < cluster.partitions(); p++) {
            pending.add(new ConcurrentLinkedQueue<>());
        }
        ViewsService service = new ViewsService(config, cluster.bootstrap(), topics);
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        AtomicLong censored = new AtomicLong();
        try (NotePublisher publisher = new NotePublisher(PublisherBench.publisherConfig(), cluster.bootstrap(),
                cluster.catalogFor(topic)).start()) {
            service.start();
            awaitRunning(service.streams());
            int warmup = warmup(perSecond, n);
            Thread watcher = new Thread(() -> watch(service.streams(), pending, scheduled, histogram, warmup,
                    deadline, censored), "bench-latency-watcher");
            watcher.start();
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            Histogram acked = new Histogram(MAX_LATENCY_US, 3);
            AtomicInteger ackedCount = new AtomicInteger();
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            for (int i = 0; i < n; i++) {
                if (i == warmup) {
                    long caughtUp = awaitCaughtUp(() -> ackedCount.get() >= warmup
                            && pending.stream().allMatch(Queue::isEmpty));
                    log.info("Views caught up with the {} warm-up events {} ms after the last was due", warmup,
                            (caughtUp - scheduled[warmup - 1]) / 1_000_000);
                    t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100) - warmup * interval;
                }
                scheduled[i] = t0 + i * interval;
                waitUntil(scheduled[i]);
                final int index = i;
                publisher.publish(workload.command(i)).whenComplete((r, e) -> {
                    if (e == null) {
                        pending.get(r.partition()).add(new long[] {r.offset(), index});
                        ackedCount.incrementAndGet();
                        synchronized (acked) {
                            record(acked, warmup, index, System.nanoTime() - scheduled[index]);
                        }
                    }
                });
            }
            log.info("Publisher lag: last send {}us after its time; acknowledged p50={}us p99={}us max={}us",
                    (System.nanoTime() - scheduled[n - 1]) / 1000, acked.getValueAtPercentile(50),
                    acked.getValueAtPercentile(99), acked.getMaxValue());
            deadline.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds));
            join(watcher);
            logMetrics(service.streams());
        } finally {
            service.close();
            service.streams().cleanUp();
        }
        log.info("Views latency events={} p50={}us p99={}us max={}us censored={}", histogram.getTotalCount(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                censored.get());
        return new ViewsLatency(histogram, censored.get());
    }

    /**
     * Reads each partition's position through interactive queries every {@link #POLL_NANOS} (one store handle per
     * partition, so a read asks one task's store) until every event published is queryable or the deadline passes.
     * A client waiting for its write would send {@code ?after=TOKEN}, which the views service answers when the fold
     * gets there ({@code PositionWatch}, no polling); the poll stands in for it at a cost the 2-core machine can bear:
     * reading all six partitions every 100 µs took 1.7 s of CPU in a run (the stream thread took 4.4 s), every 1 ms
     * with one handle per partition 0.6 to 0.8 s. It adds at most 1 ms (0.5 ms on average) to each latency: an
     * overstatement, never an understatement.
     */
    private static void watch(KafkaStreams streams, List<Queue<long[]>> pending, long[] scheduled,
            Histogram histogram, int warmup, AtomicLong deadline, AtomicLong censored) {
        List<ReadOnlyKeyValueStore<Integer, Long>> stores = new ArrayList<>();
        long[] bySecond = new long[30];
        while (true) {
            long now = System.nanoTime();
            if (now > deadline.get()) {
                for (Queue<long[]> queue : pending) {
                    for (long[] entry = queue.poll(); entry != null; entry = queue.poll()) {
                        censored.incrementAndGet();
                        record(histogram, warmup, (int) entry[1], now - scheduled[(int) entry[1]]);
                    }
                }
                logCpu();
                return;
            }
            try {
                if (stores.isEmpty()) {
                    for (int p = 0; p < pending.size(); p++) {
                        stores.add(streams.store(StoreQueryParameters.fromNameAndType(TalkViewTopology.POSITIONS_STORE,
                                QueryableStoreTypes.<Integer, Long>keyValueStore()).withPartition(p)));
                    }
                }
                boolean any = false;
                for (int p = 0; p < pending.size(); p++) {
                    Queue<long[]> queue = pending.get(p);
                    if (queue.isEmpty()) {
                        continue;
                    }
                    any = true;
                    Long position = stores.get(p).get(p);
                    long at = System.nanoTime();
                    while (position != null && !queue.isEmpty() && queue.peek()[0] <= position) {
                        int index = (int) queue.poll()[1];
                        record(histogram, warmup, index, at - scheduled[index]);
                        int second = Math.min(bySecond.length - 1, index / Math.max(1, warmup));
                        bySecond[second] = Math.max(bySecond[second], (at - scheduled[index]) / 1_000_000);
                    }
                }
                if (!any && deadline.get() != Long.MAX_VALUE) {
                    log.info("Views latency max ms per {} events sent (the first, warm-up, before the wait): {}",
                            warmup, Arrays.toString(bySecond));
                    logCpu();
                    return;
                }
            } catch (RuntimeException e) {
                stores.clear();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static void logCpu() {
        log.info("Latency watcher cpu={}ms", ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000);
    }

    /** Logs where the stream thread's time went (commit, poll, process, punctuate) and the transactions' cost. */
    private static void logMetrics(KafkaStreams streams) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().contains("latency-views") || t.getThreadName().contains("publisher"))) {
                log.info("Views thread cpu={}ms name={}", threads.getThreadCpuTime(t.getThreadId()) / 1_000_000,
                        t.getThreadName());
            }
        }
        streams.metrics().forEach((name, metric) -> {
            String n = name.name();
            boolean thread = name.group().equals("stream-thread-metrics") && (n.startsWith("commit-")
                    || n.startsWith("poll-") || n.startsWith("process-") || n.startsWith("punctuate-")
                    || n.startsWith("blocked-time") || n.startsWith("thread-start"));
            boolean producer = name.group().equals("producer-metrics") && (n.startsWith("txn-")
                    || n.startsWith("flush-time") || n.equals("record-queue-time-max")
                    || n.equals("request-latency-max")
                    || n.equals("request-latency-avg") || n.equals("outgoing-byte-rate"));
            boolean consumer = name.group().equals("consumer-fetch-manager-metrics") && name.tags().size() == 1
                    && (n.startsWith("fetch-latency") || n.startsWith("records-per-request") || n.equals("fetch-rate"));
            if (thread || producer || consumer) {
                log.info("Views metric {} {} {} = {}", name.group(), n, name.tags().getOrDefault("client-id", ""),
                        metric.metricValue());
            }
        });
    }

    private static void record(Histogram histogram, int warmup, int index, long nanos) {
        if (index >= warmup) {
            histogram.recordValue(Math.min(MAX_LATENCY_US, nanos / 1000));
        }
    }

    /** Raw producer → raw consumer with the same bytes and rate. @return latencies in µs, first second left out */
    public Histogram rawLatency(int perSecond, int seconds) {
        String topic = cluster.createTopic("latency-raw");
        int n = count(perSecond, seconds);
        long[] scheduled = new long[n];
        Histogram histogram = new Histogram(MAX_LATENCY_US, 3);
        AtomicBoolean sending = new AtomicBoolean(true);
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(PublisherBench.sameSettings(
                     PublisherBench.publisherConfig(), cluster.bootstrap()), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < cluster.partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int warmup = warmup(perSecond, n);
            AtomicInteger received = new AtomicInteger();
            Thread reader = new Thread(() -> read(consumer, n, scheduled, histogram, warmup, sending, received),
                    "bench-latency-reader");
            reader.start();
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            for (int i = 0; i < n; i++) {
                if (i == warmup) {
                    producer.flush();
                    awaitCaughtUp(() -> received.get() >= warmup);
                    t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100) - warmup * interval;
                }
                scheduled[i] = t0 + i * interval;
                waitUntil(scheduled[i]);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, workload.keys()[i],
                        workload.values()[i]);
                record.headers().add(NotePublisher.CORRELATION_HEADER, workload.correlationHeader(i));
                record.headers().add(SEQ_HEADER, ByteBuffer.allocate(4).putInt(i).array());
                producer.send(record);
            }
            producer.flush();
            sending.set(false);
            join(reader);
        }
        log.info("Raw latency events={} p50={}us p99={}us max={}us", histogram.getTotalCount(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue());
        return histogram;
    }

    private static void read(KafkaConsumer<byte[], byte[]> consumer, int n, long[] scheduled, Histogram histogram,
            int warmup, AtomicBoolean sending, AtomicInteger received) {
        long idleSince = -1;
        while (received.get() < n) {
            var records = consumer.poll(Duration.ofMillis(50));
            long now = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Header seq = r.headers().lastHeader(SEQ_HEADER);
                int index = ByteBuffer.wrap(seq.value()).getInt();
                received.incrementAndGet();
                if (index >= warmup) {
                    histogram.recordValue(Math.min(MAX_LATENCY_US, (now - scheduled[index]) / 1000));
                }
            }
            if (records.isEmpty() && !sending.get()) {
                idleSince = idleSince < 0 ? now : idleSince;
                if (now - idleSince > TimeUnit.SECONDS.toNanos(5)) {
                    log.warn("Raw latency reader gave up received={} of {}", received.get(), n);
                    return;
                }
            }
        }
    }

    /**
     * Waits (at most {@value #CATCH_UP_SECONDS} s) until {@code caughtUp}: the warm-up events sent so far have all
     * arrived, so the measured ones are sent at a steady rate to a receiver that is processing, not to one still
     * starting (the views service reaches RUNNING seconds before its tasks have opened their stores and begun to
     * fold: timed from RUNNING, the first events waited for that).
     *
     * @return when it returned (System.nanoTime)
     */
    private static long awaitCaughtUp(java.util.function.BooleanSupplier caughtUp) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
        while (!caughtUp.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                log.warn("The warm-up events did not all arrive within {} s; measuring anyway", CATCH_UP_SECONDS);
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime();
    }

    /** @return events left out of the histogram: the first second, or a fifth of a short run. */
    private static int warmup(int perSecond, int n) {
        return Math.min(perSecond, n / 5);
    }

    private static void awaitRunning(KafkaStreams streams) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new BenchException("views service not RUNNING after 60 s: " + streams.state());
            }
            ViewsBench.sleep(10);
        }
    }

    private static void waitUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
