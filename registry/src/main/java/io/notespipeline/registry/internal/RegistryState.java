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

    /** A parsed request schema: references resolved, and its canonical text (referenced types by name). */
    record Parsed(Schema schema, String canonical) {
    }

    private final SchemaIndex schemas = new SchemaIndex();
    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Settings settings;

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
            boolean hasSchemas = m.subject() == null ? !schemas.isEmpty() : subjects.containsKey(m.subject());
            return settings.setMode(m, hasSchemas);
        } else if (proposal instanceof Proposal.PutTopicMetadata t) {
            latestLive(t.metadata().valueSubject())
                    .ifPresent(v -> MetadataCheck.requireFieldsExist(t.metadata(), schemas.get(v.id()).schema()));
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
        List<StoredSchema.Reference> references = r.references() == null ? List.of() : r.references();
        Parsed parsed = parse(r.schema(), references, Boolean.TRUE.equals(r.normalize()));
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(r.subject(), new TreeMap<>());
        int newVersion = r.version() != null ? r.version() : versions.isEmpty() ? 1 : versions.lastKey() + 1;
        Contract.Metadata metadata = r.metadata();
        Contract.RuleSet ruleSet = r.ruleSet();
        if (!importing) {
            Version latest = latest(versions, false);
            StoredSchema previous = latest == null ? null : schemas.get(latest.id());
            Contract.ConfigFields config = settings.fieldsOf(r.subject());
            metadata = Contract.mergeMetadata(config, r.metadata(), previous == null ? null : previous.metadata(),
                    r.version() != null, newVersion);
            ruleSet = Contract.mergeRuleSet(config, r.ruleSet(), previous == null ? null : previous.ruleSet());
        }
        StoredSchema.Content content = new StoredSchema.Content(parsed.canonical(), references, metadata, ruleSet);
        Integer existingId = schemas.idOf(content);
        if (existingId != null && r.version() == null) {
            for (Version v : versions.values()) {
                if (!v.deleted() && v.id() == existingId) {
                    return schemas.get(existingId).registerAnswer(v.version());
                }
            }
        }
        if (!importing) {
            String group = settings.fieldsOf(r.subject()).compatibilityGroup();
            List<String> problems = CompatibilityChecker.check(settings.levelOf(r.subject()), parsed.schema(),
                    earlier(versions, group, metadata));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(r.subject(), problems);
            }
        }
        int id = chooseId(r, existingId);
        if (versions.containsKey(newVersion)) {
            throw RegistryException.notPermitted("Version " + newVersion + " of subject " + r.subject() + " already exists");
        }
        StoredSchema stored = schemas.put(id, content, parsed.schema());
        subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>())
                .put(newVersion, new Version(r.subject(), newVersion, id, false));
        return stored.registerAnswer(newVersion);
    }

    /** @see SchemaParsing#parse */
    synchronized Parsed parse(String text, List<StoredSchema.Reference> references, boolean normalize) {
        return SchemaParsing.parse(text, references, normalize, (subject, version) -> {
            NavigableMap<Integer, Version> versions = subjects.get(subject);
            Version v = versions == null ? null
                    : version == VersionSpec.LATEST ? latest(versions, false) : versions.get(version);
            return v == null ? null : schemas.get(v.id());
        });
    }

    private int chooseId(Proposal.Register r, Integer existingId) {
        if (r.id() == null) {
            return existingId != null ? existingId : schemas.maxId() + 1;
        }
        if (existingId != null && !existingId.equals(r.id())) {
            throw RegistryException.notPermitted("Schema already registered with id " + existingId + " instead of input id "
                    + r.id());
        }
        StoredSchema taken = schemas.get(r.id());
        if (existingId == null && taken != null) {
            throw RegistryException.notPermitted("Overwrite new schema with id " + r.id()
                    + " is not permitted: the id belongs to another schema");
        }
        return r.id();
    }

    private List<CompatibilityChecker.Earlier> earlier(NavigableMap<Integer, Version> versions) {
        return earlier(versions, null, null);
    }

    /**
     * @param group    the config's {@code compatibilityGroup}: when set, only versions whose metadata
     *                 property of that name equals the candidate's are checked (Confluent's rule)
     * @param metadata the candidate's metadata
     */
    private List<CompatibilityChecker.Earlier> earlier(NavigableMap<Integer, Version> versions, String group,
                                                       Contract.Metadata metadata) {
        String wanted = group == null || metadata == null ? null : metadata.property(group);
        List<CompatibilityChecker.Earlier> out = new ArrayList<>();
        for (Version v : versions.values()) {
            StoredSchema stored = schemas.get(v.id());
            String value = group == null || stored.metadata() == null ? null : stored.metadata().property(group);
            if (!v.deleted() && (group == null || java.util.Objects.equals(wanted, value))) {
                out.add(new CompatibilityChecker.Earlier(v.version(), stored.schema()));
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
        versions.values().forEach(v -> requireUnreferenced(subject, v.version()));
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
        versions.values().forEach(v -> requireUnreferenced(subject, v.version()));
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
        requireUnreferenced(d.subject(), v.version());
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

    /** @throws RegistryException 42206 when a schema references that version (Confluent refuses soft and permanent deletes) */
    private void requireUnreferenced(String subject, int version) {
        if (!referencedBy(subject, version).isEmpty()) {
            throw RegistryException.referenceExists("subject=" + subject + ",version=" + version);
        }
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

    /** Takes no lock: the hot path of every client that reads a schema by id. */
    StoredSchema schema(int id) {
        return schemas.require(id);
    }

    /** @return the {@code GET /schemas/ids/{id}} answer of schema {@code id}, or null when unknown here (no lock) */
    byte[] byIdAnswer(int id) {
        StoredSchema stored = schemas.get(id);
        return stored == null ? null : stored.byIdJson();
    }

    /** @throws RegistryException 40403 when no schema has that guid */
    StoredSchema schemaByGuid(String guid) {
        return schemas.byGuid(guid);
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

    /**
     * @return the ids of the schemas that a version (soft-deleted ones too) holds and that reference
     *         version {@code version} of {@code subject}, ascending
     */
    synchronized List<Integer> referencedBy(String subject, int version) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        subjects.values().forEach(versions -> versions.values().forEach(v -> {
            StoredSchema s = schemas.get(v.id());
            if (s.references().stream().anyMatch(r -> r.subject().equals(subject) && r.version() == version)) {
                out.add(s.id());
            }
        }));
        return new ArrayList<>(out);
    }

    /** @return the ids of the schemas with a reference to any version that uses schema {@code id} */
    synchronized List<Integer> referencedBy(int id) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        usesOf(id, true).forEach(v -> out.addAll(referencedBy(v.subject(), v.version())));
        return new ArrayList<>(out);
    }

    /**
     * The register fast path: the live version holding exactly this schema and contract, when no
     * config default or override could change what the registration stores (Confluent's rule).
     */
    synchronized java.util.Optional<Version> find(String subject, Http.SchemaRequest request) {
        Contract.ConfigFields config = settings.fieldsOf(subject);
        if (config.defaultMetadata() != null || config.overrideMetadata() != null || config.defaultRuleSet() != null
                || config.overrideRuleSet() != null) {
            return java.util.Optional.empty();
        }
        Integer id = schemas.idOf(contentOf(request));
        return subjects.getOrDefault(subject, new TreeMap<>()).descendingMap().values().stream()
                .filter(v -> !v.deleted() && id != null && v.id() == id).findFirst();
    }

    private StoredSchema.Content contentOf(Http.SchemaRequest request) {
        return new StoredSchema.Content(parse(request.text(), request.references(), request.normalize()).canonical(),
                request.references(),
                request.metadata(), request.ruleSet());
    }

    /**
     * {@code POST /subjects/{s}}: the version holding exactly this schema and contract (Confluent's
     * rule). A request without metadata and rule set also finds the latest version with the same
     * schema text and references whatever its contract, so a client that knows only the schema
     * (our own serdes, Confluent's with {@code auto.register.schemas=false}) finds the contract's version.
     *
     * @throws RegistryException 40401 unknown subject, 40403 schema not among its versions
     */
    synchronized Version lookup(String subject, Http.SchemaRequest request, boolean includeDeleted) {
        List<Version> versions = versions(subject, includeDeleted);
        StoredSchema.Content content = contentOf(request);
        Integer id = schemas.idOf(content);
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (id != null && versions.get(i).id() == id) {
                return versions.get(i);
            }
        }
        if (request.metadata() == null && request.ruleSet() == null) {
            for (int i = versions.size() - 1; i >= 0; i--) {
                StoredSchema stored = schemas.get(versions.get(i).id());
                if (stored.canonical().equals(content.canonical()) && stored.references().equals(content.references())) {
                    return versions.get(i);
                }
            }
        }
        throw RegistryException.schemaNotFound("Schema not found");
    }

    /**
     * {@code GET /subjects/{s}/metadata}: the latest version whose metadata properties hold every pair.
     *
     * @throws RegistryException 40401 when the subject has no version, 40403 when none matches
     */
    synchronized Version latestWithMetadata(String subject, Map<String, String> pairs, boolean includeDeleted) {
        List<Version> versions = versions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            Contract.Metadata metadata = schemas.get(versions.get(i).id()).metadata();
            if (metadata != null && metadata.properties().entrySet().containsAll(pairs.entrySet())) {
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
                List.of(new CompatibilityChecker.Earlier(v.version(), schemas.get(v.id()).schema())));
    }
}
