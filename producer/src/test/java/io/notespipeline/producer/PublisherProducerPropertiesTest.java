package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The publisher's Kafka settings come from one place (the benchmark's raw baseline reuses them). */
class PublisherProducerPropertiesTest {

    @Test
    void shouldBeIdempotentWithAcksAllAndTakeBatchingFromTheConfig() {
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.COMPRESSION_CONFIG, "zstd",
                PublisherConfig.LINGER_CONFIG, 7));
        Map<String, Object> props = config.producerProperties("127.0.0.1:9092", "client-a");
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 7)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "client-a")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    }

    @Test
    void shouldSendLoneEventsIdempotentlyWithOneRequestInFlightAndNoCompression() {
        Map<String, Object> props = NotePublisher.interactiveProps(
                PublisherConfig.defaults().producerProperties("127.0.0.1:9092", "client-a"));
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "client-a-interactive")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        PublisherConfig.defaults().getInt(PublisherConfig.DELIVERY_TIMEOUT_CONFIG));
    }

    @Test
    void shouldLetAStreamOfEventsLingerFiveMillisecondsAsKafkaFourDoes() {
        assertThat(PublisherConfig.defaults().producerProperties("127.0.0.1:9092", "c"))
                .as("the default linger of the streaming and transactional producers").containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    }
}
