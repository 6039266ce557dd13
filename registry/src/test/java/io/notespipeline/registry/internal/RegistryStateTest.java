package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.notespipeline.registry.RegistryException;

import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private static final String V1 = """
            {"type": "record", "name": "T", "fields": [{"name": "a", "type": "string"}]}""";
    private static final String V2 = """
            {"type": "record", "name": "T", "fields": [{"name": "a", "type": "string"},
             {"name": "b", "type": "int", "default": 0}]}""";
    private static final String BREAKING = """
            {"type": "record", "name": "T", "fields": [{"name": "a", "type": "string"}, {"name": "c", "type": "int"}]}""";

    private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

    private static Proposal.Register register(String subject, String schema) {
        return new Proposal.Register(Backend.requestId(), subject, schema, null, null, null, null, null, null);
    }

    private static int errorCode(Runnable action) {
        try {
            action.run();
        } catch (RegistryException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a RegistryException");
    }

    @Test
    void shouldGiveTheSameSchemaTheSameIdUnderEverySubject() {
        assertThat(state.apply(register("a-value", V1))).isEqualTo(Map.of("id", 1));
        assertThat(state.apply(register("b-value", V1.replace(" ", "")))).isEqualTo(Map.of("id", 1));
        assertThat(state.apply(register("a-value", V2))).isEqualTo(Map.of("id", 2));
        assertThat(state.apply(register("a-value", V2))).as("registering again returns the same id").isEqualTo(Map.of("id", 2));
        assertThat(state.versions("a-value", false)).extracting(RegistryState.Version::version).containsExactly(1, 2);
        assertThat(state.usesOf(1, false)).extracting(RegistryState.Version::subject).containsExactly("a-value", "b-value");
    }

    @Test
    void shouldReachTheSameStateFromTheSameProposalsInTheSameOrder() {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            proposals.add(register("s" + (i % 7), V1.replace("\"T\"", "\"T" + i % 11 + "\"")));
            proposals.add(register("s" + (i % 5), BREAKING));
        }
        RegistryState other = new RegistryState(CompatibilityLevel.BACKWARD);
        List<Object> answers = new ArrayList<>();
        List<Object> otherAnswers = new ArrayList<>();
        for (Proposal p : proposals) {
            answers.add(outcome(state, p));
            otherAnswers.add(outcome(other, p));
        }
        assertThat(otherAnswers).isEqualTo(answers);
        for (String subject : state.subjects(true)) {
            assertThat(other.versions(subject, true)).isEqualTo(state.versions(subject, true));
        }
    }

    private static Object outcome(RegistryState s, Proposal p) {
        try {
            return s.apply(p);
        } catch (RegistryException e) {
            return e.errorCode();
        }
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaNamingTheFieldAndLeaveTheStateUnchanged() {
        state.apply(register("a-value", V1));

        assertThatThrownBy(() -> state.apply(register("a-value", BREAKING)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("incompatible with an earlier schema for subject \"a-value\"")
                .hasMessageContaining("field 'c'")
                .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(409));
        assertThat(state.versions("a-value", true)).hasSize(1);
        assertThat(state.apply(register("b-value", V2))).as("the refused schema took no id").isEqualTo(Map.of("id", 2));
    }

    @Test
    void shouldSoftDeleteBeforeHardDeleteWithConfluentCodes() {
        state.apply(register("a-value", V1));
        state.apply(register("a-value", V2));

        assertThat(errorCode(() -> state.apply(new Proposal.DeleteSubject("r", "a-value", true)))).isEqualTo(40405);
        assertThat(errorCode(() -> state.apply(new Proposal.DeleteVersion("r", "a-value", "1", true)))).isEqualTo(40407);
        assertThat(state.apply(new Proposal.DeleteVersion("r", "a-value", "1", false))).isEqualTo(1);
        assertThat(errorCode(() -> state.apply(new Proposal.DeleteVersion("r", "a-value", "1", false)))).isEqualTo(40406);
        assertThat(state.apply(new Proposal.DeleteSubject("r", "a-value", false))).isEqualTo(List.of(2));
        assertThat(errorCode(() -> state.apply(new Proposal.DeleteSubject("r", "a-value", false)))).isEqualTo(40404);
        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.subjects(true)).containsExactly("a-value");
        assertThat(state.apply(new Proposal.DeleteSubject("r", "a-value", true))).isEqualTo(List.of(1, 2));
        assertThat(errorCode(() -> state.apply(new Proposal.DeleteSubject("r", "a-value", true)))).isEqualTo(40401);
        assertThat(state.schema(1).id()).as("ids survive deletion of their subjects").isEqualTo(1);
    }

    @Test
    void shouldRefuseWritesInReadOnlyModeAndTakeExplicitIdsOnlyInImportMode() {
        state.apply(new Proposal.SetMode("r", null, "READONLY", false));
        assertThat(errorCode(() -> state.apply(register("a-value", V1)))).isEqualTo(42205);
        state.apply(new Proposal.SetMode("r", null, "READWRITE", false));
        assertThat(errorCode(() -> state.apply(new Proposal.Register("r", "a-value", V1, 40, 1, null, null, null, null)))).isEqualTo(42205);

        state.apply(new Proposal.SetMode("r", null, "IMPORT", false));
        assertThat(state.apply(new Proposal.Register("r", "a-value", V1, 40, 3, null, null, null, null))).isEqualTo(Map.of("id", 40));
        state.apply(new Proposal.SetMode("r", null, "READWRITE", false));
        assertThat(state.apply(register("a-value", V2))).as("next id follows the highest").isEqualTo(Map.of("id", 41));
        assertThat(state.version("a-value", "latest", false).version()).isEqualTo(4);
    }
}
