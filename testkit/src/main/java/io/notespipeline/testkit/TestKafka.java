package io.notespipeline.testkit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka cluster a test runs against (see {@link KafkaExtension}). Closed by JUnit when the
 * test JVM's run ends, never by a test.
 */
public final class TestKafka implements AutoCloseable {

    private final String bootstrapServers;
    private final Runnable closer;

    TestKafka(String bootstrapServers, Runnable closer) {
        this.bootstrapServers = bootstrapServers;
        this.closer = closer;
    }

    /** @return the cluster's bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return a topic name unique to the caller, e.g. {@code events-1a2b3c4d}. */
    public String uniqueTopic(String prefix) {
        return KafkaExtension.unique(prefix);
    }

    /** @return a new admin client on this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Creates a topic that keeps its records forever ({@code retention.ms=-1}, as {@code notes.events} does) and
     * waits for it. Tests write events dated in the past (a fixed {@code 2026-11-01T10:00:00Z}, the PyCon 2017
     * history); under the broker's default 7-day retention the first retention check (30 s after the broker
     * started) deleted them before a late consumer had read them: a views task that started after it began past
     * the talks' {@code TalkCreated} and rejected the rest (AuditIT's first test of each run failed so).
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name, e.getCause());
        }
    }

    @Override
    public void close() {
        closer.run();
    }
}
