package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.notespipeline.registry.RegistryException;

import org.apache.avro.Schema;

/**
 * The registry's state, folded from its log. {@link #apply} is deterministic: the same proposals
 * in the same order give the same ids, versions and answers on every server. Ids are global
 * (one per schema, by canonical form); versions count per subject. Thread-safe.
 */
final class RegistryState {

    /** One version of a subject. */
    record Version(String subject, int version, int id, boolean deleted) {
    }

    /** A schema with its global id and canonical text. */
    record StoredSchema(int id, String canonical, Schema schema) {
    }

    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Settings settings;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.settings = new Settings(defaultLevel);
    }

    Settings settings() {
        return settings;
    }

    /**
     * Applies one proposal of the log.
     *
     * @return the answer to give the proposer
     * @throws RegistryException when the proposal is refused (the state is then unchanged)
     */
    synchronized Object apply(Proposal proposal) {
        if (proposal instanceof Proposal.Register r) {
            return register(r);
        } else if (proposal instanceof Proposal.DeleteSubject d) {
            return d.permanent() ? deleteSubjectPermanently(d.subject()) : softDeleteSubject(d.subject());
        } else if (proposal instanceof Proposal.DeleteVersion d) {
            return deleteVersion(d);
        } else if (proposal instanceof Proposal.SetCompatibility c) {
            return settings.setCompatibility(c);
        } else if (proposal instanceof Proposal.SetMode m) {
            boolean hasSchemas = m.subject() == null ? !schemasById.isEmpty() : subjects.containsKey(m.subject());
            return settings.setMode(m, hasSchemas);
        } else if (proposal instanceof Proposal.PutTopicMetadata t) {
            latestLive(t.metadata().valueSubject())
                    .ifPresent(v -> MetadataCheck.requireFieldsExist(t.metadata(), schemasById.get(v.id()).schema()));
            return settings.putMetadata(t);
        }
        throw new IllegalArgumentException("unknown proposal " + proposal);
    }

    private Map<String, Object> register(Proposal.Register r) {
        String mode = settings.modeOf(r.subject());
        if ("READONLY".equals(mode)) {
            throw RegistryException.notPermitted("Subject " + r.subject() + " is in read-only mode");
        }
        boolean importing = "IMPORT".equals(mode);
        if (r.id() != null && !importing) {
            throw RegistryException.notPermitted("Overwrite new schema with id " + r.id()
                    + " is not permitted: set the mode to IMPORT first");
        }
        Schema schema = new Schema.Parser().parse(r.schema());
        String canonical = schema.toString();
        Integer existingId = idsByCanonical.get(canonical);
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(r.subject(), new TreeMap<>());
        for (Version v : versions.values()) {
            if (!v.deleted() && existingId != null && v.id() == existingId) {
                return Map.of("id", existingId);
            }
        }
        if (!importing) {
            List<String> problems = CompatibilityChecker.check(settings.levelOf(r.subject()), schema, earlier(versions));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(r.subject(), problems);
            }
        }
        int id = chooseId(r, existingId);
        int version = r.version() != null ? r.version() : versions.isEmpty() ? 1 : versions.lastKey() + 1;
        if (versions.containsKey(version)) {
            throw RegistryException.notPermitted("Version " + version + " of subject " + r.subject() + " already exists");
        }
        idsByCanonical.put(canonical, id);
        schemasById.putIfAbsent(id, new StoredSchema(id, canonical, schema));
        maxId = Math.max(maxId, id);
        subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>()).put(version, new Version(r.subject(), version, id, false));
        return Map.of("id", id);
    }

    private int chooseId(Proposal.Register r, Integer existingId) {
        if (r.id() == null) {
            return existingId != null ? existingId : maxId + 1;
        }
        if (existingId != null && !existingId.equals(r.id())) {
            throw RegistryException.notPermitted("Schema already registered with id " + existingId + " instead of input id "
                    + r.id());
        }
        StoredSchema taken = schemasById.get(r.id());
        if (existingId == null && taken != null) {
            throw RegistryException.notPermitted("Overwrite new schema with id " + r.id()
                    + " is not permitted: the id belongs to another schema");
        }
        return r.id();
    }

    private List<CompatibilityChecker.Earlier> earlier(NavigableMap<Integer, Version> versions) {
        List<CompatibilityChecker.Earlier> out = new ArrayList<>();
        for (Version v : versions.values()) {
            if (!v.deleted()) {
                out.add(new CompatibilityChecker.Earlier(v.version(), schemasById.get(v.id()).schema()));
            }
        }
        return out;
    }

    private List<Integer> softDeleteSubject(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            throw RegistryException.subjectNotFound(subject);
        }
        requireWritable(subject);
        List<Integer> deleted = new ArrayList<>();
        versions.replaceAll((number, v) -> {
            if (!v.deleted()) {
                deleted.add(number);
            }
            return new Version(v.subject(), v.version(), v.id(), true);
        });
        if (deleted.isEmpty()) {
            throw RegistryException.subjectSoftDeleted(subject);
        }
        return deleted;
    }

    private List<Integer> deleteSubjectPermanently(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            throw RegistryException.subjectNotFound(subject);
        }
        requireWritable(subject);
        if (versions.values().stream().anyMatch(v -> !v.deleted())) {
            throw RegistryException.subjectNotSoftDeleted(subject);
        }
        subjects.remove(subject);
        return new ArrayList<>(versions.keySet());
    }

    private int deleteVersion(Proposal.DeleteVersion d) {
        NavigableMap<Integer, Version> versions = subjects.get(d.subject());
        if (versions == null) {
            throw RegistryException.subjectNotFound(d.subject());
        }
        requireWritable(d.subject());
        int number = VersionSpec.parse(d.version());
        Version v = number == VersionSpec.LATEST ? latest(versions, d.permanent()) : versions.get(number);
        if (v == null) {
            throw RegistryException.versionNotFound(number);
        }
        if (!d.permanent()) {
            if (v.deleted()) {
                throw RegistryException.versionSoftDeleted(d.subject(), v.version());
            }
            versions.put(v.version(), new Version(v.subject(), v.version(), v.id(), true));
        } else {
            if (!v.deleted()) {
                throw RegistryException.versionNotSoftDeleted(d.subject(), v.version());
            }
            versions.remove(v.version());
            if (versions.isEmpty()) {
                subjects.remove(d.subject());
            }
        }
        return v.version();
    }

    private void requireWritable(String subject) {
        if ("READONLY".equals(settings.modeOf(subject))) {
            throw RegistryException.notPermitted("Subject " + subject + " is in read-only mode");
        }
    }

    private java.util.Optional<Version> latestLive(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        return versions == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(latest(versions, false));
    }

    private static Version latest(NavigableMap<Integer, Version> versions, boolean includeDeleted) {
        for (Version v : versions.descendingMap().values()) {
            if (includeDeleted || !v.deleted()) {
                return v;
            }
        }
        return null;
    }

    // ---- reads -------------------------------------------------------------------------------

    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                out.add(subject);
            }
        });
        return out;
    }

    /** @throws RegistryException 40401 when the subject has no (live, unless {@code includeDeleted}) version */
    synchronized List<Version> versions(String subject, boolean includeDeleted) {
        List<Version> out = new ArrayList<>();
        subjects.getOrDefault(subject, new TreeMap<>()).values().forEach(v -> {
            if (includeDeleted || !v.deleted()) {
                out.add(v);
            }
        });
        if (out.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return out;
    }

    /** @param spec a version number, {@code -1} or {@code latest} */
    synchronized Version version(String subject, String spec, boolean includeDeleted) {
        int number = VersionSpec.parse(spec);
        List<Version> versions = versions(subject, includeDeleted);
        if (number == VersionSpec.LATEST) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(number));
    }

    synchronized StoredSchema schema(int id) {
        StoredSchema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryException.schemaNotFound("Schema " + id + " not found");
        }
        return schema;
    }

    /** @return the versions that use schema {@code id}, by subject then version */
    synchronized List<Version> usesOf(int id, boolean includeDeleted) {
        schema(id);
        List<Version> out = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().forEach(v -> {
            if (v.id() == id && (includeDeleted || !v.deleted())) {
                out.add(v);
            }
        }));
        return out;
    }

    /** @return the live version of {@code subject} holding {@code schema}, if any */
    synchronized java.util.Optional<Version> find(String subject, Schema schema) {
        Integer id = idsByCanonical.get(schema.toString());
        return subjects.getOrDefault(subject, new TreeMap<>()).descendingMap().values().stream()
                .filter(v -> !v.deleted() && id != null && v.id() == id).findFirst();
    }

    /** @throws RegistryException 40401 unknown subject, 40403 schema not among its versions */
    synchronized Version lookup(String subject, Schema schema, boolean includeDeleted) {
        List<Version> versions = versions(subject, includeDeleted);
        Integer id = idsByCanonical.get(schema.toString());
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (id != null && versions.get(i).id() == id) {
                return versions.get(i);
            }
        }
        throw RegistryException.schemaNotFound("Schema not found");
    }

    /**
     * @param spec a version to check against, or null for the versions the subject's level names
     * @return the incompatibilities; empty when compatible
     */
    synchronized List<String> compatibility(String subject, Schema candidate, String spec) {
        CompatibilityLevel level = settings.levelOf(subject);
        if (spec == null) {
            NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
            return CompatibilityChecker.check(level, candidate, earlier(versions));
        }
        Version v = version(subject, spec, false);
        return CompatibilityChecker.check(level, candidate,
                List.of(new CompatibilityChecker.Earlier(v.version(), schemasById.get(v.id()).schema())));
    }
}
