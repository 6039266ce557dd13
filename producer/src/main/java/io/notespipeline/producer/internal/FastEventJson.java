package io.notespipeline.producer.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.notespipeline.producer.NoteCommand;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteMoved;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkDeleted;
import io.notespipeline.schemas.avro.TalkUpdated;

import org.apache.avro.specific.SpecificRecord;

/**
 * The request body read straight from its bytes with Jackson's streaming parser, without a tree: the REST API's
 * fast path (JSON trees were the top cost of bench row 2). It only reads bodies {@link EventJson} reads without a
 * single violation, and gives the very same commands then (a jqwik property compares both on generated bodies);
 * on anything else (an unknown or duplicate field, a wrong type, a missing author, malformed JSON...) it answers
 * null and the tree path reads the body again, naming every problem. Stateless.
 */
public final class FastEventJson {

    /** The commands of a body and whether it was a batch ({@code {"events": [...]}}). */
    public record Body(List<NoteCommand> commands, boolean batch) {
    }

    /** Thrown to leave the fast path; never escapes {@link #read}. */
    private static final class NotFast extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotFast INSTANCE = new NotFast();

        private NotFast() {
            super(null, null, false, false);
        }
    }

    // envelope fields, as bits
    private static final int TYPE = 1;
    private static final int EVENT_ID = 2;
    private static final int TALK_ID = 4;
    private static final int OCCURRED_AT = 8;
    private static final int AUTHOR = 16;
    private static final int CORRELATION_ID = 32;
    private static final int EXPECTED_REVISION = 64;
    private static final int PAYLOAD = 128;

    // payload fields, as bits
    private static final int TITLE = 1;
    private static final int CONFERENCE = 2;
    private static final int SPEAKERS = 4;
    private static final int LINKS = 8;
    private static final int TAGS = 16;
    private static final int NOTE_ID = 32;
    private static final int PARENT_ID = 64;
    private static final int POSITION = 128;
    private static final int TEXT = 256;
    private static final int REASON = 512;
    private static final int TALK_FIELDS = TITLE | CONFERENCE | SPEAKERS | LINKS | TAGS;

    private FastEventJson() {
    }

    /**
     * @param factory    the API's JSON factory (its limits and strictness apply)
     * @param body       the request body
     * @param pathTalkId the talk in the path, for events naming none
     * @return the commands when the body is a valid event or batch of the usual shape; null to read it as a tree
     */
    public static Body read(JsonFactory factory, byte[] body, String pathTalkId) {
        try (JsonParser p = factory.createParser(body)) {
            // every object read here finds its own duplicate keys (the seen bits) and leaves them to the tree path:
            // Jackson's detector (a set of names per object) was half of this parse in a JFR profile of bench row 2
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            expect(p.nextToken(), JsonToken.START_OBJECT);
            JsonToken first = p.nextToken();
            Body result;
            if (first == JsonToken.FIELD_NAME && "events".equals(p.currentName())) {
                expect(p.nextToken(), JsonToken.START_ARRAY);
                List<NoteCommand> commands = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    commands.add(event(p, p.nextToken(), pathTalkId));
                }
                expect(t, JsonToken.END_ARRAY);
                expect(p.nextToken(), JsonToken.END_OBJECT);
                if (commands.isEmpty()) {
                    return null;
                }
                result = new Body(commands, true);
            } else {
                result = new Body(List.of(event(p, first, pathTalkId)), false);
            }
            return p.nextToken() == null ? result : null; // trailing tokens: the tree path refuses them
        } catch (NotFast | IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads an event whose START_OBJECT was read; {@code t} is its first token after it. */
    private static NoteCommand event(JsonParser p, JsonToken t, String pathTalkId) throws IOException, NotFast {
        int seen = 0;
        String type = null;
        UUID eventId = null;
        String talkId = pathTalkId;
        Instant occurredAt = null;
        String author = null;
        String correlationId = null;
        Long expectedRevision = null;
        Payload payload = null;
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            int bit = envelopeBit(name);
            if ((seen & bit) != 0) {
                throw NotFast.INSTANCE;
            }
            seen |= bit;
            JsonToken v = p.nextToken();
            switch (bit) {
                case TYPE -> type = requiredString(v, p);
                case EVENT_ID -> eventId = uuid(string(v, p));
                case TALK_ID -> talkId = string(v, p);
                case OCCURRED_AT -> occurredAt = instant(v, p);
                case AUTHOR -> author = requiredString(v, p);
                case CORRELATION_ID -> correlationId = string(v, p);
                case EXPECTED_REVISION -> expectedRevision = longValue(v, p);
                default -> payload = payload(v, p);
            }
        }
        expect(t, JsonToken.END_OBJECT);
        if (type == null || author == null || payload == null) {
            throw NotFast.INSTANCE;
        }
        return new NoteCommand(talkId, payload.record(type), eventId, occurredAt, author, correlationId, expectedRevision);
    }

    private static int envelopeBit(String name) throws NotFast {
        return switch (name) {
            case "type" -> TYPE;
            case "eventId" -> EVENT_ID;
            case "talkId" -> TALK_ID;
            case "occurredAt" -> OCCURRED_AT;
            case "author" -> AUTHOR;
            case "correlationId" -> CORRELATION_ID;
            case "expectedRevision" -> EXPECTED_REVISION;
            case "payload" -> PAYLOAD;
            default -> throw NotFast.INSTANCE;
        };
    }

    /** The payload's fields, read before the type may be known (it can come after the payload). */
    private static final class Payload {
        int seen;
        String title;
        String conference;
        List<String> speakers;
        List<Link> links;
        List<String> tags;
        String noteId;
        String parentId;
        int position = EventJson.APPEND;
        String text;
        String reason;

        SpecificRecord record(String type) throws NotFast {
            int allowed = switch (type) {
                case "TalkCreated", "TalkUpdated" -> TALK_FIELDS;
                case "NoteAdded" -> NOTE_ID | PARENT_ID | POSITION | TEXT;
                case "NoteEdited" -> NOTE_ID | TEXT;
                case "NoteMoved" -> NOTE_ID | PARENT_ID | POSITION;
                case "NoteDeleted" -> NOTE_ID;
                case "TalkDeleted" -> REASON;
                default -> throw NotFast.INSTANCE;
            };
            if ((seen & ~allowed) != 0) {
                throw NotFast.INSTANCE;
            }
            return switch (type) {
                case "TalkCreated" -> new TalkCreated(title, conference, orEmpty(speakers), orEmpty(links), orEmpty(tags));
                case "TalkUpdated" -> new TalkUpdated(title, conference, speakers, links, tags);
                case "NoteAdded" -> new NoteAdded(noteId, parentId, position, text);
                case "NoteEdited" -> new NoteEdited(noteId, text);
                case "NoteMoved" -> new NoteMoved(noteId, parentId, position);
                case "NoteDeleted" -> new NoteDeleted(noteId);
                default -> new TalkDeleted(reason);
            };
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Payload payload(JsonToken v, JsonParser p) throws IOException, NotFast {
        expect(v, JsonToken.START_OBJECT);
        Payload out = new Payload();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int bit = switch (name) {
                case "title" -> TITLE;
                case "conference" -> CONFERENCE;
                case "speakers" -> SPEAKERS;
                case "links" -> LINKS;
                case "tags" -> TAGS;
                case "noteId" -> NOTE_ID;
                case "parentId" -> PARENT_ID;
                case "position" -> POSITION;
                case "text" -> TEXT;
                case "reason" -> REASON;
                default -> throw NotFast.INSTANCE;
            };
            if ((out.seen & bit) != 0) {
                throw NotFast.INSTANCE;
            }
            out.seen |= bit;
            JsonToken value = p.nextToken();
            switch (bit) {
                case TITLE -> out.title = string(value, p);
                case CONFERENCE -> out.conference = string(value, p);
                case SPEAKERS -> out.speakers = strings(value, p);
                case LINKS -> out.links = links(value, p);
                case TAGS -> out.tags = strings(value, p);
                case NOTE_ID -> out.noteId = string(value, p);
                case PARENT_ID -> out.parentId = string(value, p);
                case POSITION -> out.position = position(value, p);
                case TEXT -> out.text = string(value, p);
                default -> out.reason = string(value, p);
            }
        }
        expect(t, JsonToken.END_OBJECT);
        return out;
    }

    private static List<String> strings(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(v, JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        expect(t, JsonToken.END_ARRAY);
        return out;
    }

    private static List<Link> links(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(v, JsonToken.START_ARRAY);
        List<Link> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String label = null;
            String url = null;
            int seen = 0;
            JsonToken f;
            while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                int bit = switch (p.currentName()) {
                    case "label" -> 1;
                    case "url" -> 2;
                    default -> throw NotFast.INSTANCE;
                };
                if ((seen & bit) != 0) {
                    throw NotFast.INSTANCE;
                }
                seen |= bit;
                String value = string(p.nextToken(), p);
                if (bit == 1) {
                    label = value;
                } else {
                    url = value;
                }
            }
            expect(f, JsonToken.END_OBJECT);
            out.add(new Link(label, url));
        }
        expect(t, JsonToken.END_ARRAY);
        return out;
    }

    /** A string or null; any other value leaves the fast path. */
    private static String string(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(v, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static String requiredString(JsonToken v, JsonParser p) throws IOException, NotFast {
        expect(v, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static int position(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return EventJson.APPEND;
        }
        expect(v, JsonToken.VALUE_NUMBER_INT);
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw NotFast.INSTANCE;
        }
        return p.getIntValue();
    }

    private static Long longValue(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(v, JsonToken.VALUE_NUMBER_INT);
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw NotFast.INSTANCE;
        }
        return p.getLongValue();
    }

    private static Instant instant(JsonToken v, JsonParser p) throws IOException, NotFast {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            try {
                return IsoTime.parse("occurredAt", p.getText());
            } catch (IsoTime.InvalidTimeException e) {
                throw NotFast.INSTANCE;
            }
        }
        return Instant.ofEpochMilli(longValue(v, p));
    }

    private static UUID uuid(String text) throws NotFast {
        if (text == null) {
            return null;
        }
        UUID id = UUID.fromString(text); // IllegalArgumentException: the tree path names it
        if (!id.toString().equalsIgnoreCase(text)) {
            throw NotFast.INSTANCE;
        }
        return id;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws NotFast {
        if (actual != expected) {
            throw NotFast.INSTANCE;
        }
    }
}
