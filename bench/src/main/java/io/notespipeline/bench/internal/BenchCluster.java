package io.notespipeline.bench.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import io.notespipeline.bench.BenchException;
import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.registry.InMemorySchemaRegistryClient;
import io.notespipeline.schemas.registry.RegistrySerdeProvider;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster of one run: an embedded broker (or a given one), an admin client, and the catalogue with
 * registry serdes (Confluent wire format, schemas registered on first use). Every topic the run
 * creates is named {@code bench-<run>-<name>} with the policy of {@code notes.events}.
 */
public final class BenchCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchCluster.class);

    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private final Admin admin;
    private final TopicCatalog catalog;
    private final String prefix;

    private BenchCluster(EmbeddedKafka embedded, String bootstrap, String runId) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.catalog = new TopicCatalog(CatalogConfig.defaults(),
                new RegistrySerdeProvider(new InMemorySchemaRegistryClient(), true));
        this.prefix = "bench-" + runId + "-";
    }

    /** Uses {@code bootstrap} when given, else starts an embedded broker (stopped by {@link #close()}). */
    public static BenchCluster start(Optional<String> bootstrap, String runId) {
        if (bootstrap.isPresent()) {
            log.info("Using the given cluster bootstrap={}", bootstrap.get());
            return new BenchCluster(null, bootstrap.get(), runId);
        }
        EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        log.info("Started an embedded broker bootstrap={}", kafka.bootstrapServers());
        return new BenchCluster(kafka, kafka.bootstrapServers(), runId);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** @return "embedded" or the given bootstrap servers. */
    public String description() {
        return embedded != null ? "embedded (single KRaft broker in the bench JVM)" : bootstrap;
    }

    public TopicCatalog catalog() {
        return catalog;
    }

    public Admin admin() {
        return admin;
    }

    /** @return partitions of every topic the run creates (the catalogue's, 6 by default). */
    public int partitions() {
        return catalog.config().partitions();
    }

    /** @return the run-scoped name {@code bench-<run>-<name>}. */
    public String name(String name) {
        return prefix + name;
    }

    /**
     * Creates {@code bench-<run>-<name>.notes.events} like {@code notes.events} (same partitions and policy);
     * {@link #catalogFor} gives the catalogue that names it as its events topic.
     */
    public String createTopic(String name) {
        return createTopic(name + "." + TopicCatalog.EVENTS, catalog.events());
    }

    /** @return the run's catalogue with every name prefixed so that its events topic is {@code eventsTopic} */
    public TopicCatalog catalogFor(String eventsTopic) {
        if (!eventsTopic.endsWith(TopicCatalog.EVENTS)) {
            throw new IllegalArgumentException("not an events topic of createTopic(name): " + eventsTopic);
        }
        return catalog.withPrefix(eventsTopic.substring(0, eventsTopic.length() - TopicCatalog.EVENTS.length()));
    }

    /** Creates {@code bench-<run>-<name>} with the partitions and policy of {@code like}. */
    public String createTopic(String name, Topic<?, ?> like) {
        return createExactly(name(name), like);
    }

    /** Creates {@code topic} (a name of a catalogue from {@link #catalogFor}) with the partitions and policy of {@code like}. */
    public String createExactly(String topic, Topic<?, ?> like) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, like.partitions(), catalog.config().replicationFactor())
                    .configs(like.configs()))).all().get();
            awaitLeaders(topic, like.partitions());
            endOffsets(topic);
            return topic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted creating " + topic, e);
        } catch (ExecutionException e) {
            throw new BenchException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits until the broker reports a leader for every partition: producing to a topic the broker has not
     * finished creating gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying then was seen
     * stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. The caller then lists the end
     * offsets, which only succeeds once each leader really serves its partition.
     */
    private void awaitLeaders(String topic, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                log.debug("Topic not described yet topic={}", topic, e);
            }
            Thread.sleep(20);
        }
        throw new BenchException("topic " + topic + " has no leader for every partition after 30 s");
    }

    /** @return {@code like} renamed to {@code topic} (same serdes and policy), for components taking topics. */
    public static <K, V> Topic<K, V> renamed(Topic<K, V> like, String topic) {
        return new Topic<>(topic, like.partitions(), like.configs(), like.keySerde(), like.valueSerde(),
                like.identityField(), like.orderingField(), like.doc());
    }

    /** @return the end offset of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions(); p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request).all().get();
            Map<TopicPartition, Long> ends = new HashMap<>();
            info.forEach((tp, i) -> ends.put(tp, i.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted listing offsets of " + topic, e);
        } catch (ExecutionException e) {
            throw new BenchException("cannot list offsets of " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Deletes the run's topics (best effort) and stops the embedded broker if there is one. */
    @Override
    public void close() {
        try {
            if (embedded == null) {
                List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
                admin.deleteTopics(mine).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Could not delete the run's topics prefix={}", prefix, e);
        } finally {
            admin.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
