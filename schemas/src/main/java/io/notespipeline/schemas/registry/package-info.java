/**
 * The schema registry seen from a client: {@link io.notespipeline.schemas.registry.SchemaRegistryClient}
 * (HTTP with bounded caches, or in memory for tests), the Confluent-wire-format serdes
 * ({@link io.notespipeline.schemas.registry.RegistryAvroSerializer},
 * {@link io.notespipeline.schemas.registry.RegistryAvroDeserializer},
 * {@link io.notespipeline.schemas.registry.RegistryAvroSerde}) and the catalogue's
 * {@link io.notespipeline.schemas.registry.RegistrySerdeProvider}; topic metadata
 * ({@link io.notespipeline.schemas.registry.TopicMetadata}: identity and ordering); and
 * {@link io.notespipeline.schemas.registry.BuiltInSchemas}, registered at start with their data contracts
 * ({@link io.notespipeline.schemas.contract}).
 *
 * <p>Produce-time enforcement: with {@code auto.register.schemas} off (the default) a record whose
 * schema is not registered for its subject is refused by the serializer, and the publisher refuses
 * a record that breaks its topic's data contract
 * ({@link io.notespipeline.schemas.contract.ContractValidator});
 * either way nothing reaches Kafka.
 */
package io.notespipeline.schemas.registry;
