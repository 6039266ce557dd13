package io.notespipeline.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import io.notespipeline.schemas.AvroBinarySerde;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.internal.TalkHead;
import io.notespipeline.streams.internal.TalkNotes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Rebuilds every view from offset 0 with the production topology and the production Streams
 * settings ({@link ViewsConfig#streamsProperties}) under a fresh application id, into its own output
 * topics, then compares its views store with the live {@code notes.talk-views}: talk count and a SHA-256 per talk.
 * The replay's topics, internal topics and consumer group are removed through the admin API.
 */
public final class ViewsReplay {

    /** What the comparison found: the replay's application id, talk counts and each differing talk. */
    public record Report(String applicationId, int replayed, int live, List<String> differences) {
        /** @return whether the replay and the live views hold the same talks with the same bytes */
        public boolean equal() {
            return differences.isEmpty();
        }
    }

    private final ViewsConfig config;
    private final String bootstrap;
    private final TopicCatalog catalog;

    /**
     * @param config    the views settings of production (processing guarantee, threads, retentions, …);
     *                  the application id, state dir and application server are replaced for the replay
     * @param bootstrap the Kafka cluster
     * @param catalog   the topics; the replay reads {@code notes.events} and writes its own copies
     */
    public ViewsReplay(ViewsConfig config, String bootstrap, TopicCatalog catalog) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.catalog = catalog;
    }

    /**
     * Runs the replay to the end offsets of {@code notes.events} seen at its start.
     *
     * @param progress receives (events done, events in all) while the replay catches up
     * @throws NotesStreamsException when the replay fails or does not catch up within 30 minutes
     */
    private static final Duration STORE_WAIT = Duration.ofMinutes(2);

    public Report run(BiConsumer<Long, Long> progress) throws InterruptedException {
        String appId = "notes-views-replay-" + System.currentTimeMillis();
        Topic<String, TalkView> out = rename(catalog.talkViews(), appId + "-views");
        var rejected = rename(catalog.rejected(), appId + "-rejected");
        var deadLetters = rename(catalog.rejected(), appId + "-dlq");
        short replication = catalog.config().replicationFactor();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(out.newTopic(replication), rejected.newTopic(replication),
                    deadLetters.newTopic(replication))).all().get();
            Map<TopicPartition, Long> end = endOffsets(admin, catalog.events().name());
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            Path state = Files.createTempDirectory("notes-replay-");
            var topology = new TalkViewTopology(new TalkViewTopology.Topics(catalog.events(), out, rejected),
                    config.retention()).build(new StreamsBuilder());
            KafkaStreams streams = new KafkaStreams(topology, streamsProps(appId, state, deadLetters.name()));
            Map<String, String> replayed;
            RunningWatch running = new RunningWatch();
            streams.setStateListener(running);
            try {
                streams.start();
                awaitCaughtUp(admin, appId, end, total, progress);
                replayed = storeHashes(streams, running);
            } finally {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30))); // leaving the group lets it be deleted
                streams.cleanUp();
                cleanup(admin, appId, rejected.name(), deadLetters.name());
            }
            admin.deleteTopics(List.of(out.name())).all().get();
            Map<String, String> live = hashes(catalog.talkViews().name(), catalog.talkViews());
            return new Report(appId, replayed.size(), live.size(), compare(replayed, live));
        } catch (ExecutionException e) {
            throw new NotesStreamsException("replay failed: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new NotesStreamsException("replay failed: " + e.getMessage(), e);
        }
    }

    /** The production settings with the replay's own id, state, dead-letter topic and no advertised server. */
    private Properties streamsProps(String appId, Path state, String deadLetterTopic) {
        Properties p = config.streamsProperties(bootstrap, deadLetterTopic);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    private static void awaitCaughtUp(Admin admin, String appId, Map<TopicPartition, Long> end, long total,
                                      BiConsumer<Long, Long> progress) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
            long done = 0;
            boolean caughtUp = true;
            for (var e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long at = c == null ? 0 : c.offset();
                done += Math.min(at, e.getValue());
                caughtUp &= at >= e.getValue();
            }
            progress.accept(done, total);
            if (caughtUp) {
                return;
            }
            Thread.sleep(200); // polling a remote group's committed offsets; there is no push API
        }
        throw new NotesStreamsException("replay " + appId + " did not catch up within 30 minutes");
    }

    /**
     * The replay's views, read from its own views store once it has caught up: {@code notes.talk-views} is
     * coalesced (sent once per changed talk per emit interval), so its output topic may still lag the store,
     * while the store is what the topic converges to (a deleted talk is absent from both).
     */
    private static Map<String, String> storeHashes(KafkaStreams streams, RunningWatch running)
            throws InterruptedException {
        AvroBinarySerde<TalkView> canonical = new AvroBinarySerde<>(TalkView.class);
        long deadline = System.nanoTime() + STORE_WAIT.toNanos();
        while (true) {
            // Caught up by its committed offsets, the replay may still be finishing its first rebalance (its
            // thread PARTITIONS_ASSIGNED): the store becomes queryable once the instance is RUNNING.
            running.await(deadline);
            Map<String, String> byTalk = new TreeMap<>();
            try {
                ReadOnlyKeyValueStore<String, TalkHead> heads = streams.store(StoreQueryParameters.fromNameAndType(
                        TalkViewTopology.HEADS_STORE, QueryableStoreTypes.<String, TalkHead>keyValueStore()));
                ReadOnlyKeyValueStore<String, TalkNotes.Row> notes = streams.store(StoreQueryParameters.fromNameAndType(
                        TalkViewTopology.NOTES_STORE, QueryableStoreTypes.<String, TalkNotes.Row>keyValueStore()));
                try (KeyValueIterator<String, TalkHead> it = heads.all()) {
                    it.forEachRemaining(kv -> {
                        if (kv.value.view() != null) { // a talk whose events were all rejected has no view
                            byTalk.put(kv.key, sha256(canonical.encode(TalkNotes.view(kv.value.view(), notes))));
                        }
                    });
                }
                return byTalk;
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() >= deadline) {
                    throw new NotesStreamsException("replay: its views store is not queryable within "
                            + STORE_WAIT.toSeconds() + " s (" + e.getMessage() + ")", e);
                }
                running.awaitChange(100); // a rebalance under way: its next state change, or 100 ms
            }
        }
    }

    /** Lets the replay wait for its instance to be RUNNING (a state listener, no polling). */
    private static final class RunningWatch implements KafkaStreams.StateListener {
        private final Object lock = new Object();
        private KafkaStreams.State state = KafkaStreams.State.CREATED;

        @Override
        public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
            synchronized (lock) {
                state = newState;
                lock.notifyAll();
            }
        }

        void awaitChange(long maxMillis) throws InterruptedException {
            synchronized (lock) {
                lock.wait(maxMillis);
            }
        }

        void await(long deadlineNanos) throws InterruptedException {
            synchronized (lock) {
                while (state != KafkaStreams.State.RUNNING) {
                    if (!state.isRunningOrRebalancing()) {
                        throw new NotesStreamsException("replay: its streams instance is " + state);
                    }
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new NotesStreamsException("replay: its streams instance is still " + state + " after "
                                + STORE_WAIT.toSeconds() + " s");
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            }
        }
    }

    private static void cleanup(Admin admin, String appId, String... topics) throws InterruptedException {
        try {
            Set<String> all = admin.listTopics().names().get();
            List<String> internal = new ArrayList<>();
            for (String t : all) {
                if (t.startsWith(appId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition"))) {
                    internal.add(t);
                }
            }
            internal.addAll(List.of(topics));
            admin.deleteTopics(internal).all().get();
            admin.deleteConsumerGroups(List.of(appId)).all().get();
        } catch (ExecutionException e) {
            throw new NotesStreamsException("cleaning up " + appId + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private Map<String, String> hashes(String topic, Topic<String, TalkView> typed) {
        Map<String, String> byTalk = new TreeMap<>();
        AvroBinarySerde<TalkView> canonical = new AvroBinarySerde<>(TalkView.class);
        TopicReader.of(bootstrap).withDeadline(Duration.ofMinutes(10)).read(topic, typed.keySerde().deserializer(),
                typed.valueSerde().deserializer(), r -> {
                    if (r.value() == null) {
                        byTalk.remove(r.key());
                    } else {
                        byTalk.put(r.key(), sha256(canonical.encode(r.value())));
                    }
                });
        return byTalk;
    }

    private static List<String> compare(Map<String, String> replayed, Map<String, String> live) {
        List<String> differences = new ArrayList<>();
        Set<String> ids = new java.util.TreeSet<>(replayed.keySet());
        ids.addAll(live.keySet());
        for (String id : ids) {
            String a = replayed.get(id);
            String b = live.get(id);
            if (a == null || b == null || !a.equals(b)) {
                differences.add(id + (a == null ? ": missing from the replay" : b == null ? ": missing from the live views"
                        : ": differs (replay " + a.substring(0, 12) + ", live " + b.substring(0, 12) + ")"));
            }
        }
        return differences;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::partition));
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new java.util.HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private static <V> Topic<String, V> rename(Topic<String, V> t, String name) {
        return new Topic<>(name, t.partitions(), t.configs(), t.keySerde(), t.valueSerde(), t.identityField(),
                t.orderingField(), t.doc());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
