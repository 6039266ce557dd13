package io.notespipeline.schemas.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;
import io.notespipeline.schemas.contract.internal.CompiledChecks;

/**
 * The data contracts of the pipeline's own topics, registered with their schemas by {@code notes up}. Every
 * rule is a CEL condition written for Confluent's bindings too, so Confluent's serializers in other languages
 * enforce the same rules at produce time: only standard CEL ({@code size}, {@code matches} with anchored
 * patterns, {@code has}, {@code all}, {@code startsWith}); a nullable field is tested with
 * {@code !has(f) || f == null || ...} (the JavaScript binding drops null fields, the Java one keeps them);
 * a field of the {@code payload} union is tested both on the branch's fields (Confluent's Java binding) and
 * under the branch's full name ({@code {"io.notespipeline.schemas.avro.NoteAdded": {...}}}, the JavaScript
 * client's avsc binding of a union of records).
 *
 * <p>Talk ids match {@value #TALK_ID_PATTERN}: ASCII letters (either case, kept as given: {@code Talk-1} and
 * {@code talk-1} are two talks), digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit, at
 * most 200 characters. The importer's slugs ({@code <conference-slug>--<title-slug>}, {@code -2} suffixes) are
 * a subset. So {@code ..}, {@code ../../etc}, ids with quotes, slashes, backslashes, spaces, control or
 * non-ASCII characters are refused: an id is safe in a URL path segment, a file name and a JSON or SQL string
 * without escaping. The pattern is also a property of the contract's metadata ({@value DataContract#TALK_ID_PATTERN}),
 * for clients that check an id before sending it. Text is "plain" when it has no
 * control characters other than tab, line feed and carriage return. Blank means only ASCII whitespace.
 */
public final class BuiltInContracts {

    /** Pattern of a talk id. */
    public static final String TALK_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$";
    /** Longest note text or URL, in characters. */
    public static final int MAX_TEXT = 10_000;
    /** Longest title, conference, author, speaker, tag or link label, in characters. */
    public static final int MAX_SHORT_TEXT = 500;
    /** Longest note id, parent id or correlation id, in characters. */
    public static final int MAX_ID = 200;
    /** How far in the future {@code occurredAt} may be: five minutes. */
    public static final long MAX_FUTURE_MS = 5 * 60 * 1000L;

    private static final String NAMESPACE = "io.notespipeline.schemas.avro.";
    private static final String NON_BLANK = "^\\s*\\S[\\s\\S]*$";
    private static final String PLAIN = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$";
    private static final String HTTP_URL =
            "^[hH][tT][tT][pP][sS]?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]+)?([/?#][^\\s\"<>\\\\^`{|}]*)?$";

    /** The rules of {@code notes.events}, each with its Java form; built once. */
    private static final Rules NOTE_EVENTS = noteEventRules();

    private BuiltInContracts() {
    }

    /** @return the contract of {@code notes.events} */
    public static DataContract noteEvents() {
        return new DataContract(Metadata.ofProperties(Map.of(DataContract.IDENTITY, "eventId",
                DataContract.ORDERING, "occurredAt", DataContract.MAX_FUTURE_MS, Long.toString(MAX_FUTURE_MS),
                DataContract.TALK_ID_PATTERN, TALK_ID_PATTERN)),
                RuleSet.ofDomainRules(NOTE_EVENTS.list()));
    }

    /**
     * The compiled Java form of a built-in rule: a predicate on a generated {@link NoteEvent} with a known payload
     * ({@link CompiledChecks#applies}), true when the rule passes, throwing where the CEL rule errs (which breaks
     * it). Only a rule equal in every attribute (name, expression, mode, ...) to a built-in one has it: a rule a
     * user changed or added is executed by CEL.
     *
     * @return the predicate, empty for a rule the built-in set does not know
     */
    static Optional<Predicate<NoteEvent>> compiledForm(Rule rule) {
        return Optional.ofNullable(NOTE_EVENTS.compiled().get(rule));
    }

    /** @return true when {@code rules} are exactly the built-in write rules of {@code notes.events}, in order */
    static boolean areBuiltInWriteRules(List<Rule> rules) {
        return rules.equals(BUILT_IN_WRITE);
    }

    /** The write rules of {@link #noteEvents()} that refuse a record (what {@link ContractValidator} executes on write). */
    private static final List<Rule> BUILT_IN_WRITE = NOTE_EVENTS.list().stream()
            .filter(r -> r.appliesTo(true) && !"NONE".equals(r.failureAction(true))).toList();

    /**
     * Every built-in write rule at once, for an event with a known payload ({@link CompiledChecks#applies}): true
     * only when each of their Java forms passes (a jqwik property checks the engine's verdicts against CEL, valid
     * events through this path). One pass over the event and each string, no per-rule dispatch: the publisher's
     * validation of a valid event. False sends the engine to the rule-by-rule evaluation, which names the rules.
     */
    static boolean writeRulesPass(NoteEvent e) {
        if (e.getEventId() == null || e.getTalkId() == null || !CompiledChecks.talkId(e.getTalkId())
                || !CompiledChecks.plainNonBlankAtMost(e.getAuthor(), MAX_SHORT_TEXT)
                || !CompiledChecks.plainNonBlankAtMost(e.getCorrelationId(), MAX_ID)) {
            return false;
        }
        Long revision = e.getExpectedRevision();
        if (revision != null && revision < 0) {
            return false;
        }
        Object p = e.getPayload();
        if (p instanceof NoteAdded a) {
            return optional(a.getNoteId(), MAX_ID) && optional(a.getText(), MAX_TEXT)
                    && optional(a.getParentId(), MAX_ID) && notSelf(a.getParentId(), a.getNoteId()) && a.getPosition() >= 0;
        } else if (p instanceof NoteEdited ed) {
            return optional(ed.getNoteId(), MAX_ID) && optional(ed.getText(), MAX_TEXT);
        } else if (p instanceof NoteMoved m) {
            return optional(m.getNoteId(), MAX_ID) && optional(m.getParentId(), MAX_ID)
                    && notSelf(m.getParentId(), m.getNoteId()) && m.getPosition() >= 0;
        } else if (p instanceof NoteDeleted d) {
            return optional(d.getNoteId(), MAX_ID);
        } else if (p instanceof TalkCreated c) {
            return talkFields(c.getTitle(), c.getConference(), c.getSpeakers(), c.getLinks(), c.getTags());
        } else if (p instanceof TalkUpdated u) {
            return talkFields(u.getTitle(), u.getConference(), u.getSpeakers(), u.getLinks(), u.getTags());
        }
        return p instanceof TalkDeleted;
    }

    private static boolean optional(String v, int max) {
        return v == null || CompiledChecks.plainNonBlankAtMost(v, max);
    }

    private static boolean notSelf(String parentId, String noteId) {
        return parentId == null || !parentId.equals(noteId);
    }

    private static boolean talkFields(String title, String conference, List<String> speakers, List<Link> links,
            List<String> tags) {
        if (title == null && conference == null && speakers == null && links == null && tags == null) {
            return false; // talkUpdateNotEmpty
        }
        return optional(title, MAX_SHORT_TEXT) && optional(conference, MAX_SHORT_TEXT) && shortTexts(speakers)
                && shortTexts(tags) && links(links);
    }

    private static boolean shortTexts(List<String> items) {
        if (items != null) {
            for (String item : items) {
                if (!CompiledChecks.plainNonBlankAtMost(item, MAX_SHORT_TEXT)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean links(List<Link> links) {
        if (links != null) {
            for (Link l : links) {
                if (l == null || !CompiledChecks.plainNonBlankAtMost(l.getLabel(), MAX_SHORT_TEXT) || l.getUrl() == null
                        || !CompiledChecks.atMost(l.getUrl(), MAX_TEXT) || !CompiledChecks.matches(l.getUrl(), HTTP_URL)) {
                    return false;
                }
            }
        }
        return true;
    }

    private record Rules(List<Rule> list, Map<Rule, Predicate<NoteEvent>> compiled) {

        void add(Rule rule, Predicate<NoteEvent> java) {
            list.add(rule);
            compiled.put(rule, java);
        }
    }

    private static Rules noteEventRules() {
        Rules rules = new Rules(new ArrayList<>(), new HashMap<>());
        rules.add(Rule.writeCondition("eventIdRequired", "eventId", "eventId is required",
                "has(message.eventId) && message.eventId != null"), e -> e.getEventId() != null);
        rules.add(Rule.writeCondition("talkIdPattern", "talkId", "talkId must match " + TALK_ID_PATTERN
                + " (ASCII letters, digits, '.', '_', '-', starting with a letter or digit; at most 200 characters)",
                "message.talkId.matches(" + cel(TALK_ID_PATTERN) + ")"), e -> CompiledChecks.talkId(e.getTalkId()));
        text(rules, "author", "message.author", "author", MAX_SHORT_TEXT, NoteEvent::getAuthor);
        text(rules, "correlationId", "message.correlationId", "correlationId", MAX_ID, NoteEvent::getCorrelationId);
        rules.add(Rule.writeCondition("expectedRevisionNotNegative", "expectedRevision",
                "expectedRevision must be at least 0", optional("message.expectedRevision", "message.expectedRevision >= 0")),
                e -> e.getExpectedRevision() == null || e.getExpectedRevision() >= 0);
        payloadText(rules, "title", "title", MAX_SHORT_TEXT, CompiledChecks::title);
        payloadText(rules, "conference", "conference", MAX_SHORT_TEXT, CompiledChecks::conference);
        payloadTexts(rules, "speakers", "speakers", CompiledChecks::speakers);
        payloadTexts(rules, "tags", "tags", CompiledChecks::tags);
        payloadLinks(rules);
        payloadText(rules, "noteId", "noteId", MAX_ID, CompiledChecks::noteId);
        payloadText(rules, "noteText", "text", MAX_TEXT, CompiledChecks::text);
        payloadText(rules, "parentId", "parentId", MAX_ID, CompiledChecks::parentId);
        rules.add(payloadRule("parentIdNotSelf", "payload.parentId", "a note cannot be its own parent",
                "!has($p.parentId) || $p.parentId == null || $p.parentId != $p.noteId"), e -> {
                    String parent = CompiledChecks.parentId(e.getPayload());
                    return parent == null || !parent.equals(CompiledChecks.noteId(e.getPayload()));
                });
        rules.add(payloadRule("positionNotNegative", "payload.position", "position must be at least 0",
                "!has($p.position) || $p.position >= 0"), e -> {
                    Integer position = CompiledChecks.position(e.getPayload());
                    return position == null || position >= 0;
                });
        rules.add(talkUpdateNotEmpty(), e -> !CompiledChecks.talkFieldsAllNull(e.getPayload()));
        rules.add(Rule.readCondition("eventIdPresent", "eventId", "a stored event has an eventId",
                "has(message.eventId) && message.eventId != null"), e -> e.getEventId() != null);
        rules.add(Rule.readCondition("talkIdPresent", "talkId", "a stored event has a non-blank talkId",
                "message.talkId.matches(" + cel(NON_BLANK) + ")"), e -> CompiledChecks.nonBlank(e.getTalkId()));
        rules.add(Rule.readCondition("payloadPresent", "payload", "a stored event has a payload",
                "has(message.payload) && message.payload != null"), e -> e.getPayload() != null);
        return new Rules(List.copyOf(rules.list()), Map.copyOf(rules.compiled()));
    }

    /** @return the contract of {@code notes.talk-views}: identity, ordering, and the sinks' read checks */
    public static DataContract talkViews() {
        List<Rule> rules = List.of(
                Rule.readCondition("talkIdPresent", "talkId", "a talk view has a non-blank talkId",
                        "message.talkId.matches(" + cel(NON_BLANK) + ")"),
                Rule.readCondition("revisionNotNegative", "revision", "a talk view's revision is at least 0",
                        "message.revision >= 0"));
        return new DataContract(Metadata.ofProperties(Map.of(DataContract.IDENTITY, "talkId",
                DataContract.ORDERING, "revision")), RuleSet.ofDomainRules(rules));
    }

    /** @return a contract with only identity and ordering properties (topics without rules) */
    public static DataContract identityOnly(List<String> identity, String ordering) {
        Map<String, String> properties = new java.util.TreeMap<>();
        if (!identity.isEmpty()) {
            properties.put(DataContract.IDENTITY, String.join(",", identity));
        }
        if (ordering != null) {
            properties.put(DataContract.ORDERING, ordering);
        }
        return new DataContract(Metadata.ofProperties(properties), RuleSet.ofDomainRules(List.of()));
    }

    /** Required non-blank, at most {@code max} characters, plain: three rules of a top-level string. */
    private static void text(Rules rules, String name, String path, String field, int max,
            Function<NoteEvent, String> value) {
        rules.add(Rule.writeCondition(name + "Required", field, field + " is required and must not be blank",
                path + ".matches(" + cel(NON_BLANK) + ")"), e -> CompiledChecks.nonBlank(value.apply(e)));
        rules.add(Rule.writeCondition(name + "MaxLength", field, field + " must be at most " + max + " characters",
                path + " == null || size(" + path + ") <= " + max), e -> {
                    String v = value.apply(e);
                    return v == null || CompiledChecks.atMost(v, max);
                });
        rules.add(Rule.writeCondition(name + "PlainText", field, field + " must not contain control characters "
                + "(other than tab and line breaks)", path + " == null || " + path + ".matches(" + cel(PLAIN) + ")"), e -> {
                    String v = value.apply(e);
                    return v == null || CompiledChecks.plain(v);
                });
    }

    /** The same three rules for an optional-or-required string field of the payload branch. */
    private static void payloadText(Rules rules, String name, String field, int max, Function<Object, String> value) {
        String f = "$p." + field;
        String path = "payload." + field;
        rules.add(payloadRule(name + "Required", path, path + " must not be blank",
                optional(f, f + ".matches(" + cel(NON_BLANK) + ")")), e -> {
                    String v = value.apply(e.getPayload());
                    return v == null || CompiledChecks.nonBlank(v);
                });
        rules.add(payloadRule(name + "MaxLength", path, path + " must be at most " + max + " characters",
                optional(f, "size(" + f + ") <= " + max)), e -> {
                    String v = value.apply(e.getPayload());
                    return v == null || CompiledChecks.atMost(v, max);
                });
        rules.add(payloadRule(name + "PlainText", path, path + " must not contain control characters "
                + "(other than tab and line breaks)", optional(f, f + ".matches(" + cel(PLAIN) + ")")), e -> {
                    String v = value.apply(e.getPayload());
                    return v == null || CompiledChecks.plain(v);
                });
    }

    /** Rules of a list of short strings of the payload branch (speakers, tags). */
    private static void payloadTexts(Rules rules, String name, String field, Function<Object, List<String>> value) {
        String f = "$p." + field;
        String path = "payload." + field;
        rules.add(payloadRule(name + "NotBlank", path, "every entry of " + path + " must not be blank",
                optional(f, f + ".all(s, s.matches(" + cel(NON_BLANK) + "))")),
                e -> all(value.apply(e.getPayload()), CompiledChecks::nonBlank));
        rules.add(payloadRule(name + "MaxLength", path, "every entry of " + path + " must be at most "
                + MAX_SHORT_TEXT + " characters", optional(f, f + ".all(s, size(s) <= " + MAX_SHORT_TEXT + ")")),
                e -> all(value.apply(e.getPayload()), s -> CompiledChecks.atMost(s, MAX_SHORT_TEXT)));
        rules.add(payloadRule(name + "PlainText", path, "entries of " + path + " must not contain control characters",
                optional(f, f + ".all(s, s.matches(" + cel(PLAIN) + "))")),
                e -> all(value.apply(e.getPayload()), CompiledChecks::plain));
    }

    private static void payloadLinks(Rules rules) {
        String links = "$p.links";
        rules.add(payloadRule("linkLabelRequired", "payload.links.label", "every link needs a non-blank label",
                optional(links, links + ".all(l, l.label.matches(" + cel(NON_BLANK) + "))")),
                e -> all(CompiledChecks.links(e.getPayload()), l -> CompiledChecks.nonBlank(l.getLabel())));
        rules.add(payloadRule("linkLabelMaxLength", "payload.links.label", "link labels must be at most "
                + MAX_SHORT_TEXT + " characters", optional(links, links + ".all(l, size(l.label) <= " + MAX_SHORT_TEXT + ")")),
                e -> all(CompiledChecks.links(e.getPayload()), l -> CompiledChecks.atMost(l.getLabel(), MAX_SHORT_TEXT)));
        rules.add(payloadRule("linkLabelPlainText", "payload.links.label", "link labels must not contain control "
                + "characters", optional(links, links + ".all(l, l.label.matches(" + cel(PLAIN) + "))")),
                e -> all(CompiledChecks.links(e.getPayload()), l -> CompiledChecks.plain(l.getLabel())));
        rules.add(payloadRule("linkUrlHttp", "payload.links.url", "every link url must be an absolute http(s) URL",
                optional(links, links + ".all(l, l.url.matches(" + cel(HTTP_URL) + "))")),
                e -> all(CompiledChecks.links(e.getPayload()), l -> CompiledChecks.matches(l.getUrl(), HTTP_URL)));
        rules.add(payloadRule("linkUrlMaxLength", "payload.links.url", "link urls must be at most " + MAX_TEXT
                + " characters", optional(links, links + ".all(l, size(l.url) <= " + MAX_TEXT + ")")),
                e -> all(CompiledChecks.links(e.getPayload()), l -> CompiledChecks.atMost(l.getUrl(), MAX_TEXT)));
    }

    /** CEL {@code !has(f) || f == null || f.all(x, check)}: a null entry makes the check err (broken). */
    private static <T> boolean all(List<T> items, Predicate<T> check) {
        if (items == null) {
            return true;
        }
        for (T item : items) {
            if (item == null || !check.test(item)) {
                return false;
            }
        }
        return true;
    }

    /** TalkUpdated must change something; in the Java binding only its branch has all five fields null. */
    private static Rule talkUpdateNotEmpty() {
        String allNull = "%1$s.title == null && %1$s.conference == null && %1$s.speakers == null"
                + " && %1$s.links == null && %1$s.tags == null";
        String java = "!(has(message.payload.title) && has(message.payload.conference) && has(message.payload.speakers)"
                + " && has(message.payload.links) && has(message.payload.tags) && " + allNull.formatted("message.payload") + ")";
        String wrapped = "message.payload.all(k, k != '" + NAMESPACE + "TalkUpdated' || !("
                + allNull.formatted("message.payload[k]") + "))";
        return Rule.writeCondition("talkUpdateNotEmpty", "payload",
                "TalkUpdated changes nothing: give at least one field", java + " && " + wrapped);
    }

    /** A rule on the payload union: {@code $p} stands for the branch record, in both bindings. */
    private static Rule payloadRule(String name, String field, String doc, String body) {
        String expr = "(" + body.replace("$p", "message.payload") + ") && message.payload.all(k, !k.startsWith('"
                + NAMESPACE + "') || (" + body.replace("$p", "message.payload[k]") + "))";
        return Rule.writeCondition(name, field, doc, expr);
    }

    private static String optional(String path, String check) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        String parent = path.substring(0, path.lastIndexOf('.'));
        return "!has(" + parent + "." + key + ") || " + path + " == null || " + check;
    }

    /** @return {@code text} as a CEL string literal */
    private static String cel(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
