package io.notespipeline.schemas.registry;

import java.util.Objects;

import io.notespipeline.schemas.SerdeProvider;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The production {@link SerdeProvider}: each Avro topic gets a {@link RegistryAvroSerde} in the
 * Confluent wire format under the subject {@code <topic>-value} of the catalogued topic (also when
 * Kafka Streams writes the same records to its changelog or repartition topics). Give it to
 * {@code new TopicCatalog(config, provider)}.
 */
public final class RegistrySerdeProvider implements SerdeProvider {

    private final SchemaRegistryClient client;
    private final boolean autoRegister;

    /**
     * @param client       the registry
     * @param autoRegister {@code auto.register.schemas}; false (the safe default) refuses records whose
     *                     schema is not registered
     */
    public RegistrySerdeProvider(SchemaRegistryClient client, boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
    }

    /** A provider that refuses unregistered schemas. */
    public RegistrySerdeProvider(SchemaRegistryClient client) {
        this(client, false);
    }

    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(String topic, Class<T> type) {
        return RegistryAvroSerde.specificForSubject(client, type, TopicNameStrategy.valueSubject(topic), autoRegister);
    }
}
