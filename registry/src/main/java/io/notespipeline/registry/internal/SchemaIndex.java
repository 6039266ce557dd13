package io.notespipeline.registry.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;

/**
 * The registered schemas of a {@link RegistryState} by id, guid and content. Written only by the
 * log's applier (under the state's lock); reads by id and guid take no lock, since an entry never
 * changes once put: the clients' hot path.
 */
final class SchemaIndex {

    private final Map<String, Integer> idsByContent = new HashMap<>();
    private final Map<Integer, StoredSchema> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsByGuid = new ConcurrentHashMap<>();
    private int maxId;

    /** @return the id of exactly this content, or null */
    Integer idOf(StoredSchema.Content content) {
        return idsByContent.get(content.key());
    }

    /** @return the schema with that id, or null */
    StoredSchema get(int id) {
        return byId.get(id);
    }

    /** @throws RegistryException 40403 when no schema has that id */
    StoredSchema require(int id) {
        StoredSchema schema = byId.get(id);
        if (schema == null) {
            throw RegistryException.schemaNotFound("Schema " + id + " not found");
        }
        return schema;
    }

    /** @throws RegistryException 40403 when no schema has that guid */
    StoredSchema byGuid(String guid) {
        Integer id = idsByGuid.get(guid);
        if (id == null) {
            throw RegistryException.schemaNotFound("Schema " + guid + " not found");
        }
        return byId.get(id);
    }

    /** Stores {@code content} under {@code id} unless the id is taken; @return the schema the id names */
    StoredSchema put(int id, StoredSchema.Content content, Schema schema) {
        StoredSchema stored = byId.computeIfAbsent(id, i -> StoredSchema.of(i, content, schema));
        idsByContent.put(content.key(), id);
        idsByGuid.putIfAbsent(stored.guid(), id);
        maxId = Math.max(maxId, id);
        return stored;
    }

    int maxId() {
        return maxId;
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }
}
