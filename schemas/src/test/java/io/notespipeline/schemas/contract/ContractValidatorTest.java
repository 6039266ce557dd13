package io.notespipeline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContractValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    private static final ContractValidator EVENTS = ContractValidator.of(BuiltInContracts.noteEvents());

    private static NoteEvent event(String talkId, String author, SpecificRecord payload) {
        return new NoteEvent(UUID.randomUUID(), talkId, NOW, author, "c-1", null, payload);
    }

    private static List<String> broken(NoteEvent event) {
        return EVENTS.validateWrite(event, NOW).stream().map(v -> v.field() + " " + v.rule()).toList();
    }

    private static List<String> broken(SpecificRecord payload) {
        return broken(event("t1", "ada", payload));
    }

    @Test
    void shouldAcceptWellFormedEventsOfEveryKind() {
        assertThat(broken(new NoteAdded("n1", null, 0, "line\n\tindented\r\n"))).isEmpty();
        assertThat(broken(new TalkCreated("Kafka", "Devoxx", List.of("Ann"),
                List.of(new Link("Slides", "https://x.org/a?b=1#c"), new Link("Local", "http://127.0.0.1:8080/")),
                List.of("streams")))).isEmpty();
        assertThat(broken(new TalkUpdated(null, null, null, null, List.of("new-tag")))).isEmpty();
        assertThat(broken(new NoteMoved("n1", "n0", 3))).isEmpty();
    }

    @Test
    void aTalkIdOf5000CharactersBreaksOneRuleOnce() {
        assertThat(broken(event("x".repeat(5_000), "ada", new NoteAdded("n1", null, 0, "x"))))
                .containsExactly("talkId talkIdPattern");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "..", ".", "a\"b", "it's", "a b", "a/b", "a\\b", "a%2Fb", "-lead", "_x", " ", "",
            "é", "a\n"})
    void shouldRefuseTalkIdsOutsideThePattern(String talkId) {
        assertThat(broken(event(talkId, "ada", new NoteAdded("n1", null, 0, "x")))).containsExactly("talkId talkIdPattern");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t", "talk-1", "its-time-for-datetime-2", "2017.pycon_de", "a", "Talk-1", "PyCon2017.Keynote_1",
            "scipy-2023--its-time-for-datetime"})
    void shouldAcceptTalkIdsTheImporterGeneratesAndMixedCase(String talkId) {
        assertThat(broken(event(talkId, "ada", new NoteAdded("n1", null, 0, "x")))).isEmpty();
    }

    @Test
    void shouldNameTheBlankRequiredFields() {
        assertThat(broken(event("t1", " ", new NoteAdded(" ", null, 0, "\t"))))
                .containsExactly("author authorRequired", "payload.noteId noteIdRequired", "payload.text noteTextRequired");
    }

    @Test
    void shouldRefuseTextLongerThanTheLimitWithOneViolation() {
        assertThat(broken(new NoteAdded("n1", null, 0, "x".repeat(BuiltInContracts.MAX_TEXT + 1))))
                .containsExactly("payload.text noteTextMaxLength");
        assertThat(broken(new NoteAdded("n1", null, 0, "x".repeat(BuiltInContracts.MAX_TEXT)))).isEmpty();
        assertThat(broken(event("t1", "a".repeat(501), new NoteAdded("n1", null, 0, "x"))))
                .containsExactly("author authorMaxLength");
    }

    @Test
    void shouldRefuseControlCharactersButKeepTabsAndLineBreaks() {
        assertThat(broken(new NoteAdded("n\u0000", null, 0, "a\u0007b")))
                .containsExactly("payload.noteId noteIdPlainText", "payload.text noteTextPlainText");
        assertThat(broken(new NoteAdded("n1", null, 0, "a\u009fb"))).containsExactly("payload.text noteTextPlainText");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bit.ly/abc", "javascript:alert(1)", "http://exa mple.org", "ftp://x.org/v", "not a url",
        "https://", "http://@/x", "https://x.org/<script>", ""})
    void shouldOnlyAcceptAbsoluteHttpUrls(String url) {
        List<Link> links = List.of(new Link("ok", "https://example.org/x"), new Link("bad", url));
        assertThat(broken(new TalkCreated("T", null, List.of("Ann"), links, List.of())))
                .containsExactly("payload.links.url linkUrlHttp");
    }

    @Test
    void shouldCheckTheFieldsOfTheBranchAtHandOnly() {
        assertThat(broken(new TalkUpdated(null, " ", null, null, null))).containsExactly("payload.conference conferenceRequired");
        assertThat(broken(new TalkUpdated(null, null, null, null, null))).containsExactly("payload talkUpdateNotEmpty");
        assertThat(broken(new TalkCreated("T", null, List.of(" "), List.of(), List.of("x".repeat(501)))))
                .containsExactly("payload.speakers speakersNotBlank", "payload.tags tagsMaxLength");
        assertThat(broken(new NoteMoved("n1", "n1", -1)))
                .containsExactly("payload.parentId parentIdNotSelf", "payload.position positionNotNegative");
    }

    @Test
    void shouldRefuseANegativeExpectedRevision() {
        NoteEvent event = new NoteEvent(UUID.randomUUID(), "t1", NOW, "ada", "c", -1L, new NoteAdded("n", null, 0, "x"));
        assertThat(broken(event)).containsExactly("expectedRevision expectedRevisionNotNegative");
        event.setExpectedRevision(4L);
        assertThat(broken(event)).isEmpty();
    }

    @Test
    void shouldAllowPastTimesButLimitTheFutureToTheContractsSkew() {
        NoteEvent event = event("t1", "ada", new NoteAdded("n1", null, 0, "x"));
        event.setOccurredAt(Instant.parse("2017-05-19T09:52:00Z"));
        assertThat(broken(event)).isEmpty();
        event.setOccurredAt(NOW.plusSeconds(299));
        assertThat(broken(event)).isEmpty();
        event.setOccurredAt(NOW.plusSeconds(301));
        assertThat(broken(event)).containsExactly("occurredAt occurredAtNotInFuture");
        event.setOccurredAt(Instant.ofEpochMilli(-1));
        assertThat(broken(event)).containsExactly("occurredAt occurredAtNotBeforeEpoch");
    }

    @Test
    void aViolationCarriesTheRulesDocAsReason() {
        assertThat(EVENTS.validateWrite(event("t1", "", new NoteAdded("n1", null, 0, "x")), NOW))
                .containsExactly(new Violation(0, "author", "authorRequired", "author is required and must not be blank"));
    }

    @Test
    void readRulesAreTheSinksChecksAndLeaveWriteRulesAlone() {
        NoteEvent legacyId = event("Legacy Talk", "", new NoteAdded("n1", null, 0, "x"));
        assertThat(EVENTS.validateRead(legacyId)).as("history written before a write rule existed stays readable").isEmpty();
        assertThat(EVENTS.validateRead(event(" ", "ada", new NoteAdded("n1", null, 0, "x"))))
                .extracting(Violation::rule).containsExactly("talkIdPresent");
    }

    @Test
    void disabledRulesAndRulesWithoutActionAreSkipped() {
        Rule off = new Rule("off", "never", "CONDITION", "WRITE", "CEL", null, null, "false", null, "ERROR", true);
        Rule none = new Rule("none", "never", "CONDITION", "WRITE", "CEL", null, null, "false", null, "NONE", false);
        Rule both = new Rule("both", "fails", "CONDITION", "WRITEREAD", "CEL", null, null, "false", null, "ERROR,DLQ", false);
        ContractValidator engine = ContractValidator.of(new DataContract(null, RuleSet.ofDomainRules(List.of(off, none, both))));
        NoteEvent event = event("t1", "ada", new NoteAdded("n1", null, 0, "x"));
        assertThat(engine.validateWrite(event, NOW)).extracting(Violation::rule).containsExactly("both");
        assertThat(engine.validateRead(event)).extracting(Violation::rule).containsExactly("both");
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedByName() {
        Rule bad = Rule.writeCondition("broken", "author", "x", "message.author.matches(");
        assertThatThrownBy(() -> ContractValidator.of(new DataContract(null, RuleSet.ofDomainRules(List.of(bad)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule broken does not compile");
    }

    @Test
    void theContractCarriesIdentityAndOrderingAsProperties() {
        DataContract events = BuiltInContracts.noteEvents();
        assertThat(events.identityFields()).containsExactly("eventId");
        assertThat(events.orderingField()).contains("occurredAt");
        assertThat(events.metadata().properties()).containsEntry(DataContract.MAX_FUTURE_MS, "300000");
        assertThat(events.ruleSet().domainRules()).extracting(Rule::name).doesNotHaveDuplicates();
        assertThat(BuiltInContracts.talkViews().identityFields()).containsExactly("talkId");
        assertThat(Map.copyOf(BuiltInContracts.talkViews().metadata().properties())).containsEntry(DataContract.ORDERING, "revision");
    }
}
