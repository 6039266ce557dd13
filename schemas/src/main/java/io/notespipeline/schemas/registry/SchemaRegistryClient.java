package io.notespipeline.schemas.registry;

import java.util.List;
import java.util.Optional;

import io.notespipeline.schemas.contract.DataContract;

import org.apache.avro.Schema;

/**
 * The part of the registry the pipeline needs: register and look up schemas, fetch a schema by
 * id with their data contracts (Confluent's {@code metadata} and {@code ruleSet}), and read or write a
 * topic's legacy metadata. Implementations are thread-safe; failures are
 * {@link SchemaRegistryException}s carrying the registry's error code.
 *
 * @see HttpSchemaRegistryClient
 * @see InMemorySchemaRegistryClient
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (or finds it if already there).
     *
     * @return the schema's global id
     * @throws SchemaRegistryException 409 when incompatible with the subject's earlier versions,
     *                                 42201 when invalid
     */
    default int register(String subject, Schema schema) {
        return register(subject, schema, DataContract.empty());
    }

    /**
     * Registers {@code schema} with its data contract under {@code subject}: sends {@code metadata} and
     * {@code ruleSet} in the registration body (omitted when empty). The same schema with another contract
     * is a new version, as in Confluent's registry.
     *
     * @return the schema's global id
     * @throws SchemaRegistryException 409 when incompatible, 42201 when invalid
     */
    int register(String subject, Schema schema, DataContract contract);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it.
     *
     * @throws SchemaRegistryException 40401 when the subject does not exist, 40403 when the schema
     *                                 is not one of its versions
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * @return the schema with global id {@code id}
     * @throws SchemaRegistryException 40403 when no schema has that id
     */
    Schema schemaById(int id);

    /**
     * @return the latest (non-deleted) version of {@code subject}
     * @throws SchemaRegistryException 40401 when the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /** @return the registered (non-deleted) subjects, sorted. */
    List<String> subjects();

    /**
     * @return the data contract of the latest version of {@code subject}; empty when the subject does not
     *         exist or its latest version carries neither metadata nor rules
     */
    default java.util.Optional<DataContract> latestContract(String subject) {
        try {
            DataContract contract = latest(subject).contract();
            return contract.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(contract);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** @return the current metadata of {@code topic}, or empty when none was stored */
    Optional<TopicMetadata> topicMetadata(String topic);

    /**
     * Stores a new version of a topic's metadata ({@code metadata.version()} is ignored).
     *
     * @return the metadata as stored, with its version
     */
    TopicMetadata putTopicMetadata(TopicMetadata metadata);
}
