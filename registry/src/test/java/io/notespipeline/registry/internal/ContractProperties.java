package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.notespipeline.registry.RegistryException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Confluent's merge of metadata and rule sets, the rule-set validation, and the normal form, as properties. */
class ContractProperties {

    @Provide
    Arbitrary<Contract.Metadata> metadata() {
        Arbitrary<Map<String, String>> properties = Arbitraries.maps(Arbitraries.of("a", "b", "c", "d"),
                Arbitraries.strings().alpha().ofMaxLength(3)).ofMaxSize(4);
        return properties.map(p -> new Contract.Metadata(null, new TreeMap<>(p), null));
    }

    @Provide
    Arbitrary<Contract.RuleSet> ruleSets() {
        Arbitrary<Contract.Rule> rule = Combinators.combine(Arbitraries.of("r1", "r2", "r3", "r4"),
                Arbitraries.strings().alpha().ofMaxLength(4)).as((name, expr) -> new Contract.Rule(name, null, "CONDITION",
                "WRITE", "CEL", null, null, "'" + expr + "' != ''", null, "ERROR", false));
        return rule.list().ofMaxSize(4).uniqueElements(Contract.Rule::name).map(rules -> new Contract.RuleSet(null, rules));
    }

    @Property
    void mergedPropertiesAreTheOlderOverlaidByTheNewerKeyByKey(@ForAll("metadata") Contract.Metadata older,
                                                               @ForAll("metadata") Contract.Metadata newer) {
        Map<String, String> expected = new TreeMap<>(older.properties());
        expected.putAll(newer.properties());

        assertThat(Contract.Metadata.merge(older, newer).properties()).isEqualTo(expected);
        assertThat(Contract.Metadata.merge(older, null)).isEqualTo(older);
        assertThat(Contract.Metadata.merge(null, newer)).isEqualTo(newer);
    }

    @Property
    void aNewerRuleReplacesTheOlderRuleOfTheSameNameAndTheOthersStay(@ForAll("ruleSets") Contract.RuleSet older,
                                                                   @ForAll("ruleSets") Contract.RuleSet newer) {
        List<Contract.Rule> merged = Contract.RuleSet.merge(older, newer).domainRules();

        Set<String> names = new HashSet<>();
        merged.forEach(r -> assertThat(names.add(r.name())).as("a merged rule set has unique names").isTrue());
        assertThat(merged).containsAll(newer.domainRules());
        List<Contract.Rule> kept = new ArrayList<>(older.domainRules());
        kept.removeIf(r -> newer.domainRules().stream().anyMatch(n -> n.name().equals(r.name())));
        assertThat(merged).containsAll(kept).hasSize(kept.size() + newer.domainRules().size());
        Contract.validate(Contract.RuleSet.merge(older, newer));
    }

    @Test
    void theRequestOrElseThePreviousContractIsMergedBetweenTheDefaultsAndTheOverrides() {
        Contract.Metadata defaults = meta(Map.of("owner", "default", "team", "t"));
        Contract.Metadata override = meta(Map.of("owner", "ops"));
        Contract.ConfigFields config = new Contract.ConfigFields(null, defaults, override, null, null);

        assertThat(Contract.mergeMetadata(config, meta(Map.of("x", "1")), meta(Map.of("y", "2")), false, 3).properties())
                .isEqualTo(Map.of("owner", "ops", "team", "t", "x", "1"));
        assertThat(Contract.mergeMetadata(config, null, meta(Map.of("y", "2")), false, 3).properties())
                .as("without metadata of its own a registration takes the previous version's")
                .isEqualTo(Map.of("owner", "ops", "team", "t", "y", "2"));
        assertThat(Contract.mergeMetadata(Contract.ConfigFields.NONE, null, null, true, 3).properties())
                .as("a registration naming its version gets confluent:version").isEqualTo(Map.of("confluent:version", "3"));
        assertThat(Contract.mergeMetadata(Contract.ConfigFields.NONE, null, null, false, 3)).isNull();
    }

    @Test
    void aRuleSetWithAModeItsListDoesNotAllowIsRefused() {
        Contract.Rule upgrade = new Contract.Rule("r", null, "TRANSFORM", "UPGRADE", "CEL", null, null, "x", null, null, false);
        assertThatThrownBy(() -> Contract.validate(new Contract.RuleSet(null, List.of(upgrade))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42210))
                .hasMessageContaining("Domain rules can only be WRITE, READ, WRITEREAD");
        Contract.validate(new Contract.RuleSet(List.of(upgrade), null));
    }

    @Property
    void theNormalFormIsASchemaEqualToTheOriginalAndAFixedPoint(@ForAll("schemas") String text) {
        Schema schema = new Schema.Parser().parse(text);
        String normal = NormalForm.of(schema, List.of());
        Schema reparsed = new Schema.Parser().parse(normal);

        assertThat(reparsed).as("normalizing changes how a schema is written, not what it is").isEqualTo(schema);
        assertThat(NormalForm.of(reparsed, List.of())).isEqualTo(normal);
    }

    @Provide
    Arbitrary<String> schemas() {
        return Arbitraries.of(
                "{\"type\":\"record\",\"name\":\"A\",\"namespace\":\"n\",\"aliases\":[\"Z\",\"Y\"],\"fields\":["
                        + "{\"name\":\"f\",\"type\":[\"null\",{\"type\":\"string\",\"b\":1,\"a\":2}],\"default\":null},"
                        + "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\"],\"default\":\"X\"}},"
                        + "{\"name\":\"g\",\"type\":{\"type\":\"array\",\"items\":\"E\"},\"order\":\"descending\"},"
                        + "{\"name\":\"h\",\"type\":{\"type\":\"map\",\"values\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}}},"
                        + "{\"name\":\"t\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"},\"doc\":\"when\"}]}",
                io.notespipeline.schemas.avro.NoteEvent.getClassSchema().toString());
    }

    private static Contract.Metadata meta(Map<String, String> properties) {
        return new Contract.Metadata(null, new TreeMap<>(properties), null);
    }
}
