package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.registry.RegistryException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the writes, two servers applying them in log order agree, and ids stay one-to-one with schemas. */
class RegistryStateProperties {

    private static final List<String> SCHEMAS = List.of(
            schema("{\"name\": \"a\", \"type\": \"string\"}"),
            schema("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}"),
            schema("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"c\", \"type\": \"int\"}"),
            schema("{\"name\": \"a\", \"type\": \"bytes\"}"),
            schema("{\"name\": \"a\", \"type\": \"int\"}"),
            schema(""));

    private static String schema(String fields) {
        return "{\"type\": \"record\", \"name\": \"T\", \"fields\": [" + fields + "]}";
    }

    @Provide
    Arbitrary<Proposal> proposals() {
        Arbitrary<String> subjects = Arbitraries.of("a-value", "b-value", "c-value");
        Arbitrary<Proposal> register = Combinators.combine(subjects, Arbitraries.of(SCHEMAS))
                .as((s, schema) -> new Proposal.Register("r", s, schema, null, null, null, null, null, null));
        Arbitrary<Proposal> deleteVersion = Combinators.combine(subjects, Arbitraries.of("1", "2", "3", "latest"),
                Arbitraries.of(true, false)).as((s, v, permanent) -> new Proposal.DeleteVersion("r", s, v, permanent));
        Arbitrary<Proposal> deleteSubject = Combinators.combine(subjects, Arbitraries.of(true, false))
                .as((s, permanent) -> new Proposal.DeleteSubject("r", s, permanent));
        Arbitrary<Proposal> config = Combinators.combine(subjects.injectNull(0.3),
                Arbitraries.of(CompatibilityLevel.class).map(Enum::name)).as((s, level) -> new Proposal.SetCompatibility("r", s, level, null));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, register), net.jqwik.api.Tuple.of(2, deleteVersion),
                net.jqwik.api.Tuple.of(1, deleteSubject), net.jqwik.api.Tuple.of(1, config));
    }

    @Property(tries = 300)
    void twoStatesApplyingTheSameLogAgreeAndIdsStayOneToOneWithSchemas(
            @ForAll @Size(max = 60) List<@net.jqwik.api.From("proposals") Proposal> log) {
        RegistryState first = new RegistryState(CompatibilityLevel.BACKWARD);
        RegistryState second = new RegistryState(CompatibilityLevel.BACKWARD);
        Map<String, Integer> idOfSchema = new HashMap<>();
        for (Proposal proposal : log) {
            Object answer = outcome(first, proposal);
            assertThat(outcome(second, proposal)).as("same answer to %s", proposal).isEqualTo(answer);
            if (proposal instanceof Proposal.Register r && answer instanceof Map<?, ?> ok) {
                String canonical = new org.apache.avro.Schema.Parser().parse(r.schema()).toString();
                Integer id = (Integer) ok.get("id");
                assertThat(idOfSchema.computeIfAbsent(canonical, c -> id)).as("a schema keeps its id forever").isEqualTo(id);
            }
        }
        assertThat(new java.util.HashSet<>(idOfSchema.values())).as("no id is given to two schemas").hasSize(idOfSchema.size());
        assertThat(second.subjects(true)).isEqualTo(first.subjects(true));
        for (String subject : first.subjects(true)) {
            assertThat(second.versions(subject, true)).isEqualTo(first.versions(subject, true));
            List<Integer> numbers = new ArrayList<>();
            first.versions(subject, true).forEach(v -> numbers.add(v.version()));
            assertThat(numbers).as("versions of %s increase", subject).isSorted().doesNotHaveDuplicates();
        }
    }

    private static Object outcome(RegistryState state, Proposal proposal) {
        try {
            return state.apply(proposal);
        } catch (RegistryException e) {
            return e.errorCode();
        }
    }
}
