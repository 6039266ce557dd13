package io.notespipeline.producer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

/**
 * A broker for the jqwik integration tests, which cannot use the JUnit {@link KafkaExtension}: the cluster
 * {@code NOTES_TEST_BOOTSTRAP} names, else an embedded one of their own; plus a fresh events topic of 3 partitions.
 */
final class StandaloneKafka implements AutoCloseable {

    private final EmbeddedKafka broker;
    private final String bootstrap;
    private final TopicCatalog topics;

    private StandaloneKafka(EmbeddedKafka broker, String bootstrap, TopicCatalog topics) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /** Starts (or finds) the broker and creates {@code <prefix>-<random>.notes.events} with 3 partitions. */
    static StandaloneKafka withEventsTopic(String prefix) throws Exception {
        String external = System.getenv(KafkaExtension.BOOTSTRAP_ENV);
        EmbeddedKafka broker = null;
        String bootstrap;
        if (external != null && !external.isBlank()) {
            bootstrap = external.trim();
        } else {
            broker = EmbeddedKafka.builder().start();
            bootstrap = broker.bootstrapServers();
        }
        TopicCatalog topics = TopicCatalog.withDefaults()
                .withPrefix(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.events().name(), 3, (short) 1))).all().get();
        }
        return new StandaloneKafka(broker, bootstrap, topics);
    }

    String bootstrap() {
        return bootstrap;
    }

    TopicCatalog topics() {
        return topics;
    }

    /** @return the events topic's 3 partitions */
    List<TopicPartition> partitions() {
        String topic = topics.events().name();
        return List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
