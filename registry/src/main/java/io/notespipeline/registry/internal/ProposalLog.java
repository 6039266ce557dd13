package io.notespipeline.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.registry.RegistryException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's log on Kafka: one partition of a compacted topic. A write is appended as a
 * {@link Proposal}; a single thread reads the log from the beginning and applies every proposal
 * to the {@link RegistryState} in log order; the writer answers when that thread has applied its
 * own proposal. Servers sharing the topic therefore agree on every id and version without a leader.
 */
final class ProposalLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProposalLog.class);

    /** How often the reader checks the topic's id and cleanup policy while serving. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private final String topic;
    private final TopicPartition partition;
    private final RegistryState state;
    private final ObjectMapper json;
    private final Duration writeTimeout;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Thread applier;
    private volatile long nextOffset;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private final Uuid topicId;
    private final long checkIntervalNanos;
    private long nextCheck;

    ProposalLog(String bootstrapServers, String topic, short replication, RegistryState state, ObjectMapper json,
                Duration writeTimeout) {
        this(bootstrapServers, topic, replication, state, json, writeTimeout, CHECK_INTERVAL);
    }

    /** @param checkInterval how often the reader checks that the topic is still the one it started on */
    ProposalLog(String bootstrapServers, String topic, short replication, RegistryState state, ObjectMapper json,
                Duration writeTimeout, Duration checkInterval) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        // tolerant reader: a proposal written by a newer server with extra fields still applies here
        this.json = json.copy().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.writeTimeout = writeTimeout;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.checkIntervalNanos = checkInterval.toNanos();
        try {
            ensureTopic(replication);
            this.topicId = verifiedTopic(30_000).topicId();
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // read from the beginning (start() seeks there) and never jump silently: a position the log no
                // longer has (a recreated or truncated topic) is an error, not a reset to its end
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"),
                new StringDeserializer(), new StringDeserializer());
        this.applier = new Thread(this::applyLoop, "registry-log-" + topic);
        this.applier.setDaemon(true);
    }

    /** Starts applying the log and waits until everything written before this call is applied. */
    void start(Duration timeout) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        applier.start();
        syncToEnd(timeout);
        log.info("Registry log topic={} applied up to offset={}", topic, nextOffset);
    }

    /** Appends {@code proposal} and waits until it is applied; @return the answer of its application */
    Object propose(Proposal proposal) {
        requireServing();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        pending.put(proposal.requestId(), answer);
        try {
            String value = json.writeValueAsString(proposal);
            producer.send(new ProducerRecord<>(topic, 0, proposal.key(), value))
                    .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return answer.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegistryException registryException) {
                throw registryException;
            }
            throw RegistryException.storeError("cannot append to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("proposal " + proposal.requestId() + " not applied within " + writeTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw RegistryException.storeError("cannot encode proposal: " + e.getMessage(), e);
        } finally {
            pending.remove(proposal.requestId());
        }
    }

    /**
     * @throws RegistryException 50001 once the log reader has stopped (the topic was recreated, deleted or made
     *                           non-compacted, or a record position vanished): this server's state no longer
     *                           matches the log, so it answers nothing from it
     */
    void requireServing() {
        RuntimeException stopped = failure;
        if (stopped != null) {
            throw stopped instanceof RegistryException refused ? refused
                    : RegistryException.storeError("the log reader of " + topic + " stopped: " + stopped.getMessage(), stopped);
        }
    }

    /** @return why this server refuses to serve, or null while it serves */
    RuntimeException failure() {
        return failure;
    }

    /** Waits until every record appended to the log before this call has been applied. */
    void syncToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long end = endOffset(deadline);
        synchronized (progress) {
            while (nextOffset < end) {
                requireServing();
                long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (waitMs <= 0) {
                    throw RegistryException.timeout("log " + topic + " applied to " + nextOffset + " of " + end);
                }
                try {
                    progress.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.storeError("interrupted", e);
                }
            }
        }
    }

    private long endOffset(long deadlineNanos) {
        try {
            while (true) {
                try {
                    return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                            .get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS).offset();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadlineNanos) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryException.storeError("cannot read the end of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted", e);
        }
    }

    private void applyLoop() {
        nextCheck = System.nanoTime() + checkIntervalNanos;
        try {
            while (running) {
                checkTopicNow();
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    applyRecord(record);
                }
                synchronized (progress) {
                    nextOffset = consumer.position(partition);
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException
                 | org.apache.kafka.clients.consumer.NoOffsetForPartitionException e) {
            failure = RegistryException.storeError("the registry log " + topic + " no longer has offset " + nextOffset
                    + " (the topic was recreated or truncated): this server's schemas no longer match the log and it "
                    + "refuses to serve; check the topic, then restart the registry", e);
            log.error("Registry refuses to serve: {}", failure.getMessage());
        } catch (RegistryException e) {
            failure = e;
            log.error("Registry refuses to serve: {}", e.getMessage());
        } catch (RuntimeException e) {
            failure = e;
            log.error("Registry log reader stopped topic={} offset={}", topic, nextOffset, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void applyRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        Proposal proposal;
        try {
            proposal = json.readValue(record.value(), Proposal.class);
        } catch (java.io.IOException e) {
            log.warn("Skipping unreadable record topic={} offset={} key={}", topic, record.offset(), record.key(), e);
            return;
        }
        CompletableFuture<Object> waiter = pending.get(proposal.requestId());
        try {
            Object answer = state.apply(proposal);
            if (waiter != null) {
                waiter.complete(answer);
            }
        } catch (RegistryException e) {
            log.debug("Refused proposal offset={} requestId={}: {}", record.offset(), proposal.requestId(), e.getMessage());
            if (waiter != null) {
                waiter.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            log.warn("Proposal failed offset={} requestId={}", record.offset(), proposal.requestId(), e);
            if (waiter != null) {
                waiter.completeExceptionally(RegistryException.storeError(e.getMessage(), e));
            }
        }
    }

    private void ensureTopic(short replication) {
        try {
            NewTopic wanted = new NewTopic(topic, 1, replication)
                    .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
            admin.createTopics(Set.of(wanted)).all().get(30, TimeUnit.SECONDS);
            log.info("Created registry topic={}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryException.storeError("cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw RegistryException.storeError("cannot create " + topic + ": timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted", e);
        }
    }

    /**
     * Every {@link #CHECK_INTERVAL}: the topic still has the id it had at start and is still compacted, else
     * the reader stops with the reason. A broker that does not answer is not a reason (the check is retried).
     */
    private void checkTopicNow() {
        if (System.nanoTime() < nextCheck) {
            return;
        }
        nextCheck = System.nanoTime() + checkIntervalNanos;
        TopicDescription now;
        try {
            now = verifiedTopic(5_000);
        } catch (RegistryException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw RegistryException.storeError("the registry log " + topic + " was deleted (topic id " + topicId
                        + " at start): this server refuses to serve; recreate nothing by hand, restore the topic "
                        + "or restart the registry on purpose", e.getCause());
            }
            if (e.getMessage() != null && e.getMessage().contains("cleanup.policy")) {
                throw e;
            }
            log.debug("Registry topic check failed, retried later: {}", e.getMessage());
            return;
        }
        if (!topicId.equals(now.topicId())) {
            throw RegistryException.storeError("the registry log " + topic + " was recreated (topic id " + topicId
                    + " at start, " + now.topicId() + " now): this server's schemas no longer match the log and it "
                    + "refuses to serve; restart the registry only if the new topic is meant to replace the old one", null);
        }
    }

    /**
     * @return the topic's description, after checking it is one partition with {@code cleanup.policy=compact}
     *         (Confluent's registry refuses any other policy: deletion would drop schemas after the retention)
     * @throws RegistryException 50001 naming what is wrong
     */
    private TopicDescription verifiedTopic(long timeoutMs) {
        TopicDescription description = requireSinglePartition(timeoutMs);
        String policy;
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            policy = entry == null ? "" : entry.value();
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryException.storeError("cannot describe the config of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted", e);
        }
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            throw RegistryException.storeError("the registry log " + topic + " has cleanup.policy=" + policy
                    + "; it must be exactly " + TopicConfig.CLEANUP_POLICY_COMPACT + ", else Kafka deletes schemas "
                    + "after the retention time. Fix it with: kafka-configs --alter --entity-type topics --entity-name "
                    + topic + " --add-config cleanup.policy=compact", null);
        }
        return description;
    }

    private TopicDescription requireSinglePartition(long timeoutMs) {
        try {
            TopicDescription description = describeWhenKnown(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
            if (description.partitions().size() != 1) {
                throw RegistryException.storeError("topic " + topic + " has " + description.partitions().size()
                        + " partitions; the registry needs exactly one for a total order", null);
            }
            return description;
        } catch (ExecutionException e) {
            throw RegistryException.storeError("cannot describe " + topic + ": " + e.getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeError("cannot describe " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted", e);
        }
    }

    /** A topic another server has just created may not be known to every broker yet: ask again until it is. */
    private TopicDescription describeWhenKnown(long deadlineNanos)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            try {
                return admin.describeTopics(Set.of(topic)).allTopicNames()
                        .get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadlineNanos) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (applier.isAlive()) {
            consumer.wakeup();
            try {
                applier.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (applier.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
