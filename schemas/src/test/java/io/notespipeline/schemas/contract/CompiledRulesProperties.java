package io.notespipeline.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The built-in contract's compiled Java forms give the same verdict as its CEL rules: on generated events,
 * valid and invalid (boundary lengths in UTF-16 units and code points, RE2 whitespace, control characters,
 * lone surrogates, nulls, hostile ids and URLs), {@link ContractValidator#of} (Java forms) and
 * {@link ContractValidator#interpreted} (CEL only) report the same violations: same rules, same order, same
 * fields. jqwik prints the seed of every run (rerun one with {@code @Property(seed = "...")}).
 */
class CompiledRulesProperties {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final DataContract CONTRACT = BuiltInContracts.noteEvents();
    private static final ContractValidator COMPILED = ContractValidator.of(CONTRACT);
    private static final ContractValidator CEL = ContractValidator.interpreted(CONTRACT);

    @Property(tries = 4000)
    void compiledRulesGiveTheVerdictsOfTheCelRules(@ForAll("events") NoteEvent event) {
        List<Violation> java = COMPILED.validateWrite(event, NOW);
        List<Violation> cel = CEL.validateWrite(event, NOW);
        Statistics.label("verdict").collect(cel.isEmpty() ? "valid" : "invalid");
        cel.forEach(v -> Statistics.label("rule").collect(v.rule()));
        assertThat(java).as("violations of %s", event).isEqualTo(cel);
        assertThat(COMPILED.validateRead(event)).as("read violations of %s", event).isEqualTo(CEL.validateRead(event));
        Statistics.label("verdict").coverage(c -> {
            c.check("valid").percentage(p -> p >= 15);
            c.check("invalid").percentage(p -> p >= 15);
        });
        Statistics.label("rule").coverage(c -> {
            for (Rule rule : CONTRACT.ruleSet().domainRules()) {
                if (rule.appliesTo(true)) {
                    c.check(rule.name()).count(n -> n > 0);
                }
            }
        });
    }

    /** The fused pass says "valid" exactly when CEL finds no broken write rule (so it neither lets through nor refuses more). */
    @Property(tries = 4000)
    void theFusedPassOfTheBuiltInWriteRulesAgreesWithCel(@ForAll("events") NoteEvent event) {
        assertThat(BuiltInContracts.writeRulesPass(event)).as("fused verdict on %s", event)
                .isEqualTo(CEL.validateWrite(event, NOW).isEmpty());
    }

    @Example
    void aContractWithoutOneBuiltInRuleIsNotCheckedByTheFusedPass() {
        List<Rule> rules = new ArrayList<>(CONTRACT.ruleSet().domainRules());
        rules.removeIf(r -> r.name().equals("noteTextPlainText"));
        ContractValidator validator = ContractValidator.of(new DataContract(CONTRACT.metadata(), RuleSet.ofDomainRules(rules)));
        NoteEvent controlled = event("t1", "ada", new NoteAdded("n1", null, 0, "bell \u0007"));
        assertThat(validator.validateWrite(controlled, NOW)).as("the rule was removed").isEmpty();
        assertThat(COMPILED.validateWrite(controlled, NOW)).extracting(Violation::rule).containsExactly("noteTextPlainText");
    }

    @Example
    void aForeignRuleIsEnforcedByCel() {
        List<Rule> rules = new ArrayList<>(CONTRACT.ruleSet().domainRules());
        rules.add(Rule.writeCondition("authorNotBob", "author", "bob may not write", "message.author != 'bob'"));
        ContractValidator validator = ContractValidator.of(new DataContract(CONTRACT.metadata(), RuleSet.ofDomainRules(rules)));
        assertThat(validator.validateWrite(event("t1", "bob", new NoteDeleted("n1")), NOW))
                .extracting(Violation::rule).containsExactly("authorNotBob");
        assertThat(validator.validateWrite(event("t1", "ada", new NoteDeleted("n1")), NOW)).isEmpty();
    }

    @Example
    void aBuiltInRuleAUserChangedIsExecutedByCelNotByItsJavaForm() {
        List<Rule> rules = new ArrayList<>();
        for (Rule rule : CONTRACT.ruleSet().domainRules()) {
            rules.add(rule.name().equals("talkIdPattern")
                    ? Rule.writeCondition("talkIdPattern", "talkId", rule.doc(), "message.talkId.matches('^x')") : rule);
        }
        ContractValidator validator = ContractValidator.of(new DataContract(CONTRACT.metadata(), RuleSet.ofDomainRules(rules)));
        assertThat(validator.validateWrite(event("abc", "ada", new NoteDeleted("n1")), NOW))
                .extracting(Violation::rule).containsExactly("talkIdPattern");
        assertThat(validator.validateWrite(event("xyz", "ada", new NoteDeleted("n1")), NOW)).isEmpty();
    }

    private static NoteEvent event(String talkId, String author, Object payload) {
        return new NoteEvent(UUID.randomUUID(), talkId, NOW, author, "c-1", null, payload);
    }

    // ---- generators: mostly good values so that a good share of events is valid

    @Provide
    Arbitrary<NoteEvent> events() {
        Arbitrary<UUID> ids = Arbitraries.frequencyOf(
                Tuple.of(50, Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()))),
                Tuple.of(1, Arbitraries.just((UUID) null)));
        Arbitrary<Long> revisions = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just((Long) null)),
                Tuple.of(3, Arbitraries.longs().between(0, 1000).map(l -> (Long) l)),
                Tuple.of(1, Arbitraries.longs().between(-3, -1).map(l -> (Long) l)));
        return Combinators.combine(ids, talkIds(), text(500), text(200), revisions, payloads())
                .as((id, talk, author, corr, rev, payload) -> new NoteEvent(id, talk, NOW, author, corr, rev, payload));
    }

    private static Arbitrary<String> talkIds() {
        Arbitrary<String> good = Arbitraries.strings().withChars("abzAZ09._-").ofMinLength(0).ofMaxLength(6)
                .map(s -> "t" + s);
        Arbitrary<String> hostile = Arbitraries.of("", "-a", ".a", "A", "a b", "../../etc", "a\"b", "é", "a\n",
                "a".repeat(200), "a".repeat(201), "0", "a/b", "a\u0000");
        return Arbitraries.frequencyOf(Tuple.of(12, good), Tuple.of(1, hostile), Tuple.of(1, any()))
                .injectNull(0.01);
    }

    /** A string field with limit {@code max}: mostly good, sometimes blank, controlled, at the limit or null. */
    private static Arbitrary<String> text(int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(30, good()),
                Tuple.of(1, blank()),
                Tuple.of(2, any()),
                Tuple.of(1, atLimit(max)),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static Arbitrary<String> optionalText(int max) {
        return Arbitraries.frequencyOf(Tuple.of(3, text(max)), Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static Arbitrary<String> good() {
        return Arbitraries.of("a", "Z", "9", "é", "😀", " ", "\t", "\n", "\r\n", "-", "\"", "中")
                .list().ofMinSize(1).ofMaxSize(6).map(parts -> "k" + String.join("", parts));
    }

    private static Arbitrary<String> blank() {
        return Arbitraries.of(" ", "\t", "\n", "\r", "\f", "\u000B", "\u00A0", "\u2003").list().ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }

    private static Arbitrary<String> any() {
        return Arbitraries.of("a", " ", "\u0000", "\u0008", "\u0009", "\u000B", "\u000C", "\u000E", "\u001F", "\u007F",
                "\u0085", "\u009F", "\u00A0", "\uD800", "\uDFFF", "😀", "\u2028", "é").list().ofMaxSize(5)
                .map(parts -> String.join("", parts));
    }

    /** Lengths around {@code max}, some with surrogate pairs (two UTF-16 units, one code point). */
    private static Arbitrary<String> atLimit(int max) {
        return Combinators.combine(Arbitraries.integers().between(max - 2, max + 2), Arbitraries.integers().between(0, 3))
                .as((n, pairs) -> "😀".repeat(pairs) + "a".repeat(Math.max(0, n - pairs)));
    }

    private static Arbitrary<String> url() {
        Arbitrary<String> good = Arbitraries.of("https://example.org/a?b=1#c", "http://127.0.0.1:8080/", "HTTP://X.ORG",
                "https://[::1]/x", "http://a-b.c/d_e~f");
        Arbitrary<String> bad = Arbitraries.of("ftp://x.org", "https://x.org/a b", "javascript:alert(1)", "https://",
                "https://x.org/<", "http://x.org\n", "", "https://x.org/" + "a".repeat(10_000));
        return Arbitraries.frequencyOf(Tuple.of(20, good), Tuple.of(1, bad), Tuple.of(1, any()))
                .injectNull(0.01);
    }

    private static Arbitrary<List<String>> strings() {
        return text(500).list().ofMaxSize(3);
    }

    private static Arbitrary<List<Link>> links() {
        Arbitrary<Link> link = Combinators.combine(text(500), url()).as(Link::new);
        return Arbitraries.frequencyOf(Tuple.of(30, link), Tuple.of(1, Arbitraries.just((Link) null)))
                .list().ofMaxSize(2);
    }

    private static Arbitrary<Integer> positions() {
        return Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(0, 50)),
                Tuple.of(1, Arbitraries.integers().between(-2, -1)));
    }

    private static Arbitrary<Object> payloads() {
        Arbitrary<String> noteIds = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("n1", "n2")),
                Tuple.of(1, text(200)), Tuple.of(1, any()));
        Arbitrary<String> parents = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of("n1", "n0")),
                Tuple.of(1, optionalText(200)), Tuple.of(1, any()));
        Arbitrary<List<String>> nullableStrings = Arbitraries.frequencyOf(Tuple.of(2, strings()),
                Tuple.of(1, Arbitraries.just((List<String>) null)));
        Arbitrary<List<Link>> nullableLinks = Arbitraries.frequencyOf(Tuple.of(2, links()),
                Tuple.of(1, Arbitraries.just((List<Link>) null)));
        return Arbitraries.oneOf(
                Combinators.combine(text(500), optionalText(500), strings().injectNull(0.02), links().injectNull(0.02),
                        strings().injectNull(0.02))
                        .as((t, c, s, l, g) -> (Object) new TalkCreated(t, c, s, l, g)),
                Combinators.combine(optionalText(500), optionalText(500), nullableStrings, nullableLinks, nullableStrings)
                        .as((t, c, s, l, g) -> (Object) new TalkUpdated(t, c, s, l, g)),
                Combinators.combine(noteIds, parents, positions(), text(10_000))
                        .as((n, p, pos, t) -> (Object) new NoteAdded(n, p, pos, t)),
                Combinators.combine(noteIds, text(10_000)).as((n, t) -> (Object) new NoteEdited(n, t)),
                Combinators.combine(noteIds, parents, positions()).as((n, p, pos) -> (Object) new NoteMoved(n, p, pos)),
                noteIds.map(n -> (Object) new NoteDeleted(n)),
                optionalText(500).map(r -> (Object) new TalkDeleted(r)),
                Arbitraries.create(() -> (Object) new TalkUpdated(null, null, null, null, null)));
    }
}
