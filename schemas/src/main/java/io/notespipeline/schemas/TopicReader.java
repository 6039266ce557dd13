package io.notespipeline.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic to its end: snapshots the end offsets a {@code read_committed} consumer sees (the
 * last stable offset of each partition), then reads every chosen partition from its start to that
 * end, handing records to a callback batch by batch. Nothing is collected unless the callback does.
 * No consumer group is used and nothing is committed.
 *
 * <p>The read is bounded: if the ends are not reached within the deadline it throws a
 * {@link TopicReadTimeoutException} naming the partitions still behind; it never returns early.
 *
 * <p>A transaction's commit returns before its markers are written; while they are pending the last
 * stable offset sits below the records just committed. {@link #settlingTransactions(Duration)} makes
 * the reader first wait until no transaction is open on the partitions, so a read right after a
 * commit sees it. Instances are immutable; each {@code read} opens and closes its own consumer.
 */
public final class TopicReader {

    /** Where each partition's read starts, given its first and end offsets. */
    @FunctionalInterface
    public interface Start {
        /** @return the offset to start reading {@code partition} at */
        long offset(int partition, long beginning, long end);

        /** @return every partition from its beginning */
        static Start beginning() {
            return (p, beginning, end) -> beginning;
        }

        /** @return the last {@code n} records (at most) of each partition */
        static Start last(long n) {
            return (p, beginning, end) -> Math.max(beginning, end - n);
        }
    }

    /** What a read covers: the first and end offset of each partition read, and how many records were read. */
    public record Snapshot(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends,
                           Set<TopicPartition> unsettled) {
        /** Without partitions left unsettled. */
        public Snapshot(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
            this(starts, ends, Set.of());
        }

        /** @return the number of offsets between the starts and the ends (records plus transaction markers) */
        public long span() {
            return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
        }
    }

    /** Receives each non-empty batch of records and the snapshot being read to. */
    @FunctionalInterface
    public interface BatchHandler<K, V> {
        void accept(ConsumerRecords<K, V> batch, Snapshot snapshot);
    }

    /** The default deadline of a read. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(200);
    /** Bound of each metadata and offset request (the read as a whole is bounded by the deadline). */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Duration deadline;
    private final Duration settle;
    private final int maxPollRecords;

    private TopicReader(String bootstrapServers, Duration deadline, Duration settle, int maxPollRecords) {
        this.bootstrapServers = bootstrapServers;
        this.deadline = deadline;
        this.settle = settle;
        this.maxPollRecords = maxPollRecords;
    }

    /** @return a reader of the cluster at {@code bootstrapServers} with a 30 s deadline */
    public static TopicReader of(String bootstrapServers) {
        return new TopicReader(bootstrapServers, DEFAULT_DEADLINE, Duration.ZERO, 2000);
    }

    /** @return this reader with {@code deadline} for each whole read */
    public TopicReader withDeadline(Duration deadline) {
        return new TopicReader(bootstrapServers, deadline, settle, maxPollRecords);
    }

    /** @return this reader with {@code max} records per poll */
    public TopicReader withMaxPollRecords(int max) {
        return new TopicReader(bootstrapServers, deadline, settle, max);
    }

    /**
     * @return this reader, first waiting up to {@code wait} until the last stable offset of every
     *         partition read equals its high watermark (no transaction open or unfinished); if they
     *         do not settle in time the read goes on to the last stable offset
     */
    public TopicReader settlingTransactions(Duration wait) {
        return new TopicReader(bootstrapServers, deadline, wait, maxPollRecords);
    }

    /** Reads every partition of {@code topic} from its beginning to its end, record by record. */
    public <K, V> Snapshot read(String topic, Deserializer<K> keys, Deserializer<V> values,
                                Consumer<ConsumerRecord<K, V>> handler) {
        return read(topic, null, Start.beginning(), keys, values, (batch, s) -> batch.forEach(handler));
    }

    /** Reads one partition of {@code topic} from its beginning to its end, record by record. */
    public <K, V> Snapshot readPartition(String topic, int partition, Deserializer<K> keys, Deserializer<V> values,
                                         Consumer<ConsumerRecord<K, V>> handler) {
        return read(topic, Set.of(partition), Start.beginning(), keys, values, (batch, s) -> batch.forEach(handler));
    }

    /**
     * Reads {@code partitions} of {@code topic} (all when null) from {@code start} to the end offsets
     * snapshotted when the read begins.
     *
     * @throws TopicReadTimeoutException when the ends are not reached within the deadline
     * @throws NotesSchemaException when the topic does not exist or offsets cannot be listed
     */
    public <K, V> Snapshot read(String topic, Set<Integer> partitions, Start start, Deserializer<K> keys,
                                Deserializer<V> values, BatchHandler<K, V> handler) {
        long until = System.nanoTime() + deadline.toNanos();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerProps(), keys, values)) {
            List<TopicPartition> tps = partitions(consumer, topic, partitions);
            Set<TopicPartition> unsettled = settle.isZero() ? Set.of() : awaitSettled(tps);
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(tps);
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition tp : tps) {
                long from = start.offset(tp.partition(), beginnings.get(tp), ends.get(tp));
                starts.put(tp, from);
                consumer.seek(tp, from);
            }
            Snapshot snapshot = new Snapshot(Map.copyOf(starts), Map.copyOf(ends), Set.copyOf(unsettled));
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > until) {
                    throw timeout(consumer, topic, ends);
                }
                ConsumerRecords<K, V> batch = consumer.poll(POLL);
                if (!batch.isEmpty()) {
                    handler.accept(batch, snapshot);
                }
            }
            return snapshot;
        }
    }

    /** Reads every partition of {@code topic} into a list: for tests and small topics. */
    public <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        read(topic, keys, values, out::add);
        return out;
    }

    /** @return the partition count of {@code topic} */
    public int partitionCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            return partitions(consumer, topic, null).size();
        }
    }

    private Map<String, Object> consumerProps() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis(),
                ConsumerConfig.CLIENT_ID_CONFIG, "notes-topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Set<Integer> only) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new NotesSchemaException("cannot read the partitions of topic " + topic + ": " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new NotesSchemaException("topic " + topic + " does not exist");
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : infos) {
            if (only == null || only.contains(p.partition())) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
        }
        if (only != null && tps.size() != only.size()) {
            throw new NotesSchemaException("topic " + topic + " has " + infos.size()
                    + " partitions, not all of " + only);
        }
        return tps;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private TopicReadTimeoutException timeout(KafkaConsumer<?, ?> consumer, String topic, Map<TopicPartition, Long> ends) {
        Map<Integer, Long> positions = new HashMap<>();
        Map<Integer, Long> lagging = new HashMap<>();
        ends.forEach((tp, end) -> {
            long at = consumer.position(tp);
            if (at < end) {
                positions.put(tp.partition(), at);
                lagging.put(tp.partition(), end);
            }
        });
        return new TopicReadTimeoutException(topic, deadline, positions, lagging);
    }

    /** @return the partitions on which a transaction was still open when the wait ended (empty: all settled) */
    private Set<TopicPartition> awaitSettled(List<TopicPartition> tps) {
        long until = System.nanoTime() + settle.toNanos();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                Set<TopicPartition> open = new java.util.TreeSet<>(java.util.Comparator.comparing(TopicPartition::partition));
                tps.stream().filter(tp -> stable.get(tp).offset() != high.get(tp).offset()).forEach(open::add);
                if (open.isEmpty() || System.nanoTime() >= until) {
                    return open;
                }
                Thread.sleep(50); // no notification exists for transaction markers
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotesSchemaException("interrupted while waiting for open transactions on " + tps, e);
        } catch (ExecutionException e) {
            throw new NotesSchemaException("cannot list offsets of " + tps + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
