package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.registry.TopicMetadata;

/** Compatibility levels, modes and topic metadata, global and per subject; part of {@link RegistryState}. */
final class Settings {

    static final Set<String> MODES = Set.of("READWRITE", "READONLY", "IMPORT");

    private final CompatibilityLevel defaultLevel;
    private CompatibilityLevel globalLevel;
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private String globalMode = "READWRITE";
    private final Map<String, String> subjectModes = new HashMap<>();
    private final Map<String, List<TopicMetadata>> metadata = new HashMap<>();
    private Contract.ConfigFields globalFields = Contract.ConfigFields.NONE;
    private final Map<String, Contract.ConfigFields> subjectFields = new HashMap<>();

    Settings(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    synchronized CompatibilityLevel levelOf(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        return level != null ? level : globalLevel();
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel != null ? globalLevel : defaultLevel;
    }

    synchronized String modeOf(String subject) {
        return subjectModes.getOrDefault(subject, globalMode);
    }

    synchronized String globalMode() {
        return globalMode;
    }

    /** @throws RegistryException 40409 when the subject has no mode of its own and {@code defaultToGlobal} is false */
    synchronized String subjectMode(String subject, boolean defaultToGlobal) {
        String mode = subjectModes.get(subject);
        if (mode == null && !defaultToGlobal) {
            throw RegistryException.subjectModeNotConfigured(subject);
        }
        return mode != null ? mode : globalMode;
    }

    /** @return the contract fields in force for {@code subject}: its own where set, else the global ones */
    synchronized Contract.ConfigFields fieldsOf(String subject) {
        return subjectFields.getOrDefault(subject, Contract.ConfigFields.NONE).orElse(globalFields);
    }

    /** @return Confluent's {@code Config} JSON of the global config */
    synchronized Map<String, Object> globalConfig() {
        return configJson("compatibilityLevel", globalLevel(), globalFields);
    }

    /** @throws RegistryException 40408 when the subject has no config of its own and {@code defaultToGlobal} is false */
    synchronized Map<String, Object> subjectConfig(String subject, boolean defaultToGlobal) {
        CompatibilityLevel level = subjectLevels.get(subject);
        Contract.ConfigFields own = subjectFields.get(subject);
        if (level == null && own == null && !defaultToGlobal) {
            throw RegistryException.subjectCompatibilityNotConfigured(subject);
        }
        if (defaultToGlobal) {
            return configJson("compatibilityLevel", level != null ? level : globalLevel(),
                    (own == null ? Contract.ConfigFields.NONE : own).orElse(globalFields));
        }
        return configJson("compatibilityLevel", level, own == null ? Contract.ConfigFields.NONE : own);
    }

    static Map<String, Object> configJson(String levelKey, CompatibilityLevel level, Contract.ConfigFields fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (level != null) {
            out.put(levelKey, level.name());
        }
        if (fields != null) {
            putIfSet(out, "compatibilityGroup", fields.compatibilityGroup());
            putIfSet(out, "defaultMetadata", fields.defaultMetadata());
            putIfSet(out, "overrideMetadata", fields.overrideMetadata());
            putIfSet(out, "defaultRuleSet", fields.defaultRuleSet());
            putIfSet(out, "overrideRuleSet", fields.overrideRuleSet());
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    /**
     * Updates a config as Confluent does: the fields given replace the stored ones, the others are
     * kept. Removing answers the removed config.
     */
    synchronized Map<String, Object> setCompatibility(Proposal.SetCompatibility p) {
        if (p.removes()) {
            if (p.subject() == null) {
                Map<String, Object> previous = globalConfig();
                globalLevel = null;
                globalFields = Contract.ConfigFields.NONE;
                return previous;
            }
            CompatibilityLevel previous = subjectLevels.remove(p.subject());
            Contract.ConfigFields fields = subjectFields.remove(p.subject());
            if (previous == null && fields == null) {
                throw RegistryException.subjectCompatibilityNotConfigured(p.subject());
            }
            return configJson("compatibilityLevel", previous, fields);
        }
        CompatibilityLevel level = p.level() == null ? null : CompatibilityLevel.parse(p.level())
                .orElseThrow(() -> RegistryException.invalidCompatibility(p.level()));
        Contract.ConfigFields given = p.fields() == null ? Contract.ConfigFields.NONE : p.fields();
        if (p.subject() == null) {
            globalLevel = level != null ? level : globalLevel;
            globalFields = given.orElse(globalFields);
        } else {
            if (level != null) {
                subjectLevels.put(p.subject(), level);
            }
            if (!given.isEmpty()) {
                subjectFields.put(p.subject(), given.orElse(subjectFields.getOrDefault(p.subject(),
                        Contract.ConfigFields.NONE)));
            }
        }
        return configJson("compatibility", level, given);
    }

    /** @param hasSchemas whether the registry (global) or the subject already holds schemas */
    synchronized Map<String, Object> setMode(Proposal.SetMode p, boolean hasSchemas) {
        if (p.mode() == null) {
            String previous = p.subject() == null ? globalMode : subjectModes.remove(p.subject());
            if (previous == null) {
                throw RegistryException.subjectModeNotConfigured(p.subject());
            }
            if (p.subject() == null) {
                globalMode = "READWRITE";
            }
            return Map.of("mode", previous);
        }
        String mode = p.mode().toUpperCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw RegistryException.invalidMode(p.mode());
        }
        if ("IMPORT".equals(mode) && hasSchemas && !p.force()) {
            throw RegistryException.notPermitted("Cannot import since found existing subjects; set force=true to import anyway");
        }
        if (p.subject() == null) {
            globalMode = mode;
        } else {
            subjectModes.put(p.subject(), mode);
        }
        return Map.of("mode", mode);
    }

    /** Stores a new version unless the content equals the latest one. */
    synchronized TopicMetadata putMetadata(Proposal.PutTopicMetadata p) {
        List<TopicMetadata> versions = metadata.computeIfAbsent(p.metadata().topic(), t -> new ArrayList<>());
        if (!versions.isEmpty() && versions.get(versions.size() - 1).sameContent(p.metadata())) {
            return versions.get(versions.size() - 1);
        }
        TopicMetadata stored = p.metadata().withVersion(versions.size() + 1);
        versions.add(stored);
        return stored;
    }

    /** @param version a version from 1, or null for the latest */
    synchronized TopicMetadata metadata(String topic, Integer version) {
        List<TopicMetadata> versions = metadata.getOrDefault(topic, List.of());
        if (versions.isEmpty()) {
            throw RegistryException.topicMetadataNotFound(topic);
        }
        if (version == null) {
            return versions.get(versions.size() - 1);
        }
        if (version < 1 || version > versions.size()) {
            throw new RegistryException(40402, 404, "Version " + version + " of the metadata of topic '" + topic
                    + "' not found.");
        }
        return versions.get(version - 1);
    }

    synchronized List<Integer> metadataVersions(String topic) {
        List<Integer> out = new ArrayList<>();
        metadata.getOrDefault(topic, List.of()).forEach(m -> out.add(m.version()));
        if (out.isEmpty()) {
            throw RegistryException.topicMetadataNotFound(topic);
        }
        return out;
    }

    synchronized Map<String, Integer> metadataTopics() {
        Map<String, Integer> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(metadata).forEach((topic, versions) -> out.put(topic, versions.size()));
        return out;
    }
}
