package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkUpdated;
import io.notespipeline.schemas.contract.Violation;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final EventValidator rules = EventValidator.builtIn();

    private static NoteEvent event(String talkId, Instant at, SpecificRecord payload) {
        return new NoteEvent(UUID.randomUUID(), talkId, at, "ann", "c-1", null, payload);
    }

    private List<String> check(NoteEvent event, Optional<String> path) {
        return rules.validate(3, event, new EventValidator.Context(NOW, path)).stream()
                .map(v -> v.index() + " " + v.field() + " " + v.rule()).toList();
    }

    private List<String> check(SpecificRecord payload) {
        return check(event("t", NOW, payload), Optional.empty());
    }

    @Test
    void shouldAcceptAValidEvent() {
        assertThat(check(new NoteAdded("n1", null, 0, "text"))).isEmpty();
    }

    @Test
    void shouldRequireNonBlankFields() {
        assertThat(check(new NoteAdded(" ", null, 0, "\t"))).containsExactly("3 payload.noteId noteIdRequired",
                "3 payload.text noteTextRequired");
        assertThat(check(event(" ", NOW, new NoteAdded("n", null, 0, "x")), Optional.empty()))
                .containsExactly("3 talkId talkIdPattern");
        assertThat(check(new TalkUpdated(null, null, null, null, null))).containsExactly("3 payload talkUpdateNotEmpty");
    }

    @Test
    void shouldRefuseControlCharactersButKeepTabsAndLineBreaks() {
        assertThat(check(new NoteAdded("n\u0000", null, 0, "a\u0007b"))).containsExactly(
                "3 payload.noteId noteIdPlainText", "3 payload.text noteTextPlainText");
        assertThat(check(new NoteAdded("n1", null, 0, "line\n\tindented\r\n"))).isEmpty();
    }

    @Test
    void shouldLimitTextLength() {
        assertThat(check(new NoteAdded("n1", null, 0, "x".repeat(10_001))))
                .containsExactly("3 payload.text noteTextMaxLength");
        assertThat(check(new NoteAdded("n1", null, 0, "x".repeat(10_000)))).isEmpty();
    }

    @Test
    void shouldOnlyAcceptAbsoluteHttpUrls() {
        List<Link> links = List.of(new Link("a", "https://example.org/x"), new Link("b", "bit.ly/abc"),
                new Link("c", "javascript:alert(1)"), new Link("d", "http://exa mple.org"));
        assertThat(check(new TalkCreated("T", null, List.of("Ann"), links, List.of())))
                .as("one rule, one violation, however many links break it").containsExactly("3 payload.links.url linkUrlHttp");
        for (Link link : links) {
            assertThat(check(new TalkCreated("T", null, List.of("Ann"), List.of(link), List.of()))).as(link.getUrl())
                    .isEqualTo(link.getUrl().startsWith("https://") ? List.of() : List.of("3 payload.links.url linkUrlHttp"));
        }
    }

    @Test
    void aTalkIdOf5000CharactersGetsOneViolation() {
        assertThat(check(event("x".repeat(5_000), NOW, new NoteAdded("n1", null, 0, "x")), Optional.empty()))
                .containsExactly("3 talkId talkIdPattern");
    }

    @Test
    void shouldRefuseTalkIdsThatCouldEscapeAPathOrAQuote() {
        for (String id : List.of("../../etc", "..", "a'b", "a\"b", "a/b", "a\\b")) {
            assertThat(check(event(id, NOW, new NoteAdded("n1", null, 0, "x")), Optional.empty())).as(id)
                    .containsExactly("3 talkId talkIdPattern");
        }
    }

    @Test
    void shouldFollowTheContractItIsGiven() {
        io.notespipeline.schemas.contract.Rule team = io.notespipeline.schemas.contract.Rule.writeCondition(
                "authorOnTeam", "author", "author must be on the team", "message.author in ['ann', 'bob']");
        EventValidator custom = EventValidator.contract(() -> new io.notespipeline.schemas.contract.DataContract(null,
                io.notespipeline.schemas.contract.RuleSet.ofDomainRules(List.of(team))));
        NoteEvent byEve = new NoteEvent(UUID.randomUUID(), "t", NOW, "eve", "c-1", null, new NoteAdded("n", null, 0, " "));
        assertThat(custom.validate(2, byEve, EventValidator.Context.at(NOW)))
                .containsExactly(new Violation(2, "author", "authorOnTeam", "author must be on the team"));
    }

    @Test
    void shouldAllowPastTimesButLimitTheFutureToTheClockSkew() {
        NoteAdded payload = new NoteAdded("n1", null, 0, "x");
        assertThat(check(event("t", Instant.parse("2017-05-19T09:52:00Z"), payload), Optional.empty())).isEmpty();
        assertThat(check(event("t", NOW.plusSeconds(299), payload), Optional.empty())).isEmpty();
        assertThat(check(event("t", NOW.plusSeconds(301), payload), Optional.empty()))
                .containsExactly("3 occurredAt occurredAtNotInFuture");
    }

    @Test
    void shouldRequireTheTalkIdOfTheBodyToEqualThePath() {
        NoteEvent event = event("talk-2", NOW, new NoteAdded("n1", null, 0, "x"));
        assertThat(check(event, Optional.of("talk-1"))).containsExactly("3 talkId talk-id-matches-path");
        assertThat(check(event, Optional.of("talk-2"))).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownEventType() {
        assertThat(check(new Link("not", "an event"))).containsExactly("3 type event-type");
    }

    @Test
    void shouldReportEveryChainedValidatorsViolations() {
        EventValidator topicRule = (index, event, context) -> List.of(new Violation(index, "author", "team",
                "author must be on the team"));
        List<Violation> violations = rules.andThen(topicRule).validate(0,
                event("t", NOW, new NoteAdded("n1", null, 0, " ")), EventValidator.Context.at(NOW));
        assertThat(violations).extracting(Violation::rule).containsExactly("noteTextRequired", "team");
    }
}
