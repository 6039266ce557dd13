package io.notespipeline.embedded.junit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Kafka in a container when Testcontainers is on the classpath and a Docker engine answers.
 * Kept apart so that nothing here is loaded unless {@code NOTES_TEST_KAFKA=testcontainers}.
 */
final class ContainerKafka {

    /** The official image, same version as our Kafka clients. */
    static final String IMAGE = "apache/kafka:4.4.0";
    private static final Logger log = LoggerFactory.getLogger(ContainerKafka.class);

    private ContainerKafka() {
    }

    static TestKafka startIfDockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            log.warn("Testcontainers is not on the test classpath (add org.testcontainers:kafka)");
            return null;
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        var container = new org.testcontainers.kafka.KafkaContainer(IMAGE);
        container.start();
        log.info("Tests use a Kafka container image={} bootstrap={}", IMAGE, container.getBootstrapServers());
        return new TestKafka(container.getBootstrapServers(), container::stop);
    }
}
