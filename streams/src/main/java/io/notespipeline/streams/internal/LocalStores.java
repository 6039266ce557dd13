package io.notespipeline.streams.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads this instance's copies of the stores, one partition at a time. Every read either answers
 * or throws {@link Unavailable} when Kafka Streams says the store cannot be read here now (an
 * {@link InvalidStateStoreException}: not started, stopped, partition not here, restoring,
 * rebalancing). Any other exception is a bug and reaches the caller as it is.
 */
public final class LocalStores {

    /** This instance cannot answer for the partition now. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final KafkaStreams streams;
    private final String eventsTopic;

    public LocalStores(KafkaStreams streams, String eventsTopic) {
        this.streams = streams;
        this.eventsTopic = eventsTopic;
    }

    /** @return the current view of {@code talkId} (its header and one prefix scan of its notes), or null when the talk does not exist. */
    public TalkView view(String talkId, int partition, boolean allowStandby) throws Unavailable {
        try {
            TalkHead head = kv(TalkViewTopology.HEADS_STORE, partition, allowStandby, String.class, TalkHead.class)
                    .get(talkId);
            return head == null || head.view() == null ? null : TalkNotes.view(head.view(), notes(partition, allowStandby));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("views of partition " + partition + " not queryable here: " + e.getMessage(), e);
        }
    }

    /** @return the last processed offset of {@code partition}, -1 when none. */
    public long position(int partition, boolean allowStandby) throws Unavailable {
        try {
            Long offset = kv(TalkViewTopology.POSITIONS_STORE, partition, allowStandby, Integer.class, Long.class)
                    .get(partition);
            return offset == null ? -1L : offset;
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("position of partition " + partition + " not queryable here: " + e.getMessage(), e);
        }
    }

    /**
     * The view of {@code talkId} valid at {@code time}: the latest local snapshot not newer than {@code time}, then
     * a fold of the talk's local log from there ({@link TalkLog#asOf}).
     *
     * @return the version, or null when the talk did not exist then
     */
    public TalkLog.Version asOf(String talkId, int partition, Instant time, boolean allowStandby) throws Unavailable {
        try {
            ReadOnlyKeyValueStore<String, TalkLog.Snapshot> snapshots =
                    kv(TalkViewTopology.SNAPSHOTS_STORE, partition, allowStandby, String.class, TalkLog.Snapshot.class);
            TalkLog.Snapshot start = null;
            String from = TalkLog.first(talkId);
            try (KeyValueIterator<String, TalkLog.Snapshot> it = snapshots.reverseRange(TalkLog.first(talkId),
                    TalkLog.last(talkId))) {
                while (it.hasNext()) {
                    KeyValue<String, TalkLog.Snapshot> kv = it.next();
                    if (kv.value.versionTime() <= time.toEpochMilli()) {
                        start = kv.value;
                        from = TalkLog.key(talkId, TalkLog.seq(kv.key) + 1);
                        break;
                    }
                }
            }
            List<TalkLog.Entry> after = new ArrayList<>();
            try (KeyValueIterator<String, TalkLog.Entry> it = events(partition, allowStandby)
                    .range(from, TalkLog.last(talkId))) {
                it.forEachRemaining(kv -> after.add(kv.value));
            }
            return TalkLog.asOf(start, after, time);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("history of partition " + partition + " not queryable here: " + e.getMessage(), e);
        }
    }

    /** @return every event read for {@code talkId}, in log order, duplicates marked */
    public List<TalkLog.Entry> talkLog(String talkId, int partition, boolean allowStandby) throws Unavailable {
        try {
            List<TalkLog.Entry> out = new ArrayList<>();
            try (KeyValueIterator<String, TalkLog.Entry> it = events(partition, allowStandby)
                    .range(TalkLog.first(talkId), TalkLog.last(talkId))) {
                it.forEachRemaining(kv -> out.add(kv.value));
            }
            return out;
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("history of partition " + partition + " not queryable here: " + e.getMessage(), e);
        }
    }

    private ReadOnlyKeyValueStore<String, TalkNotes.Row> notes(int partition, boolean allowStandby) {
        return kv(TalkViewTopology.NOTES_STORE, partition, allowStandby, String.class, TalkNotes.Row.class);
    }

    private ReadOnlyKeyValueStore<String, TalkLog.Entry> events(int partition, boolean allowStandby) {
        return kv(TalkViewTopology.EVENTS_STORE, partition, allowStandby, String.class, TalkLog.Entry.class);
    }

    /** @return (hour start, applied events) of {@code talkId} between {@code from} and {@code to}. */
    public List<KeyValue<Instant, Long>> activity(String talkId, int partition, Instant from, Instant to,
                                                  boolean allowStandby) throws Unavailable {
        try {
            StoreQueryParameters<ReadOnlyWindowStore<String, Long>> params = StoreQueryParameters.fromNameAndType(
                    TalkViewTopology.ACTIVITY_STORE, QueryableStoreTypes.<String, Long>windowStore())
                    .withPartition(partition);
            ReadOnlyWindowStore<String, Long> store = streams.store(allowStandby ? params.enableStaleStores() : params);
            List<KeyValue<Instant, Long>> out = new ArrayList<>();
            try (WindowStoreIterator<Long> it = store.fetch(talkId, from, to)) {
                it.forEachRemaining(kv -> out.add(KeyValue.pair(Instant.ofEpochMilli(kv.key), kv.value)));
            }
            return out;
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("activity of partition " + partition + " not queryable here: " + e.getMessage(), e);
        }
    }

    /** The partitions of {@code notes.events} this instance holds a copy of. */
    public record Copies(Set<Integer> active, Set<Integer> standby) {
    }

    /** Receives a view and where it was read. */
    @FunctionalInterface
    public interface ViewSink {
        void accept(TalkView view, int partition, boolean standby);
    }

    /** @return the partitions of {@code notes.events} this instance processes (active) or mirrors (standby). */
    public Copies localPartitions() {
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> addPartitions(task, active));
            thread.standbyTasks().forEach(task -> addPartitions(task, standby));
        }
        standby.removeAll(active);
        return new Copies(active, standby);
    }

    private void addPartitions(TaskMetadata task, Set<Integer> into) {
        for (TopicPartition tp : task.topicPartitions()) {
            if (tp.topic().equals(eventsTopic)) {
                into.add(tp.partition());
            }
        }
    }

    /**
     * Reads the views of every local copy that can be read now, active and standby.
     *
     * @param indexPrefix when not null, only the talks under this secondary-index prefix ({@link TalkIndex#prefix})
     * @param withNotes   false: the views' headers only (their {@code notes} empty), which is all a summary needs
     * @return the copies read
     */
    public Copies scan(String indexPrefix, boolean withNotes, ViewSink sink) {
        Copies local = localPartitions();
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        for (int partition : local.active()) {
            if (scanPartition(partition, false, indexPrefix, withNotes, sink)) {
                active.add(partition);
            }
        }
        for (int partition : local.standby()) {
            if (scanPartition(partition, true, indexPrefix, withNotes, sink)) {
                standby.add(partition);
            }
        }
        return new Copies(active, standby);
    }

    private boolean scanPartition(int partition, boolean standby, String indexPrefix, boolean withNotes,
                                  ViewSink sink) {
        List<TalkView> views = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, TalkHead> viewStore =
                    kv(TalkViewTopology.HEADS_STORE, partition, standby, String.class, TalkHead.class);
            if (indexPrefix == null) {
                try (KeyValueIterator<String, TalkHead> all = viewStore.all()) {
                    all.forEachRemaining(kv -> {
                        if (kv.value.view() != null) {
                            views.add(kv.value.view());
                        }
                    });
                }
            } else {
                ReadOnlyKeyValueStore<String, String> index =
                        kv(TalkViewTopology.INDEX_STORE, partition, standby, String.class, String.class);
                try (KeyValueIterator<String, String> hits = index.prefixScan(indexPrefix, new StringSerializer())) {
                    while (hits.hasNext()) {
                        TalkHead head = viewStore.get(hits.next().value);
                        if (head != null && head.view() != null) {
                            views.add(head.view());
                        }
                    }
                }
            }
            if (withNotes) {
                ReadOnlyKeyValueStore<String, TalkNotes.Row> notes = notes(partition, standby);
                views.replaceAll(head -> TalkNotes.view(head, notes));
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
        views.forEach(v -> sink.accept(v, partition, standby));
        return true;
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> kv(String store, int partition, boolean allowStandby,
                                                  Class<K> keyType, Class<V> valueType) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> params = StoreQueryParameters
                .fromNameAndType(store, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition);
        return streams.store(allowStandby ? params.enableStaleStores() : params);
    }
}
