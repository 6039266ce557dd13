package io.notespipeline.registry.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.notespipeline.schemas.registry.TopicMetadata;

/**
 * A write, as appended to the registry's log. Every server applies proposals in log order under
 * the same rules ({@link RegistryState#apply}), so all agree on the outcome of each one; the server
 * that appended it answers its client once it has read it back.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Proposal.Register.class, name = "REGISTER"),
        @JsonSubTypes.Type(value = Proposal.DeleteSubject.class, name = "DELETE_SUBJECT"),
        @JsonSubTypes.Type(value = Proposal.DeleteVersion.class, name = "DELETE_VERSION"),
        @JsonSubTypes.Type(value = Proposal.SetCompatibility.class, name = "CONFIG"),
        @JsonSubTypes.Type(value = Proposal.SetMode.class, name = "MODE"),
        @JsonSubTypes.Type(value = Proposal.PutTopicMetadata.class, name = "TOPIC_METADATA")})
sealed interface Proposal {

    /** @return unique id of this proposal; the proposing server waits for it */
    String requestId();

    /** @return the log record's key (compaction never merges two proposals: each key is unique) */
    default String key() {
        return getClass().getSimpleName() + ":" + requestId();
    }

    /**
     * Register {@code schema} (canonical text) under {@code subject}; {@code id} and {@code version}
     * are given only in IMPORT mode. {@code references}, {@code metadata} and {@code ruleSet} are
     * the request's (null when absent): config defaults, overrides and the previous version's
     * contract are merged in when the proposal is applied, in log order. {@code normalize} (true or
     * null) stores the schema under its {@link NormalForm}.
     */
    record Register(String requestId, String subject, String schema, Integer id, Integer version,
                    java.util.List<StoredSchema.Reference> references, Contract.Metadata metadata,
                    Contract.RuleSet ruleSet, Boolean normalize) implements Proposal {
    }

    /** Soft or permanent deletion of a whole subject. */
    record DeleteSubject(String requestId, String subject, boolean permanent) implements Proposal {
    }

    /** Deletion of one version; {@code version} is a number or {@code latest}, resolved when applied. */
    record DeleteVersion(String requestId, String subject, String version, boolean permanent) implements Proposal {
    }

    /**
     * Updates the config of a subject, or the global one (subject null): the compatibility level
     * and the contract fields that are non-null. Both null removes the config.
     */
    record SetCompatibility(String requestId, String subject, String level, Contract.ConfigFields fields)
            implements Proposal {
        boolean removes() {
            return level == null && (fields == null || fields.isEmpty());
        }
    }

    /** Sets (mode non-null) or removes the mode of a subject, or the global one (subject null). */
    record SetMode(String requestId, String subject, String mode, boolean force) implements Proposal {
    }

    /** Stores a new version of a topic's metadata. */
    record PutTopicMetadata(String requestId, TopicMetadata metadata) implements Proposal {
    }
}
