package io.notespipeline.registry.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.registry.RegistryException;

/** What the routes share: the state to read, the log to write through, the JSON mapper. */
final class Backend {

    private final RegistryState state;
    private final ProposalLog log;
    private final ObjectMapper mapper;
    private final Duration syncTimeout;

    Backend(RegistryState state, ProposalLog log, ObjectMapper mapper, Duration syncTimeout) {
        this.state = state;
        this.log = log;
        this.mapper = mapper;
        this.syncTimeout = syncTimeout;
    }

    RegistryState state() {
        return state;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Appends a write to the log and returns its answer once applied here. */
    Object propose(Proposal proposal) {
        return log.propose(proposal);
    }

    /**
     * Reads the local state; when the answer is "not found", first catches up with the log (another
     * server may have just written it) and reads again.
     */
    <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (RegistryException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            log.syncToEnd(syncTimeout);
            return read.get();
        }
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    /**
     * @return Confluent's {@code Schema} JSON of one subject version: subject, version, id, guid,
     *         references, metadata and ruleSet when present, schema
     */
    Map<String, Object> versionJson(RegistryState.Version v) {
        StoredSchema stored = state.schema(v.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", v.subject());
        out.put("version", v.version());
        out.put("id", v.id());
        out.put("guid", stored.guid());
        stored.putContract(out);
        out.put("schema", stored.canonical());
        return out;
    }
}
