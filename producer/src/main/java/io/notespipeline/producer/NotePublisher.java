package io.notespipeline.producer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.notespipeline.producer.internal.AckTally;
import io.notespipeline.producer.internal.Ids;
import io.notespipeline.producer.internal.TransactionalSender;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.audit.AuditReporter;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.contract.Violation;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to publish note events. Turns {@link NoteCommand}s into {@code NoteEvent}s (filling
 * {@code eventId}, {@code occurredAt} in UTC and {@code correlationId}, which also travels as the Kafka
 * header {@value #CORRELATION_HEADER}), validates every event (the {@link EventValidator} and the topic's
 * value serde, i.e. the schema) before anything is sent, and writes them keyed by talkId:
 * <ul>
 *   <li>{@link #publish}: one event through an idempotent producer ({@code acks=all});</li>
 *   <li>{@link #publishBatch}: an atomic batch through a transactional producer: all events land together
 *       or none does (readers use {@code isolation.level=read_committed}).</li>
 * </ul>
 * Validation failures throw {@link ValidationException} at the call; Kafka failures complete the future
 * exceptionally, saying "nothing was written" only when that is certain: {@link PublisherUnavailableException}
 * (cluster unreachable, nothing written, retry later), {@link ProducerException} (refused, nothing written), or
 * {@link OutcomeUnknownException} (the write may have happened: retry with the same eventIds, the idempotency
 * key). A batch's future can be cancelled while the batch waits for its turn: {@code cancel} then returns true
 * and the batch is never written; once it started, {@code cancel} returns false.
 *
 * <p>Audit (tier {@code publisher}): every acknowledged send (for a batch: every event of a committed
 * transaction) is counted per (topic, partition, bucket of occurredAt) and reported to {@code _audit}
 * periodically and at {@link #close()}. The counts live in memory, so each {@link #start()} reports under a
 * fresh reporter id ({@link #auditReporterId()}) and the audit view sums the runs: a restart never counts an
 * acknowledgement twice. A crash loses at most the last interval's unreported acknowledgements (those
 * buckets then show as incomplete, which errs on the side of a false alarm, never a false all-clear).
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class NotePublisher implements AutoCloseable {

    /** Kafka header carrying the event's correlation id (UTF-8). */
    public static final String CORRELATION_HEADER = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(NotePublisher.class);
    /** How often the acknowledgements counted in runs reach the audit counter (at most a quarter of the report interval). */
    private static final long TALLY_FLUSH_MS = 200;
    /**
     * Transactional producers taking turns ({@link TransactionalSender}): while one commits, the next sends the
     * batches queued meanwhile.
     */
    private static final int TRANSACTION_LANES = 2;

    private final PublisherConfig config;
    private final String bootstrapServers;
    private final String topic;
    private final Serializer<NoteEvent> serializer;
    private final EventValidator validator;
    private final Clock clock;
    private volatile Producer<String, byte[]> producer;
    /** Lone events whose callers wait for them ({@link PublishOptions#withInteractive()}). */
    private volatile Producer<String, byte[]> interactive;
    private volatile TransactionalSender transactional;
    private final TopicCatalog catalog;
    private final long auditBucketMs;
    private volatile AuditCounter audit;
    private volatile AckTally tally;
    /**
     * Runs what follows a committed batch (receipts, audit counts, the caller's continuations: the REST answer) off
     * the transactional sender's thread, which would otherwise build and write every answer of a group before it
     * starts the next transaction (JFR of bench row 2: the answers' JSON and HTTP writes on {@code notes-publisher-tx}).
     */
    private volatile ExecutorService answers;
    private AuditReporter auditReporter;

    /** A publisher with the built-in data contract of {@code notes.events} and the system UTC clock. */
    public NotePublisher(PublisherConfig config, String bootstrapServers, TopicCatalog catalog) {
        this(config, bootstrapServers, catalog, EventValidator.builtIn(), Clock.systemUTC());
    }

    /**
     * @param config           producer, validation settings
     * @param bootstrapServers the Kafka cluster
     * @param catalog          gives the topic and its value serde (registry-backed in production)
     * @param validator        the rules every event must pass (e.g. {@link EventValidator#registry}, the topic's data contract)
     * @param clock            stamps occurredAt and bounds clock skew
     */
    public NotePublisher(PublisherConfig config, String bootstrapServers, TopicCatalog catalog,
            EventValidator validator, Clock clock) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topic = catalog.events().name();
        this.serializer = catalog.events().valueSerde().serializer();
        this.validator = validator;
        this.clock = clock;
        this.catalog = catalog;
        this.auditBucketMs = catalog.config().auditBucketMs();
    }

    /** Creates the producers; the cluster is contacted on first publish. @return this */
    public synchronized NotePublisher start() {
        if (producer == null) {
            Map<String, Object> props = producerProps();
            Producer<String, byte[]> created = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            interactive = new KafkaProducer<>(interactiveProps(props), new StringSerializer(), new ByteArraySerializer());
            Map<String, Object> tx = new HashMap<>(props);
            String txId = config.getString(PublisherConfig.TRANSACTIONAL_ID_CONFIG);
            tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId.isBlank() ? "notes-publisher-" + UUID.randomUUID() : txId);
            tx.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, config.getInt(PublisherConfig.TRANSACTION_TIMEOUT_CONFIG));
            tx.put(ProducerConfig.CLIENT_ID_CONFIG, "notes-publisher-tx");
            transactional = new TransactionalSender(tx, closeTimeout(),
                    config.getInt(PublisherConfig.QUEUE_MAX_BATCHES_CONFIG), config.getInt(PublisherConfig.GROUP_MAX_BATCHES_CONFIG),
                    TRANSACTION_LANES);
            if (config.auditEnabled()) {
                audit = new AuditCounter(AuditKeys.PUBLISHER, "publisher-" + UUID.randomUUID(), auditBucketMs);
                tally = new AckTally(audit, Math.max(1, Math.min(TALLY_FLUSH_MS, config.auditIntervalMs() / 4)));
                auditReporter = new AuditReporter(audit, catalog, bootstrapServers,
                        Duration.ofMillis(config.auditIntervalMs()), clock);
            }
            primeRules();
            answers = newAnswerPool();
            producer = created; // last: publish reads it without the monitor, and then finds everything above set
            log.info("Publisher started topic={} bootstrap={}", topic, bootstrapServers);
        }
        return this;
    }

    /**
     * Validates one sample event so that the contract's rules are compiled now, not inside the first publish
     * (a JFR profile of bench row 1 put a fifth of the sending thread in the CEL compiler). A failure (registry
     * unreachable) is left for the first publish to report.
     */
    private void primeRules() {
        Instant now = clock.instant();
        try {
            validator.validate(0, toEvent(NoteCommand.addNote("prime", "prime", null, 0, "prime"), "prime", now),
                    EventValidator.Context.at(now));
        } catch (RuntimeException e) {
            log.debug("The rules are compiled at the first publish: {}", e.toString());
        }
    }

    private Map<String, Object> producerProps() {
        return config.producerProperties(bootstrapServers, "notes-publisher");
    }

    /** The idempotent settings with one request in flight, no linger, no compression (see {@link PublishOptions#withInteractive()}). */
    static Map<String, Object> interactiveProps(Map<String, Object> props) {
        Map<String, Object> lone = new HashMap<>(props);
        lone.put(ProducerConfig.CLIENT_ID_CONFIG, props.get(ProducerConfig.CLIENT_ID_CONFIG) + "-interactive");
        lone.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        lone.put(ProducerConfig.LINGER_MS_CONFIG, 0); // the caller waits: never hold its event back
        lone.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return lone;
    }

    /** @return the topic events are written to. */
    public String topic() {
        return topic;
    }

    /**
     * Builds and validates the events of {@code commands} without sending anything.
     *
     * @throws ValidationException listing every violation of every event
     */
    public List<NoteEvent> prepare(List<NoteCommand> commands, PublishOptions options) {
        return prepareRecords(commands, options).events();
    }

    private record Prepared(List<NoteEvent> events, List<ProducerRecord<String, byte[]>> records) {
    }

    private Prepared prepareRecords(List<NoteCommand> commands, PublishOptions options) {
        Instant now = clock.instant();
        String correlation = options.correlationId() != null ? options.correlationId()
                : commands.size() == 1 && commands.get(0).correlationId() != null ? null
                : Ids.uuidV7(now.toEpochMilli()).toString();
        EventValidator.Context context = new EventValidator.Context(now, Optional.ofNullable(options.pathTalkId()));
        List<NoteEvent> events = new ArrayList<>(commands.size());
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            NoteEvent event = toEvent(commands.get(i), correlation, now);
            events.add(event);
            violations.addAll(validator.validate(i, event, context));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            records.add(record(i, events.get(i), violations));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new Prepared(List.copyOf(events), records);
    }

    private NoteEvent toEvent(NoteCommand command, String correlation, Instant now) {
        Instant at = millis(command.occurredAt() != null ? command.occurredAt() : now);
        UUID eventId = command.eventId() != null ? command.eventId() : Ids.uuidV7(now.toEpochMilli());
        return new NoteEvent(eventId, command.talkId(), at,
                command.author(), command.correlationId() != null ? command.correlationId() : correlation,
                command.expectedRevision(), command.payload());
    }

    /** @return {@code at} truncated to milliseconds (the schema's precision); itself when it already is. */
    private static Instant millis(Instant at) {
        return at.getNano() % 1_000_000 == 0 ? at : at.truncatedTo(ChronoUnit.MILLIS);
    }

    private ProducerRecord<String, byte[]> record(int index, NoteEvent event, List<Violation> violations) {
        try {
            byte[] value = serializer.serialize(topic, event);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null,
                    event.getOccurredAt().toEpochMilli(), event.getTalkId(), value);
            record.headers().add(CORRELATION_HEADER, event.getCorrelationId().getBytes(StandardCharsets.UTF_8));
            return record;
        } catch (RuntimeException e) {
            violations.add(new Violation(index, "", "schema", "the event does not match the registered schema: "
                    + e.getMessage()));
            return null;
        }
    }

    /** Publishes one event with a generated correlation id. @see #publish(NoteCommand, PublishOptions) */
    public CompletableFuture<PublishReceipt> publish(NoteCommand command) {
        return publish(command, PublishOptions.none());
    }

    /**
     * Validates and sends one event through the idempotent producer.
     *
     * @return completes with the receipt once the broker acknowledged the event (acks=all)
     * @throws ValidationException when the event is invalid (nothing is sent)
     */
    public CompletableFuture<PublishReceipt> publish(NoteCommand command, PublishOptions options) {
        Producer<String, byte[]> p = options.interactive() ? running(interactive) : running();
        // one event: the batch path's steps without its lists (bench row 1 sends 200,000 of these from one thread)
        Instant now = clock.instant();
        String correlation = options.correlationId() != null ? options.correlationId()
                : command.correlationId() != null ? null : Ids.uuidV7(now.toEpochMilli()).toString();
        NoteEvent event = toEvent(command, correlation, now);
        List<Violation> violations = validator.validate(0, event,
                new EventValidator.Context(now, Optional.ofNullable(options.pathTalkId())));
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        List<Violation> schema = new ArrayList<>(1); // the validator's list may be immutable (List.of())
        ProducerRecord<String, byte[]> record = record(0, event, schema);
        if (record == null) {
            throw new ValidationException(schema);
        }
        SingleSend send = new SingleSend(event);
        try {
            p.send(record, send);
        } catch (RuntimeException e) {
            send.completeExceptionally(notSent(e, event.getTalkId()));
        } finally {
            send.sending = false;
        }
        return send;
    }

    /**
     * The future of one {@link #publish} and its send callback in one object (a lambda, an AtomicBoolean and a
     * future before). An error reported inside {@code send()} on the calling thread means the record was never
     * appended: not written. {@link #sending} is only read on the calling thread when it matters (Kafka calls back
     * on its network thread otherwise), so it needs no fence.
     */
    private final class SingleSend extends CompletableFuture<PublishReceipt> implements Callback {
        // what the acknowledgement needs, taken from the event on the calling thread, where it is in the cache: the
        // producer's network thread completes thousands of sends per batch, and reading each event there again
        // missed the cache (JFR of bench row 1: a third of that thread in the audit count's read of occurredAt)
        private final UUID eventId;
        private final String talkId;
        private final long occurredAtMs;
        private final Thread caller = Thread.currentThread();
        private boolean sending = true;

        SingleSend(NoteEvent event) {
            this.eventId = event.getEventId();
            this.talkId = event.getTalkId();
            this.occurredAtMs = event.getOccurredAt().toEpochMilli();
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                boolean notAppended = sending && Thread.currentThread() == caller;
                completeExceptionally(notAppended ? notSent(error, talkId) : translate(error, talkId));
            } else {
                counted(metadata, occurredAtMs);
                complete(receipt(metadata, eventId));
            }
        }
    }

    /** Publishes an atomic batch with a generated correlation id. @see #publishBatch(List, PublishOptions) */
    public CompletableFuture<List<PublishReceipt>> publishBatch(List<NoteCommand> commands) {
        return publishBatch(commands, PublishOptions.none());
    }

    /**
     * Validates every event, then writes them all in one Kafka transaction: all land or none does. Batches
     * queued meanwhile share the transaction (group commit); each is still all or nothing. Events without a
     * correlation id share the options' one (or one generated for the batch). When the queue of batches is full
     * the future fails at once with {@link PublisherBusyException} (nothing queued, nothing written).
     *
     * @return completes with the receipts in command order once the transaction committed
     * @throws ValidationException when any event is invalid (nothing is sent)
     */
    public CompletableFuture<List<PublishReceipt>> publishBatch(List<NoteCommand> commands, PublishOptions options) {
        TransactionalSender sender = runningTransactional();
        if (commands.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Prepared prepared = prepareRecords(commands, options);
        String talkId = prepared.events().get(0).getTalkId();
        TransactionalSender.Batch batch;
        try {
            batch = sender.send(prepared.records(), options.progress());
        } catch (TransactionalSender.QueueFullException e) {
            return CompletableFuture.failedFuture(new PublisherBusyException("the publisher is busy, nothing was written: "
                    + e.getMessage(), e));
        }
        CompletableFuture<List<PublishReceipt>> result = new CompletableFuture<>() {
            /** @return true when the batch had not started: it never will, nothing is written */
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return batch.cancel(mayInterruptIfRunning);
            }
        };
        batch.whenCompleteAsync((metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(translate(error, talkId));
                return;
            }
            List<PublishReceipt> receipts = new ArrayList<>(metadata.size());
            for (int i = 0; i < metadata.size(); i++) {
                NoteEvent event = prepared.events().get(i);
                counted(metadata.get(i), event.getOccurredAt().toEpochMilli());
                receipts.add(receipt(metadata.get(i), event.getEventId()));
            }
            log.debug("Published batch events={} correlationId={}", receipts.size(),
                    prepared.events().get(0).getCorrelationId());
            result.complete(receipts);
        }, answerExecutor());
        return result;
    }

    /** @return the answers' pool, or the completing thread itself once the publisher is closed (never drops a completion) */
    private Executor answerExecutor() {
        ExecutorService pool = answers;
        return task -> {
            if (pool != null) {
                try {
                    pool.execute(task);
                    return;
                } catch (RejectedExecutionException e) {
                    // closing: run it here
                }
            }
            task.run();
        };
    }

    private static ExecutorService newAnswerPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "notes-publisher-answer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private void counted(RecordMetadata metadata, long occurredAtMs) {
        AckTally counter = tally;
        if (counter != null) {
            counter.add(metadata.topic(), metadata.partition(), occurredAtMs);
        }
    }

    /** @return the reporter id of this run's audit counts ({@code publisher-<uuid>}), empty when audit is off or not started */
    public Optional<String> auditReporterId() {
        AuditCounter counter = audit;
        return counter == null ? Optional.empty() : Optional.of(counter.reporter());
    }

    private static PublishReceipt receipt(RecordMetadata metadata, UUID eventId) {
        return new PublishReceipt(metadata.topic(), metadata.partition(), metadata.offset(), eventId);
    }

    /**
     * @return {@code error} as the module's exception, saying "nothing was written" only when that is certain:
     *         {@link OutcomeUnknownException} when the write may have happened (a commit without answer, a
     *         delivery that timed out or failed after being sent), {@link PublisherUnavailableException} for a
     *         retriable failure before anything was sent or a batch that was aborted or never started
     */
    static ProducerException translate(Throwable error, String talkId) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ProducerException pe) {
            return pe;
        }
        if (cause instanceof TransactionalSender.OutcomeUnknownException) {
            return new OutcomeUnknownException("the outcome is unknown: " + cause.getMessage()
                    + "; retry with the same eventIds (they are the idempotency key)", talkId, cause);
        }
        if (cause instanceof TransactionalSender.NotWrittenException) {
            Throwable root = cause.getCause() == null ? cause : cause.getCause();
            if (root instanceof RetriableException || cause.getCause() == null) {
                return new PublisherUnavailableException("Kafka is unavailable, nothing was written: "
                        + cause.getMessage(), cause);
            }
            return new ProducerException("publishing failed, nothing was written: " + root, talkId, cause);
        }
        if (definitelyRefused(cause)) {
            return new ProducerException("publishing failed, nothing was written: " + cause, talkId, cause);
        }
        return new OutcomeUnknownException("the outcome is unknown (" + cause + "); retry with the same eventIds"
                + " (they are the idempotency key)", talkId, cause);
    }

    /** Errors of a single send after which the record is certainly not in the log. */
    private static boolean definitelyRefused(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof AuthorizationException
                || cause instanceof SerializationException || cause instanceof InvalidRecordException;
    }

    /** An error thrown by {@code send} itself: the record was not appended, so nothing of it was written. */
    private static ProducerException notSent(Throwable e, String talkId) {
        if (e instanceof org.apache.kafka.common.errors.TimeoutException || e instanceof RetriableException) {
            return new PublisherUnavailableException("Kafka is unavailable, nothing was written: " + e.getMessage(), e);
        }
        return new ProducerException("publishing failed, nothing was written: " + e, talkId, e);
    }

    /** Read without the publisher's monitor (volatile): start and close are rare, sends are not. */
    private Producer<String, byte[]> running() {
        return running(producer);
    }

    private static Producer<String, byte[]> running(Producer<String, byte[]> p) {
        if (p == null) {
            throw new IllegalStateException("publisher not started (or closed)");
        }
        return p;
    }

    private TransactionalSender runningTransactional() {
        TransactionalSender sender = transactional;
        if (sender == null || producer == null) {
            throw new IllegalStateException("publisher not started (or closed)");
        }
        return sender;
    }

    private Duration closeTimeout() {
        return Duration.ofMillis(config.getLong(PublisherConfig.CLOSE_TIMEOUT_CONFIG));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            transactional.close();
            answers.shutdown(); // the completions already handed over still run
            try {
                answers.awaitTermination(closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answers = null;
            producer.close(closeTimeout());
            producer = null;
            interactive.close(closeTimeout());
            interactive = null;
            transactional = null;
            if (auditReporter != null) {
                tally.close(); // every acknowledgement has arrived: hand the open runs over before the last report
                tally = null;
                auditReporter.close();
                auditReporter = null;
                audit = null;
            }
            log.info("Publisher closed topic={}", topic);
        }
    }
}
