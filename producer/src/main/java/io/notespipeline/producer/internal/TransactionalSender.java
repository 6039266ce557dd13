package io.notespipeline.producer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches atomically with a transactional producer on its own thread, with group commit: the batches
 * queued while a transaction runs are written together in the next one (at most {@code maxGroup} of them),
 * each batch's future completing when that shared transaction commits, the way a database commits many
 * transactions with one fsync. Every batch was validated before it was queued, so a shared transaction holds
 * only valid batches; if Kafka still refuses one of them (e.g. a record too large), the group is aborted and
 * each batch is retried in a transaction of its own, so that only the refused batch fails. The queue is
 * bounded: {@link #send} refuses a batch when it is full ({@link QueueFullException}, nothing queued).
 * The producer is created (and its transactions initialised) on first use and again after a fatal error,
 * so an unreachable cluster at start-up fails the batch, not the publisher.
 *
 * <p>Every failure says what is certain:
 * <ul>
 *   <li>{@link NotWrittenException}: nothing of the batch was or will be written: it was cancelled before it
 *       started ({@link Batch#cancel}), or it failed before {@code commitTransaction} was called and the
 *       transaction was aborted (or its producer closed, so the transaction can never commit);</li>
 *   <li>{@link OutcomeUnknownException}: {@code commitTransaction} was called but its result is not known
 *       (it kept timing out until {@code transaction.timeout.ms}, or the producer failed fatally meanwhile).
 *       A commit that times out is retried, never followed by an abort (Kafka's contract: a timed-out
 *       commit may be retried; an abort after it cannot undo a commit that reached the coordinator).</li>
 * </ul>
 */
public final class TransactionalSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalSender.class);

    private final Map<String, Object> props;
    private final Duration closeTimeout;
    private final long commitRetryMs;
    private final int maxGroup;
    private final LinkedBlockingQueue<Batch> queue;
    private final Thread worker;
    private volatile boolean closing;
    private Producer<String, byte[]> producer;
    /** Transactions run and batches written in them (the group-commit figure logged at close). */
    private long transactions;
    private long batchesWritten;

    /** The batch was not written, certainly. */
    public static final class NotWrittenException extends KafkaException {
        private static final long serialVersionUID = 1L;

        NotWrittenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The queue of batches is full: the batch was not queued, nothing was written. */
    public static final class QueueFullException extends KafkaException {
        private static final long serialVersionUID = 1L;

        QueueFullException(String message) {
            super(message);
        }
    }

    /** The batch's commit was asked for but its result is not known. */
    public static final class OutcomeUnknownException extends KafkaException {
        private static final long serialVersionUID = 1L;

        OutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A submitted batch: completes with the metadata of every record once the transaction committed.
     * {@link #cancel} succeeds only while the batch has not started; it then never will.
     */
    public static final class Batch extends CompletableFuture<List<RecordMetadata>> {
        private static final int QUEUED = 0;
        private static final int STARTED = 1;
        private static final int CANCELLED = 2;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final AtomicInteger acked = new AtomicInteger();
        private volatile Runnable dequeue = () -> { };
        private List<ProducerRecord<String, byte[]>> records = List.of();
        private BatchProgress progress = BatchProgress.NONE;

        /**
         * Removes the batch from the queue if it has not started.
         *
         * @return true when the batch had not started and now never will (nothing written); false once started
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (state.compareAndSet(QUEUED, CANCELLED)) {
                dequeue.run();
                completeExceptionally(new NotWrittenException("cancelled before it started", null));
                return true;
            }
            return state.get() == CANCELLED;
        }

        boolean start() {
            return state.compareAndSet(QUEUED, STARTED);
        }
    }

    /**
     * @param props         producer settings, {@code transactional.id} and {@code transaction.timeout.ms} included
     * @param closeTimeout  how long {@link #close} waits
     * @param maxQueued     most batches waiting; more are refused
     * @param maxGroup      most batches written in one transaction
     */
    public TransactionalSender(Map<String, Object> props, Duration closeTimeout, int maxQueued, int maxGroup) {
        this.props = new HashMap<>(props);
        this.props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.closeTimeout = closeTimeout;
        Object txTimeout = props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        this.commitRetryMs = txTimeout == null ? 60_000L : Long.parseLong(txTimeout.toString());
        this.maxGroup = maxGroup;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.worker = new Thread(this::run, "notes-publisher-tx");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** A sender writing one batch per transaction at most 1,000 queued (tests, tools). */
    public TransactionalSender(Map<String, Object> props, Duration closeTimeout) {
        this(props, closeTimeout, 1_000, 1);
    }

    /**
     * @return the batch, queued; completes once the (shared) transaction committed, or fails as described above
     * @throws QueueFullException when the queue is full: nothing was queued or written
     */
    public Batch send(List<ProducerRecord<String, byte[]>> records, BatchProgress progress) {
        Batch batch = new Batch();
        batch.records = records;
        batch.progress = progress;
        batch.dequeue = () -> queue.remove(batch);
        if (closing) {
            throw new QueueFullException("the publisher is closing");
        }
        if (!queue.offer(batch)) {
            throw new QueueFullException("the publisher's queue of " + (queue.size() + queue.remainingCapacity())
                    + " batches is full");
        }
        return batch;
    }

    /** @return batches waiting for their transaction */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Batch first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                group.removeIf(b -> !b.start());
                if (!group.isEmpty()) {
                    transactions++;
                    batchesWritten += group.size();
                    write(group);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.error("Transactional sender failed unexpectedly", e);
                group.forEach(b -> b.completeExceptionally(e));
            }
        }
        log.info("Transactional sender closing transactions={} batches={} batchesPerTransaction={}", transactions,
                batchesWritten, transactions == 0 ? 0 : String.format(java.util.Locale.ROOT, "%.1f",
                        (double) batchesWritten / transactions));
        Batch left;
        while ((left = queue.poll()) != null) {
            if (left.start()) {
                left.completeExceptionally(new NotWrittenException("the publisher closed before the batch started", null));
            }
        }
    }

    /** Writes the group in one transaction; a group refused by Kafka is retried batch by batch. */
    private void write(List<Batch> group) {
        try {
            List<RecordMetadata> metadata = transaction(group);
            int at = 0;
            for (Batch batch : group) {
                batch.complete(List.copyOf(metadata.subList(at, at + batch.records.size())));
                at += batch.records.size();
            }
        } catch (NotWrittenException e) {
            if (group.size() > 1 && !(e.getCause() instanceof RetriableException)) {
                log.warn("A group of {} batches was refused ({}), writing them one by one", group.size(), e.getMessage());
                for (Batch batch : group) {
                    write(List.of(batch));
                }
            } else {
                group.forEach(b -> b.completeExceptionally(e));
            }
        } catch (RuntimeException e) {
            group.forEach(b -> b.completeExceptionally(e));
        }
    }

    private List<RecordMetadata> transaction(List<Batch> group) {
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
        commit(p);
        List<RecordMetadata> out = new ArrayList<>(futures.size());
        for (Future<RecordMetadata> future : futures) {
            try {
                out.add(future.get());
            } catch (ExecutionException | InterruptedException e) {
                throw new IllegalStateException("a committed record has no metadata", e); // every send succeeded above
            }
        }
        return out;
    }

    /** Commits, retrying timeouts until {@code transaction.timeout.ms}; never aborts once the commit was asked. */
    private void commit(Producer<String, byte[]> p) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitRetryMs);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                p.commitTransaction();
                if (attempts > 1) {
                    log.info("Transaction committed after {} attempts", attempts);
                }
                return;
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

    @Override
    public void close() {
        closing = true;
        try {
            worker.join(Math.max(1, closeTimeout.toMillis()));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(Math.max(1, closeTimeout.toMillis()));
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
