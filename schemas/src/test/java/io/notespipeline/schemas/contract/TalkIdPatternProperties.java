package io.notespipeline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The talk id rule is exactly its documented pattern: the engine (compiled form and CEL alike) accepts an id
 * if and only if {@link BuiltInContracts#TALK_ID_PATTERN} matches it, and a refused id is one violation on the
 * field {@code talkId}. The pattern the contract publishes in its metadata is the one enforced.
 */
class TalkIdPatternProperties {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Pattern PATTERN = Pattern.compile(BuiltInContracts.TALK_ID_PATTERN);
    private static final ContractValidator COMPILED = ContractValidator.of(BuiltInContracts.noteEvents());
    private static final ContractValidator CEL = ContractValidator.interpreted(BuiltInContracts.noteEvents());

    @Property(tries = 1000)
    void everyIdThePatternAcceptsIsAcceptedAndNoOther(@ForAll("talkIds") String talkId) {
        NoteEvent event = new NoteEvent(UUID.randomUUID(), talkId, NOW, "ann", "c-1", null,
                new NoteAdded("n1", null, 0, "text"));
        List<Violation> compiled = COMPILED.validateWrite(event, NOW);

        assertThat(compiled).as("compiled form = CEL for %s", talkId).isEqualTo(CEL.validateWrite(event, NOW));
        if (PATTERN.matcher(talkId).matches()) {
            assertThat(compiled).as("%s matches the pattern", talkId).isEmpty();
        } else {
            assertThat(compiled).as("%s does not match the pattern", talkId)
                    .extracting(v -> v.field() + " " + v.rule()).containsExactly("talkId talkIdPattern");
        }
    }

    @Example
    void theContractPublishesThePatternItEnforces() {
        DataContract contract = BuiltInContracts.noteEvents();

        assertThat(contract.talkIdPattern()).contains(BuiltInContracts.TALK_ID_PATTERN);
        assertThat(contract.ruleSet().domainRules()).filteredOn(r -> r.name().equals("talkIdPattern"))
                .singleElement().satisfies(r -> assertThat(r.expr().replace("\\\\", "\\"))
                        .contains(BuiltInContracts.TALK_ID_PATTERN));
    }

    /** Ids over the pattern's own alphabet (most of them valid, lengths up to past the limit) and hostile ones. */
    @Provide
    Arbitrary<String> talkIds() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('.', '_', '-').ofMaxLength(205);
        Arbitrary<String> alphabet = Combinators.combine(first, rest).as((f, r) -> f + r);
        Arbitrary<String> edge = Arbitraries.of("..", ".", "../../etc", "a/../b", "a/b", "a\\b", "a\"b", "a'b", "a b",
                "-a", "_a", ".a", "", "a\n", "é", "a\u0000", "a%2F", "x".repeat(200), "x".repeat(201), "x".repeat(5_000));
        Arbitrary<String> mutated = Combinators.combine(alphabet, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3),
                Arbitraries.integers().between(0, 210)).as((id, bad, at) -> {
                    int i = Math.min(at, id.length());
                    return id.substring(0, i) + bad + id.substring(i);
                });
        return Arbitraries.frequencyOf(Tuple.of(6, alphabet), Tuple.of(2, edge), Tuple.of(3, mutated),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)));
    }
}
