package io.notespipeline.schemas.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The rules of a schema version, in Confluent's JSON shape: {@code {"migrationRules": [...], "domainRules": [...]}}.
 *
 * @param migrationRules rules that move records between versions (the pipeline has none)
 * @param domainRules    rules every record of the version must satisfy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleSet(List<Rule> migrationRules, List<Rule> domainRules) {

    public RuleSet {
        migrationRules = migrationRules == null ? List.of() : List.copyOf(migrationRules);
        domainRules = domainRules == null ? List.of() : List.copyOf(domainRules);
    }

    /** @return a rule set of domain rules only */
    public static RuleSet ofDomainRules(List<Rule> rules) {
        return new RuleSet(List.of(), rules);
    }

    /** @return true when there is no rule at all */
    @JsonIgnore
    public boolean isEmpty() {
        return migrationRules.isEmpty() && domainRules.isEmpty();
    }
}
