package io.notespipeline.producer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.notespipeline.producer.BatchProgress;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches atomically with transactional producers, with group commit: the batches queued while a
 * transaction runs are written together in the next one (at most {@code maxGroup} of them), each batch's future
 * completing when that shared transaction commits, the way a database commits many transactions with one fsync.
 * Every batch was validated before it was queued, so a shared transaction holds only valid batches; if Kafka
 * still refuses one of them (e.g. a record too large), the group is aborted and each batch is retried in a
 * transaction of its own, so that only the refused batch fails. The queue is bounded: {@link #send} refuses a
 * batch when it is full ({@link QueueFullException}, nothing queued).
 *
 * <p>The transactions run on {@code laneCount} producers (each its own {@code transactional.id} and thread) taking
 * turns: the lane whose turn it is collects the queued batches, sends them and waits for their acknowledgements,
 * then hands the turn over and commits while the next lane collects and sends. A commit (the coordinator's
 * round trip, then the markers it writes, during which that producer cannot start its next transaction: Kafka
 * answers {@code CONCURRENT_TRANSACTIONS} and the client retries 20 ms later) then no longer stalls the queue.
 * The turn is held until every record of the group is acknowledged, so the batches that arrive meanwhile wait
 * in the queue (still cancellable) and go together into the next lane's transaction.
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

    private final Duration closeTimeout;
    private final int maxGroup;
    private final LinkedBlockingQueue<Batch> queue;
    /** Whose turn it is to collect and send (fair: the lanes take turns). */
    private final ReentrantLock turn = new ReentrantLock(true);
    private final List<TransactionLane> lanes = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;
    /** Transactions run and batches written in them (the group-commit figure logged at close); changed under the turn. */
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
        final AtomicInteger acked = new AtomicInteger();
        private volatile Runnable dequeue = () -> { };
        List<ProducerRecord<String, byte[]>> records = List.of();
        BatchProgress progress = BatchProgress.NONE;

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
     * @param laneCount     transactional producers taking turns; lane 0 has {@code transactional.id} (and
     *                      {@code client.id}) itself, lane {@code i > 0} has it suffixed with {@code -i}
     */
    public TransactionalSender(Map<String, Object> props, Duration closeTimeout, int maxQueued, int maxGroup, int laneCount) {
        this.closeTimeout = closeTimeout;
        this.maxGroup = maxGroup;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        for (int i = 0; i < Math.max(1, laneCount); i++) {
            Map<String, Object> laneProps = new HashMap<>(props);
            laneProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            laneProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            String suffix = i == 0 ? "" : "-" + i;
            laneProps.computeIfPresent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, (k, v) -> v + suffix);
            laneProps.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (k, v) -> v + suffix);
            TransactionLane lane = new TransactionLane(laneProps);
            lanes.add(lane);
            Thread worker = new Thread(() -> run(lane), "notes-publisher-tx" + suffix);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /** A sender writing one batch per transaction on one producer, at most 1,000 queued (tests, tools). */
    public TransactionalSender(Map<String, Object> props, Duration closeTimeout) {
        this(props, closeTimeout, 1_000, 1, 1);
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

    private void run(TransactionLane lane) {
        while (!closing || !queue.isEmpty()) {
            try {
                turn(lane);
            } catch (InterruptedException e) {
                break;
            }
        }
        Batch left;
        while ((left = queue.poll()) != null) {
            if (left.start()) {
                left.completeExceptionally(new NotWrittenException("the publisher closed before the batch started", null));
            }
        }
    }

    /** One turn of a lane: collects and sends a group holding the turn, then commits it while the next lane sends. */
    private void turn(TransactionLane lane) throws InterruptedException {
        List<Batch> group = List.of();
        TransactionLane.Sent sent = null;
        turn.lockInterruptibly();
        try {
            group = collect();
            if (!group.isEmpty()) {
                sent = sendOrRetryAlone(lane, group);
            }
        } catch (RuntimeException e) {
            fail(group, e);
        } finally {
            turn.unlock();
        }
        if (sent == null) {
            return;
        }
        try {
            complete(group, lane.commit(sent));
        } catch (NotWrittenException e) {
            // the commit was refused and the transaction aborted: retry each batch alone, in a turn again
            try {
                turn.lockInterruptibly();
            } catch (InterruptedException stop) {
                fail(group, e);
                throw stop;
            }
            try {
                refused(lane, group, e);
            } finally {
                turn.unlock();
            }
        } catch (RuntimeException e) {
            fail(group, e);
        }
    }

    /** @return the queued batches that start now (up to {@code maxGroup}); empty when none came in 100 ms */
    private List<Batch> collect() throws InterruptedException {
        Batch first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Batch> group = new ArrayList<>();
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        group.removeIf(b -> !b.start());
        if (!group.isEmpty()) {
            transactions++;
            batchesWritten += group.size();
        }
        return group;
    }

    /** @return the group sent in an open transaction; null when Kafka refused it (then each batch was tried alone) */
    private TransactionLane.Sent sendOrRetryAlone(TransactionLane lane, List<Batch> group) {
        try {
            return lane.send(group);
        } catch (NotWrittenException e) {
            refused(lane, group, e);
            return null;
        }
    }

    /** A group refused by Kafka: each batch in a transaction of its own, unless the cause concerns them all. */
    private void refused(TransactionLane lane, List<Batch> group, NotWrittenException e) {
        if (group.size() > 1 && !(e.getCause() instanceof RetriableException)) {
            log.warn("A group of {} batches was refused ({}), writing them one by one", group.size(), e.getMessage());
            for (Batch batch : group) {
                try {
                    complete(List.of(batch), lane.commit(lane.send(List.of(batch))));
                } catch (RuntimeException alone) {
                    batch.completeExceptionally(alone);
                }
            }
        } else {
            fail(group, e);
        }
    }

    private static void complete(List<Batch> group, List<RecordMetadata> metadata) {
        int at = 0;
        for (Batch batch : group) {
            batch.complete(List.copyOf(metadata.subList(at, at + batch.records.size())));
            at += batch.records.size();
        }
    }

    private static void fail(List<Batch> group, RuntimeException e) {
        if (!(e instanceof NotWrittenException || e instanceof OutcomeUnknownException)) {
            log.error("Transactional sender failed unexpectedly", e);
        }
        group.forEach(b -> b.completeExceptionally(e));
    }

    @Override
    public void close() {
        closing = true;
        try {
            for (Thread worker : workers) {
                worker.join(Math.max(1, closeTimeout.toMillis()));
            }
            for (Thread worker : workers) {
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(Math.max(1, closeTimeout.toMillis()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.forEach(lane -> lane.close(closeTimeout));
        log.info("Transactional sender closed lanes={} transactions={} batches={} batchesPerTransaction={}",
                lanes.size(), transactions, batchesWritten, transactions == 0 ? 0
                        : String.format(java.util.Locale.ROOT, "%.1f", (double) batchesWritten / transactions));
    }
}
