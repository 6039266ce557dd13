package io.notespipeline.schemas.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicAdmin;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.AuditCount;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link AuditCounter}'s changed entries to {@code _audit} every interval and once more at
 * {@link #close()}. A report is cumulative and keyed by {@link AuditKeys#keyOf}, so a resend is harmless;
 * a report the broker did not acknowledge is marked changed again and sent at the next round.
 */
public final class AuditReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditReporter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final AuditCounter counter;
    private final Topic<String, AuditCount> topic;
    private final Clock clock;
    private final Producer<String, AuditCount> producer;
    private final ScheduledExecutorService scheduler;
    private final TopicCatalog catalog;
    private final Admin admin;
    private boolean topicReady;
    private boolean closed;

    /**
     * @param counter          the counts to report
     * @param catalog          gives the typed {@code _audit} topic, its policy and replication (the reporter creates
     *                         the topic if it is missing, before its first send, so a send never waits for it)
     * @param bootstrapServers the Kafka cluster
     * @param interval         how often changed entries are sent
     * @param clock            stamps {@code reportedAt}
     */
    public AuditReporter(AuditCounter counter, TopicCatalog catalog, String bootstrapServers,
            Duration interval, Clock clock) {
        this.counter = counter;
        this.catalog = catalog;
        this.topic = catalog.auditCounts();
        this.clock = clock;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "notes-audit-" + counter.tier() + "-" + Long.toHexString(System.nanoTime()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // reports are cumulative and keyed: a duplicate is harmless, only order per key matters, and one request
        // in flight keeps it; idempotence would add broker-side producer state for no gain
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notes-audit-" + counter.tier());
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::safeFlush, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Sends the changed entries now and waits for their acknowledgement. @return reports sent */
    public synchronized int flush() {
        if (closed) {
            return 0;
        }
        List<AuditCount> reports = counter.drainChanged(clock.instant());
        if (reports.isEmpty()) {
            return 0;
        }
        if (!topicReady) {
            try {
                TopicAdmin.ensureTopics(admin, List.of(catalog.audit()), catalog.config().replicationFactor());
                topicReady = true;
            } catch (RuntimeException e) {
                counter.markChanged(reports);
                log.warn("Cannot prepare topic={}, audit reports wait for the next round tier={}: {}", topic.name(),
                        counter.tier(), e.toString());
                return 0;
            }
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(reports.size());
        try {
            for (AuditCount r : reports) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), AuditKeys.keyOf(r), r)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counter.markChanged(reports);
            return 0;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            counter.markChanged(reports);
            log.warn("Audit reports not acknowledged, resent next round tier={} reports={}: {}", counter.tier(),
                    reports.size(), e.toString());
            return 0;
        }
        log.debug("Audit reports sent tier={} reports={}", counter.tier(), reports.size());
        return reports.size();
    }

    private void safeFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Audit report round failed tier={}", counter.tier(), e);
        }
    }

    /** Stops the schedule, sends what changed one last time, closes the producer. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        synchronized (this) {
            closed = true;
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }
}
