package io.notespipeline.bench.internal;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.notespipeline.bench.BenchException;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublisherConfig;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row #1: {@link NotePublisher#publish} (build the event, validate, Avro + registry id, idempotent
 * producer, acks=all) against a raw {@code KafkaProducer<byte[], byte[]>} sending the very bytes the
 * publisher produces (same key, value and header sizes) with the same producer settings. Both send
 * asynchronously from one thread and are timed until the last acknowledgement.
 */
public final class PublisherBench {

    private static final Logger log = LoggerFactory.getLogger(PublisherBench.class);
    private static final long ACK_TIMEOUT_MINUTES = 10;

    private final BenchCluster cluster;
    private final Workload workload;

    public PublisherBench(BenchCluster cluster, Workload workload) {
        this.cluster = cluster;
        this.workload = workload;
    }

    /** @return the publisher settings of every run: the defaults (the topic comes from the catalogue). */
    public static PublisherConfig publisherConfig() {
        return PublisherConfig.defaults();
    }

    /** @return the producer settings {@link NotePublisher} uses for single events, from its config. */
    public static Map<String, Object> sameSettings(PublisherConfig config, String bootstrap) {
        return config.producerProperties(bootstrap, "bench-raw-producer");
    }

    /**
     * One timed send of events.
     *
     * @param rate            events per second, from the first send to the last acknowledgement
     * @param cpuNsPerEvent   this JVM's CPU time per event over that span (the sending thread, the producer's network
     *                        thread and its callbacks, the embedded broker)
     */
    public record Run(double rate, long cpuNsPerEvent) {
    }

    /** Sends events [from, to) through a fresh publisher to {@code topic}. */
    public Run publisher(String topic, int from, int to) {
        PublisherConfig config = publisherConfig();
        try (NotePublisher publisher = new NotePublisher(config, cluster.bootstrap(), cluster.catalogFor(topic)).start()) {
            CountDownLatch acked = new CountDownLatch(to - from);
            AtomicReference<Throwable> error = new AtomicReference<>();
            long cpu0 = HttpBench.processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = from; i < to; i++) {
                publisher.publish(workload.command(i)).whenComplete((receipt, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                    acked.countDown();
                });
            }
            await(acked, error, "publisher");
            double rate = rate(to - from, System.nanoTime() - t0);
            long cpu = (HttpBench.processCpuNanos() - cpu0) / (to - from);
            log.info("Publisher topic={} events={} rate={}/s cpuNsPerEvent={} {}", topic, to - from, (long) rate,
                    cpu, batching("notes-publisher"));
            return new Run(rate, cpu);
        }
    }

    /** Sends the pre-serialized bytes of events [from, to) through a raw producer. */
    public Run raw(String topic, int from, int to) {
        Map<String, Object> props = sameSettings(publisherConfig(), cluster.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            CountDownLatch acked = new CountDownLatch(to - from);
            AtomicReference<Throwable> error = new AtomicReference<>();
            long cpu0 = HttpBench.processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = from; i < to; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                        workload.events().get(i).getOccurredAt().toEpochMilli(), workload.keys()[i], workload.values()[i]);
                record.headers().add(NotePublisher.CORRELATION_HEADER, workload.correlationHeader(i));
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                    acked.countDown();
                });
            }
            await(acked, error, "raw producer");
            double rate = rate(to - from, System.nanoTime() - t0);
            long cpu = (HttpBench.processCpuNanos() - cpu0) / (to - from);
            log.info("Raw producer topic={} events={} rate={}/s cpuNsPerEvent={} {}", topic, to - from, (long) rate,
                    cpu, batching("bench-raw-producer"));
            return new Run(rate, cpu);
        }
    }

    /** @return the producer's batching so far, from its JMX metrics (a diagnostic for the log), or "" */
    static String batching(String clientId) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = new javax.management.ObjectName(
                    "kafka.producer:type=producer-metrics,client-id=" + clientId);
            return "recordsPerRequest=" + server.getAttribute(name, "records-per-request-avg")
                    + " batchSizeAvg=" + server.getAttribute(name, "batch-size-avg")
                    + " requestLatencyAvgMs=" + server.getAttribute(name, "request-latency-avg");
        } catch (javax.management.JMException | RuntimeException e) {
            return "";
        }
    }

    private static void await(CountDownLatch latch, AtomicReference<Throwable> error, String what) {
        try {
            if (!latch.await(ACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new BenchException(what + ": acknowledgements still missing after " + ACK_TIMEOUT_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted waiting for " + what, e);
        }
        if (error.get() != null) {
            throw new BenchException(what + " failed: " + error.get(), error.get());
        }
    }

    static double rate(long count, long nanos) {
        return count * 1e9 / Math.max(1, nanos);
    }
}
