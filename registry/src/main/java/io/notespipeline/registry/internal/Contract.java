package io.notespipeline.registry.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.contract.ContractValidator;
import io.notespipeline.schemas.contract.DataContract;

/**
 * The data contract of a schema version in Confluent's JSON shapes: {@link Metadata} and
 * {@link RuleSet}, how they are validated ({@code RuleSet.validate} in Confluent's client) and how
 * config defaults and overrides are merged into a registration ({@code mergeMetadata},
 * {@code mergeRuleSets}). Maps and sets are kept sorted and empty parts are left out of the JSON,
 * as Confluent writes them, so equal contracts have equal JSON.
 */
final class Contract {

    private Contract() {
    }

    /** Confluent's {@code Metadata}: path tags, key-value properties, sensitive property names. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"tags", "properties", "sensitive"})
    record Metadata(SortedMap<String, SortedSet<String>> tags, SortedMap<String, String> properties,
                    SortedSet<String> sensitive) {
        Metadata {
            SortedMap<String, SortedSet<String>> sortedTags = new TreeMap<>();
            if (tags != null) {
                tags.forEach((path, names) -> sortedTags.put(path, names == null ? new TreeSet<>() : new TreeSet<>(names)));
            }
            tags = sortedTags;
            properties = properties == null ? new TreeMap<>() : new TreeMap<>(properties);
            sensitive = sensitive == null ? new TreeSet<>() : new TreeSet<>(sensitive);
        }

        /** Confluent's {@code mergeMetadata}: maps merged key by key and sets united, {@code newer} winning. */
        static Metadata merge(Metadata older, Metadata newer) {
            if (older == null) {
                return newer;
            }
            if (newer == null) {
                return older;
            }
            SortedMap<String, SortedSet<String>> tags = new TreeMap<>(older.tags());
            tags.putAll(newer.tags());
            SortedMap<String, String> properties = new TreeMap<>(older.properties());
            properties.putAll(newer.properties());
            SortedSet<String> sensitive = new TreeSet<>(older.sensitive());
            sensitive.addAll(newer.sensitive());
            return new Metadata(tags, properties, sensitive);
        }

        /** @return the value of property {@code key}, or null */
        String property(String key) {
            return properties.get(key);
        }
    }

    /** Confluent's {@code Rule}; kind defaults to TRANSFORM and mode to WRITEREAD as in Confluent. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "doc", "kind", "mode", "type", "tags", "params", "expr", "onSuccess", "onFailure",
            "disabled"})
    record Rule(String name, String doc, String kind, String mode, String type, SortedSet<String> tags,
                SortedMap<String, String> params, String expr, String onSuccess, String onFailure, boolean disabled) {
        Rule {
            kind = kind == null ? "TRANSFORM" : kind;
            mode = mode == null ? "WRITEREAD" : mode;
            tags = tags == null ? new TreeSet<>() : new TreeSet<>(tags);
            params = params == null ? new TreeMap<>() : new TreeMap<>(params);
        }
    }

    /** Confluent's {@code RuleSet}: migration rules (UPGRADE/DOWNGRADE/UPDOWN) and domain rules (WRITE/READ/WRITEREAD). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"migrationRules", "domainRules"})
    record RuleSet(List<Rule> migrationRules, List<Rule> domainRules) {
        RuleSet {
            migrationRules = migrationRules == null ? List.of() : List.copyOf(migrationRules);
            domainRules = domainRules == null ? List.of() : List.copyOf(domainRules);
        }

        /** Confluent's {@code mergeRuleSets}: a newer rule replaces the older rule of the same name. */
        static RuleSet merge(RuleSet older, RuleSet newer) {
            if (older == null) {
                return newer;
            }
            if (newer == null) {
                return older;
            }
            return new RuleSet(mergeRules(older.migrationRules(), newer.migrationRules()),
                    mergeRules(older.domainRules(), newer.domainRules()));
        }

        private static List<Rule> mergeRules(List<Rule> older, List<Rule> newer) {
            if (older.isEmpty()) {
                return newer;
            }
            if (newer.isEmpty()) {
                return older;
            }
            Set<String> replaced = new HashSet<>();
            newer.forEach(r -> replaced.add(r.name()));
            List<Rule> out = new ArrayList<>();
            older.stream().filter(r -> !replaced.contains(r.name())).forEach(out::add);
            out.addAll(newer);
            return out;
        }
    }

    static final Set<String> KINDS = Set.of("CONDITION", "TRANSFORM");
    static final Set<String> DOMAIN_MODES = Set.of("WRITE", "READ", "WRITEREAD");
    static final Set<String> MIGRATION_MODES = Set.of("UPGRADE", "DOWNGRADE", "UPDOWN");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Confluent's {@code RuleSet.validate} (unique names per list, a name and a type on each rule,
     * the modes allowed in each list) plus what Confluent's enums refuse when parsing (kind, mode)
     * and the action syntax its clients read (one action, or a pair {@code "write,read"} only for
     * WRITEREAD and UPDOWN).
     *
     * @throws RegistryException 42210 naming the rule and what is wrong
     */
    static void validate(RuleSet ruleSet) {
        if (ruleSet == null) {
            return;
        }
        validate(ruleSet.migrationRules(), MIGRATION_MODES, "Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN");
        validate(ruleSet.domainRules(), DOMAIN_MODES, "Domain rules can only be WRITE, READ, WRITEREAD");
        requireCelCompiles(ruleSet);
    }

    /**
     * Compiles the rules the pipeline executes (enabled CEL conditions) with the pipeline's one rule engine
     * ({@link ContractValidator}), so a rule that the publisher or a sink could not run is refused here, naming
     * it, rather than failing every write later. Not a Confluent check: its registry stores any expression.
     */
    private static void requireCelCompiles(RuleSet ruleSet) {
        try {
            ContractValidator.of(new DataContract(null, StoredSchema.JSON.convertValue(ruleSet,
                    io.notespipeline.schemas.contract.RuleSet.class)));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidRuleSet(e.getMessage());
        }
    }

    private static void validate(List<Rule> rules, Set<String> modes, String modeMessage) {
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw RegistryException.invalidRuleSet("Found rule with duplicate name '" + rule.name() + "'");
            }
            validateName(rule.name());
            if (rule.type() == null) {
                throw RegistryException.invalidRuleSet("Missing rule type");
            }
            if (!KINDS.contains(rule.kind())) {
                throw RegistryException.invalidRuleSet("Invalid rule kind '" + rule.kind() + "' in rule '" + rule.name()
                        + "': valid values are CONDITION, TRANSFORM");
            }
            if (!modes.contains(rule.mode())) {
                throw RegistryException.invalidRuleSet(modeMessage + " (rule '" + rule.name() + "' has " + rule.mode() + ")");
            }
            validateAction(rule, "onSuccess", rule.onSuccess());
            validateAction(rule, "onFailure", rule.onFailure());
        }
    }

    private static void validateName(String name) {
        if (name == null) {
            throw RegistryException.invalidRuleSet("Missing rule name");
        }
        if (name.isEmpty()) {
            throw RegistryException.invalidRuleSet("Empty rule name");
        }
        if (!(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            throw RegistryException.invalidRuleSet("Illegal initial character in rule name: " + name);
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                throw RegistryException.invalidRuleSet("Illegal character in rule name: " + name);
            }
        }
    }

    private static void validateAction(Rule rule, String field, String action) {
        if (action == null) {
            return;
        }
        String[] parts = action.split(",", -1);
        boolean pairAllowed = "WRITEREAD".equals(rule.mode()) || "UPDOWN".equals(rule.mode());
        if (parts.length > (pairAllowed ? 2 : 1)) {
            throw RegistryException.invalidRuleSet("Invalid " + field + " '" + action + "' in rule '" + rule.name()
                    + "': a pair of actions is only allowed for WRITEREAD and UPDOWN rules");
        }
        for (String part : parts) {
            if (!ACTION.matcher(part.trim()).matches()) {
                throw RegistryException.invalidRuleSet("Invalid " + field + " '" + action + "' in rule '" + rule.name()
                        + "': an action is a name such as NONE, ERROR or DLQ");
            }
        }
    }

    /** Confluent's metadata property that, when present, carries the version number of the schema. */
    static final String CONFLUENT_VERSION = "confluent:version";

    /**
     * Confluent's {@code maybeSetMetadataRuleSet}: the request's metadata and rule set, or the
     * previous version's when the request has none, merged over the config's defaults and under
     * its overrides. {@code confluent:version} is set to the new version when the request named a
     * version or the merged metadata already has that property.
     */
    static Metadata mergeMetadata(ConfigFields config, Metadata requested, Metadata previous, boolean versionGiven,
                                  int newVersion) {
        Metadata specific = requested != null ? requested : previous;
        Metadata merged = Metadata.merge(Metadata.merge(config.defaultMetadata(), specific), config.overrideMetadata());
        if (versionGiven || (merged != null && merged.properties().containsKey(CONFLUENT_VERSION))) {
            merged = Metadata.merge(merged, new Metadata(null, new TreeMap<>(Map.of(CONFLUENT_VERSION, String.valueOf(newVersion))), null));
        }
        return merged;
    }

    static RuleSet mergeRuleSet(ConfigFields config, RuleSet requested, RuleSet previous) {
        RuleSet specific = requested != null ? requested : previous;
        return RuleSet.merge(RuleSet.merge(config.defaultRuleSet(), specific), config.overrideRuleSet());
    }

    /** The contract parts of a config ({@code /config}); every field may be absent (null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigFields(String compatibilityGroup, Metadata defaultMetadata, Metadata overrideMetadata,
                        RuleSet defaultRuleSet, RuleSet overrideRuleSet) {
        static final ConfigFields NONE = new ConfigFields(null, null, null, null, null);

        /** @return these fields where set, else {@code fallback}'s */
        ConfigFields orElse(ConfigFields fallback) {
            return new ConfigFields(compatibilityGroup != null ? compatibilityGroup : fallback.compatibilityGroup,
                    defaultMetadata != null ? defaultMetadata : fallback.defaultMetadata,
                    overrideMetadata != null ? overrideMetadata : fallback.overrideMetadata,
                    defaultRuleSet != null ? defaultRuleSet : fallback.defaultRuleSet,
                    overrideRuleSet != null ? overrideRuleSet : fallback.overrideRuleSet);
        }

        boolean isEmpty() {
            return NONE.equals(this);
        }
    }
}
