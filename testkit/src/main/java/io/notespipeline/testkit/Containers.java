package io.notespipeline.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and PostgreSQL in containers, through Testcontainers, where a Docker engine answers.
 * Loaded only when a test asks for {@code testcontainers} (see {@link KafkaExtension}, {@link TestPostgres}).
 */
final class Containers {

    /** The official Kafka image, same version as our Kafka clients. */
    static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    static final String POSTGRES_IMAGE = "postgres:16";
    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    private Containers() {
    }

    /** @return a started Kafka container's cluster, or null when no Docker engine answers */
    static TestKafka kafkaIfDockerAvailable() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        log.info("Tests use a Kafka container image={} bootstrap={}", KAFKA_IMAGE, container.getBootstrapServers());
        return new TestKafka(container.getBootstrapServers(), container::stop);
    }

    /** @return a JDBC URL with credentials of a started PostgreSQL container, or null when no Docker engine answers */
    static String postgresIfDockerAvailable() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withDatabaseName("test").withUsername("postgres").withPassword("postgres");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-postgres-container"));
        log.info("Tests use a PostgreSQL container image={}", POSTGRES_IMAGE);
        String jdbc = container.getJdbcUrl();
        return jdbc + (jdbc.contains("?") ? "&" : "?") + "user=postgres&password=postgres";
    }
}
