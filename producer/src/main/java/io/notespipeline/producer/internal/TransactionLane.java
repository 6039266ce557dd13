package io.notespipeline.producer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.notespipeline.producer.internal.TransactionalSender.Batch;
import io.notespipeline.producer.internal.TransactionalSender.NotWrittenException;
import io.notespipeline.producer.internal.TransactionalSender.OutcomeUnknownException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional producer of a {@link TransactionalSender}, used by one thread: a transaction in two steps,
 * {@link #send} (begin, send every record, wait until each is acknowledged) and {@link #commit}, so that the
 * sender can let another lane send while this one commits. The producer is created (and its transactions
 * initialised) on first use and again after a fatal error, so an unreachable cluster fails the batch, not the
 * publisher. Not thread-safe.
 */
final class TransactionLane {

    private static final Logger log = LoggerFactory.getLogger(TransactionLane.class);

    private final Map<String, Object> props;
    private final long commitRetryMs;
    private Producer<String, byte[]> producer;

    /** @param props producer settings, its own {@code transactional.id} and {@code transaction.timeout.ms} included */
    TransactionLane(Map<String, Object> props) {
        this.props = props;
        Object txTimeout = props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        this.commitRetryMs = txTimeout == null ? 60_000L : Long.parseLong(txTimeout.toString());
    }

    /** The records of a group sent in an open transaction, each acknowledged; {@link #commit} ends it. */
    record Sent(Producer<String, byte[]> producer, List<Future<RecordMetadata>> futures) {
    }

    /**
     * Begins a transaction and sends every record of the group, waiting for each acknowledgement.
     *
     * @throws NotWrittenException when a send failed: the transaction was aborted (or its producer closed)
     */
    Sent send(List<Batch> group) {
        Producer<String, byte[]> p;
        try {
            p = producer();
        } catch (KafkaException e) {
            throw new NotWrittenException("cannot initialise the transactional producer: " + e.getMessage(), e);
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try {
            p.beginTransaction();
            for (Batch batch : group) {
                int total = batch.records.size();
                for (ProducerRecord<String, byte[]> record : batch.records) {
                    futures.add(p.send(record, (metadata, error) -> {
                        if (error == null) {
                            batch.progress.onProgress(batch.acked.incrementAndGet(), total);
                        }
                    }));
                }
            }
            p.flush();
            for (Future<RecordMetadata> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw notWritten(p, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(p, e);
        } catch (KafkaException e) {
            throw notWritten(p, e);
        }
        return new Sent(p, futures);
    }

    /**
     * Commits what {@link #send} sent, retrying timeouts until {@code transaction.timeout.ms}; never aborts once
     * the commit was asked.
     *
     * @return the metadata of every record, in sending order
     * @throws OutcomeUnknownException when the commit's result is not known
     * @throws NotWrittenException     when the commit was refused (an abortable error): aborted, nothing written
     */
    List<RecordMetadata> commit(Sent sent) {
        Producer<String, byte[]> p = sent.producer();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitRetryMs);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                p.commitTransaction();
                if (attempts > 1) {
                    log.info("Transaction committed after {} attempts", attempts);
                }
                return metadata(sent.futures());
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    reset();
                    throw new OutcomeUnknownException("the commit timed out " + attempts + " times in "
                            + commitRetryMs + " ms; the transaction may or may not have committed", e);
                }
                log.warn("Commit timed out (attempt {}), retrying: {}", attempts, e.getMessage());
            } catch (InterruptException e) {
                reset();
                throw new OutcomeUnknownException("interrupted while committing", e);
            } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                     | AuthorizationException | UnsupportedVersionException e) {
                reset();
                throw new OutcomeUnknownException("the producer failed fatally while committing: " + e, e);
            } catch (KafkaException e) {
                // an abortable error (a send of the transaction failed): the commit was refused
                throw notWritten(p, e);
            }
        }
    }

    private static List<RecordMetadata> metadata(List<Future<RecordMetadata>> futures) {
        List<RecordMetadata> out = new ArrayList<>(futures.size());
        for (Future<RecordMetadata> future : futures) {
            try {
                out.add(future.get());
            } catch (ExecutionException | InterruptedException e) {
                throw new IllegalStateException("a committed record has no metadata", e); // every send succeeded
            }
        }
        return out;
    }

    /** A failure before the commit: abort, or close the producer so that the transaction can never commit. */
    private NotWrittenException notWritten(Producer<String, byte[]> p, Throwable cause) {
        if (cause instanceof ProducerFencedException || cause instanceof OutOfOrderSequenceException
                || cause instanceof AuthorizationException || cause instanceof UnsupportedVersionException
                || cause instanceof InvalidProducerEpochException) {
            log.warn("Transactional producer failed fatally, it will be recreated: {}", cause.toString());
            reset();
        } else {
            try {
                p.abortTransaction();
            } catch (KafkaException e) {
                log.warn("Cannot abort the transaction, the producer will be recreated: {}", e.toString());
                reset();
            }
        }
        return new NotWrittenException(cause.getMessage(), cause);
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

    /** Closes the producer, waiting up to {@code timeout} for what is in flight; call once the lane's thread ended. */
    void close(Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
