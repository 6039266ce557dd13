package io.notespipeline.producer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.notespipeline.producer.BatchProgress;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches atomically with a transactional producer, one transaction at a time on its own thread.
 * The producer is created (and its transactions initialised) on first use and again after a fatal error,
 * so an unreachable cluster at start-up fails the batch, not the publisher.
 */
public final class TransactionalSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalSender.class);

    private final Map<String, Object> props;
    private final Duration closeTimeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notes-publisher-tx");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;

    /** @param props producer settings, {@code transactional.id} included */
    public TransactionalSender(Map<String, Object> props, Duration closeTimeout) {
        this.props = new HashMap<>(props);
        this.props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.closeTimeout = closeTimeout;
    }

    /** @return the metadata of every record once the transaction committed; failed if it was aborted. */
    public CompletableFuture<List<RecordMetadata>> send(List<ProducerRecord<String, byte[]>> records,
            BatchProgress progress) {
        return CompletableFuture.supplyAsync(() -> transaction(records, progress), executor);
    }

    private List<RecordMetadata> transaction(List<ProducerRecord<String, byte[]>> records, BatchProgress progress) {
        Producer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            AtomicInteger acked = new AtomicInteger();
            List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                futures.add(p.send(record, (metadata, error) -> {
                    if (error == null) {
                        progress.onProgress(acked.incrementAndGet(), records.size());
                    }
                }));
            }
            p.commitTransaction();
            List<RecordMetadata> out = new ArrayList<>(futures.size());
            for (Future<RecordMetadata> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            log.warn("Transactional producer failed fatally, it will be recreated: {}", e.toString());
            reset();
            throw e;
        } catch (KafkaException e) {
            abort(p);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(p);
            throw new KafkaException("interrupted while committing", e);
        } catch (ExecutionException e) {
            // commit succeeded, so every send did; kept for completeness
            throw new KafkaException(e.getCause());
        }
    }

    private void abort(Producer<String, byte[]> p) {
        try {
            p.abortTransaction();
        } catch (KafkaException e) {
            log.warn("Cannot abort the transaction, the producer will be recreated: {}", e.toString());
            reset();
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Producer<String, byte[]> created = new KafkaProducer<>(props);
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
            log.info("Transactional producer ready transactionalId={}", props.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        }
        return producer;
    }

    private void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(closeTimeout);
            producer = null;
        }
    }
}
