package io.notespipeline.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.notespipeline.consumer.internal.DeadLetters;
import io.notespipeline.consumer.internal.RecordConverter;
import io.notespipeline.schemas.registry.RegistryUnavailableException;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop every sink shares: poll raw bytes (so a bad record never breaks the poll) →
 * convert with the catalogue's serde → dead-letter what cannot be read → hand the batch and the
 * next offsets to the {@link Sink}, which stores both in one atomic step. On assignment it seeks to
 * the offsets the sink stored (Kafka's committed offsets are not used). {@link #close()} flushes;
 * a package-private crash drill simulates a crash for the tests. The runner owns the sink and closes it.
 */
public final class SinkRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Sink sink;
    private final String bootstrapServers;
    private final String groupId;
    private final RecordConverter converter;
    private final DeadLetterPolicy policy;
    private final SinksConfig config;
    private final AtomicLong consumed = new AtomicLong();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean aborted;
    private volatile Throwable failure;
    private volatile String problem;
    private volatile Instant problemSince;
    private volatile long lag = -1;
    private KafkaConsumer<byte[], byte[]> consumer;
    private DeadLetters deadLetters;

    /**
     * @param sink             the destination (owned by the runner from now on)
     * @param config           poll size and timeout, dead-letter policy, group id prefix, topic names
     * @param bootstrapServers the Kafka cluster
     * @param catalog          gives the value deserializers
     */
    public SinkRunner(Sink sink, SinksConfig config, String bootstrapServers, TopicCatalog catalog) {
        this.sink = sink;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.groupId = config.groupId() + "-" + sink.name();
        this.converter = RecordConverter.of(catalog, catalog.events().name(), catalog.talkViews().name());
        this.policy = config.deadLetterPolicy();
        this.thread = new Thread(this::run, "notes-sink-" + sink.name());
    }

    /** Starts the loop on its own thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + Long.toHexString(System.nanoTime()),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = new DeadLetters(policy, sink.name(), bootstrapServers);
        running = true;
        thread.start();
        log.info("Started sink={} group={} topics={}", sink.name(), groupId, sink.topics());
    }

    /** @return records consumed and handled so far by this runner (written, buffered or dead-lettered) */
    public long recordsConsumed() {
        return consumed.get();
    }

    /** @return the exception that stopped the loop, if any (an {@link Error} also goes to the thread's uncaught handler) */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * @return up while the loop runs and its last write went through; down with the reason while it retries a
     *         failed write (the database is down, ...) or after its thread ended on an error; and the lag
     */
    public SinkHealth health() {
        Throwable f = failure;
        String reason = f != null ? "stopped: " + f : !thread.isAlive() && running ? "thread ended" : problem;
        boolean up = reason == null && thread.isAlive();
        return new SinkHealth(sink.name(), up, java.util.Optional.ofNullable(up ? null : reason == null ? "not running" : reason),
                up ? null : problemSince == null ? Instant.now() : problemSince, lag, 0);
    }

    /** @return true while the loop thread runs */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** @return the sink this runner drives */
    public Sink sink() {
        return sink;
    }

    /** Graceful stop: finishes the current batch, flushes the sink, leaves the group, closes the sink. */
    @Override
    public void close() {
        running = false;
        try {
            stopThread();
        } finally {
            sink.close();
        }
    }

    /**
     * Crash drill: stops at whatever point the loop is, without flushing. A write in progress is
     * made to fail so it rolls back; buffered records are dropped. A seam for this package's crash tests.
     */
    void closeAbruptly() {
        aborted = true;
        running = false;
        sink.abort();
        if (thread.isAlive()) {
            thread.interrupt();
        }
        stopThread();
        sink.discard();
        sink.close();
    }

    private void stopThread() {
        stopSignal.countDown();
        if (consumer != null && thread.isAlive()) {
            consumer.wakeup();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotesSinkException("interrupted while stopping sink " + sink.name(), e);
            }
        }
    }

    private void run() {
        try {
            consumer.subscribe(sink.topics(), new Rebalance());
            long backoffMs = 0;
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(config.pollTimeoutMs()));
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                    break;
                }
                if (!running) {
                    break;
                }
                updateLag();
                try {
                    process(records);
                    sink.maybeFlush(Instant.now());
                    if (!records.isEmpty()) { // an empty poll proves nothing: keep backing off until a batch goes through
                        backoffMs = 0;
                        recovered();
                    }
                } catch (NotesSinkException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (aborted) {
                        break;
                    }
                    backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(200, backoffMs * 2));
                    problem(e);
                    if (e instanceof SinkFencedException) {
                        log.warn("Sink write fenced, rewinding sink={} backoffMs={}: {}", sink.name(), backoffMs,
                                e.getMessage());
                    } else {
                        log.error("Sink write failed, rewinding sink={} backoffMs={}", sink.name(), backoffMs, e);
                    }
                    rewind(backoffMs);
                }
            }
            if (!aborted) {
                sink.flush();
            }
        } catch (WakeupException | InterruptException e) {
            if (!aborted && running) {
                failure = e;
                log.error("Sink loop interrupted sink={}", sink.name(), e);
            }
        } catch (RuntimeException e) {
            if (!aborted) {
                failure = e;
                log.error("Sink stopped on error sink={}", sink.name(), e);
            }
        } catch (Error e) {
            // not expected (e.g. pgjdbc's AssertionError under -ea when PostgreSQL drops a connection): not handled
            // here, it ends the thread through its uncaught handler; kept for SinkService's supervisor, which
            // restarts the sink and reports it
            failure = e;
            throw e;
        } finally {
            closeClients();
        }
    }

    private void problem(RuntimeException e) {
        if (problem == null) {
            problemSince = Instant.now();
        }
        problem = e.toString();
    }

    private void recovered() {
        if (problem != null) {
            log.info("Sink writes again sink={} after={}", sink.name(), problem);
            problem = null;
            problemSince = null;
        }
    }

    private void updateLag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong l = consumer.currentLag(tp);
            if (l.isEmpty()) {
                lag = -1;
                return;
            }
            total += l.getAsLong();
        }
        lag = total;
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<SinkRecord> batch = new ArrayList<>(records.count());
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(converter.convert(record));
            } catch (RuntimeException e) {
                if (RegistryUnavailableException.isCause(e)) {
                    // not a bad record: block here, the loop rewinds to the stored offsets and retries with backoff
                    throw e;
                }
                try {
                    deadLetters.handle(record, e);
                } catch (NotesSinkException fatal) {
                    // fail policy: what came before the bad record is still written
                    deadLetters.awaitSent();
                    sink.write(batch, next);
                    sink.flush();
                    throw fatal;
                }
            }
            next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        deadLetters.awaitSent();
        sink.write(batch, next);
        consumed.addAndGet(records.count());
    }

    /**
     * Discards the buffer and seeks back to the stored offsets, retrying with backoff while the sink cannot
     * say what it stored (e.g. the database is still down): the loop never polls from an unknown position.
     */
    private void rewind(long backoffMs) {
        sink.discard();
        long wait = backoffMs;
        while (true) {
            if (awaitStop(wait)) {
                running = false;
                return;
            }
            try {
                seekToStored(consumer.assignment());
                return;
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (RuntimeException e) {
                wait = Math.min(MAX_BACKOFF_MS, Math.max(200, wait * 2));
                log.warn("Sink cannot read its stored offsets, retrying sink={} backoffMs={}: {}",
                        sink.name(), wait, e.toString());
            }
        }
    }

    private boolean awaitStop(long ms) {
        try {
            return stopSignal.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void seekToStored(Collection<TopicPartition> partitions) {
        seekTo(partitions, false);
    }

    private void seekTo(Collection<TopicPartition> partitions, boolean claim) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = claim ? sink.claim(partitions) : sink.storedOffsets(partitions);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(tp);
            if (offset == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        log.info("Seeked to stored offsets sink={} stored={} fromStart={}", sink.name(), stored, fromStart);
    }

    private void closeClients() {
        boolean interrupted = Thread.interrupted();
        try {
            consumer.close(Duration.ofSeconds(aborted ? 5 : 10));
        } catch (RuntimeException e) {
            log.warn("Error closing consumer sink={}", sink.name(), e);
        }
        deadLetters.close();
        if (interrupted && !aborted) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!aborted && !partitions.isEmpty()) {
                sink.revoked(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                sink.discard();
                List<TopicPartition> kept = new ArrayList<>(consumer.assignment());
                kept.removeAll(partitions);
                seekToStored(kept);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekTo(partitions, true);
        }
    }
}
