package io.notespipeline.schemas.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * <p>Talk ids match {@value #TALK_ID_PATTERN}: lowercase ASCII letters, digits, {@code .}, {@code _} and
 * {@code -}, starting with a letter or digit, at most 200 characters (what the importer's slugs produce);
 * so {@code ../../etc}, ids with quotes, slashes or spaces are refused. Text is "plain" when it has no
 * control characters other than tab, line feed and carriage return. Blank means only ASCII whitespace.
 */
public final class BuiltInContracts {

    /** Pattern of a talk id. */
    public static final String TALK_ID_PATTERN = "^[a-z0-9][a-z0-9._-]{0,199}$";
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

    private BuiltInContracts() {
    }

    /** @return the contract of {@code notes.events} */
    public static DataContract noteEvents() {
        List<Rule> rules = new ArrayList<>();
        rules.add(Rule.writeCondition("eventIdRequired", "eventId", "eventId is required",
                "has(message.eventId) && message.eventId != null"));
        rules.add(Rule.writeCondition("talkIdPattern", "talkId", "talkId must match " + TALK_ID_PATTERN
                + " (lowercase letters, digits, '.', '_', '-'; at most 200 characters)",
                "message.talkId.matches(" + cel(TALK_ID_PATTERN) + ")"));
        text(rules, "author", "message.author", "author", true, MAX_SHORT_TEXT);
        text(rules, "correlationId", "message.correlationId", "correlationId", true, MAX_ID);
        rules.add(Rule.writeCondition("expectedRevisionNotNegative", "expectedRevision",
                "expectedRevision must be at least 0", optional("message.expectedRevision", "message.expectedRevision >= 0")));
        payloadText(rules, "title", "title", MAX_SHORT_TEXT);
        payloadText(rules, "conference", "conference", MAX_SHORT_TEXT);
        payloadTexts(rules, "speakers", "speakers");
        payloadTexts(rules, "tags", "tags");
        payloadLinks(rules);
        payloadText(rules, "noteId", "noteId", MAX_ID);
        payloadText(rules, "noteText", "text", MAX_TEXT);
        payloadText(rules, "parentId", "parentId", MAX_ID);
        rules.add(payloadRule("parentIdNotSelf", "payload.parentId", "a note cannot be its own parent",
                "!has($p.parentId) || $p.parentId == null || $p.parentId != $p.noteId"));
        rules.add(payloadRule("positionNotNegative", "payload.position", "position must be at least 0",
                "!has($p.position) || $p.position >= 0"));
        rules.add(talkUpdateNotEmpty());
        rules.add(Rule.readCondition("eventIdPresent", "eventId", "a stored event has an eventId",
                "has(message.eventId) && message.eventId != null"));
        rules.add(Rule.readCondition("talkIdPresent", "talkId", "a stored event has a non-blank talkId",
                "message.talkId.matches(" + cel(NON_BLANK) + ")"));
        rules.add(Rule.readCondition("payloadPresent", "payload", "a stored event has a payload",
                "has(message.payload) && message.payload != null"));
        return new DataContract(Metadata.ofProperties(Map.of(DataContract.IDENTITY, "eventId",
                DataContract.ORDERING, "occurredAt", DataContract.MAX_FUTURE_MS, Long.toString(MAX_FUTURE_MS))),
                RuleSet.ofDomainRules(rules));
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
    private static void text(List<Rule> rules, String name, String path, String field, boolean required, int max) {
        rules.add(Rule.writeCondition(name + "Required", field, field + " is required and must not be blank",
                path + ".matches(" + cel(NON_BLANK) + ")"));
        rules.add(Rule.writeCondition(name + "MaxLength", field, field + " must be at most " + max + " characters",
                path + " == null || size(" + path + ") <= " + max));
        rules.add(Rule.writeCondition(name + "PlainText", field, field + " must not contain control characters "
                + "(other than tab and line breaks)", path + " == null || " + path + ".matches(" + cel(PLAIN) + ")"));
    }

    /** The same three rules for an optional-or-required string field of the payload branch. */
    private static void payloadText(List<Rule> rules, String name, String field, int max) {
        String f = "$p." + field;
        String path = "payload." + field;
        rules.add(payloadRule(name + "Required", path, path + " must not be blank",
                optional(f, f + ".matches(" + cel(NON_BLANK) + ")")));
        rules.add(payloadRule(name + "MaxLength", path, path + " must be at most " + max + " characters",
                optional(f, "size(" + f + ") <= " + max)));
        rules.add(payloadRule(name + "PlainText", path, path + " must not contain control characters "
                + "(other than tab and line breaks)", optional(f, f + ".matches(" + cel(PLAIN) + ")")));
    }

    /** Rules of a list of short strings of the payload branch (speakers, tags). */
    private static void payloadTexts(List<Rule> rules, String name, String field) {
        String f = "$p." + field;
        String path = "payload." + field;
        rules.add(payloadRule(name + "NotBlank", path, "every entry of " + path + " must not be blank",
                optional(f, f + ".all(s, s.matches(" + cel(NON_BLANK) + "))")));
        rules.add(payloadRule(name + "MaxLength", path, "every entry of " + path + " must be at most "
                + MAX_SHORT_TEXT + " characters", optional(f, f + ".all(s, size(s) <= " + MAX_SHORT_TEXT + ")")));
        rules.add(payloadRule(name + "PlainText", path, "entries of " + path + " must not contain control characters",
                optional(f, f + ".all(s, s.matches(" + cel(PLAIN) + "))")));
    }

    private static void payloadLinks(List<Rule> rules) {
        String links = "$p.links";
        rules.add(payloadRule("linkLabelRequired", "payload.links.label", "every link needs a non-blank label",
                optional(links, links + ".all(l, l.label.matches(" + cel(NON_BLANK) + "))")));
        rules.add(payloadRule("linkLabelMaxLength", "payload.links.label", "link labels must be at most "
                + MAX_SHORT_TEXT + " characters", optional(links, links + ".all(l, size(l.label) <= " + MAX_SHORT_TEXT + ")")));
        rules.add(payloadRule("linkLabelPlainText", "payload.links.label", "link labels must not contain control "
                + "characters", optional(links, links + ".all(l, l.label.matches(" + cel(PLAIN) + "))")));
        rules.add(payloadRule("linkUrlHttp", "payload.links.url", "every link url must be an absolute http(s) URL",
                optional(links, links + ".all(l, l.url.matches(" + cel(HTTP_URL) + "))")));
        rules.add(payloadRule("linkUrlMaxLength", "payload.links.url", "link urls must be at most " + MAX_TEXT
                + " characters", optional(links, links + ".all(l, size(l.url) <= " + MAX_TEXT + ")")));
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
