package io.notespipeline.streams.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.notespipeline.schemas.avro.Contributor;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The answer of {@code GET /v1/talks/{id}} read straight from the stores and written as JSON without building the
 * view: one get of the talk's header, one prefix scan of its notes (kept as their texts and child lists), then a
 * {@link JsonGenerator} walks them into the response. Every read happens before the first byte is written, so a
 * store that cannot be read never leaves half an answer. The JSON is the same, field for field, as
 * {@link Json#view} inside the answer of {@link TalkQueries#talk}.
 */
public final class TalkLookup {

    private static final JsonFactory FACTORY = io.notespipeline.schemas.http.Json.mapper().getFactory();
    private static final StringSerializer PREFIX = new StringSerializer();

    /** The rows of one talk, read before anything is written. */
    public static final class Found {
        private final TalkView head;
        private final Map<String, String> texts = new HashMap<>();
        private final Map<String, List<String>> children = new HashMap<>();
        private List<String> roots = List.of();

        private Found(TalkView head) {
            this.head = head;
        }
    }

    /** The most bytes of serialised answers kept ({@link AnswerCache}). */
    static final long ANSWER_BUDGET = 16L << 20;

    private final KafkaStreams streams;
    private final PositionWatch watch;
    private final AnswerCache answers = new AnswerCache(ANSWER_BUDGET);
    /** The stores' query handles by name, partition and staleness; each read still finds the store's copy anew. */
    private final Map<String, ReadOnlyKeyValueStore<?, ?>> handles = new ConcurrentHashMap<>();

    /** Without a watch: no answer is kept ({@link #answer}). */
    public TalkLookup(KafkaStreams streams) {
        this(streams, null);
    }

    /**
     * @param watch the positions this JVM's fold processed: an answer is kept only when read at one of them (never at
     *              a position restored, or written by a fold elsewhere, whose stores may not be those of a fold at
     *              that position); null keeps none
     */
    public TalkLookup(KafkaStreams streams, PositionWatch watch) {
        this.streams = streams;
        this.watch = watch;
    }

    /**
     * The answer of {@code GET /v1/talks/{id}} from the active copy of {@code partition} at {@code position} (read
     * with {@link #position} just before): the bytes kept for that position when there are, else read and written
     * now ({@link #read}, {@link #write}) and kept when the position is the same after the read and is one the fold
     * of this JVM processed. A view changes only when its partition processes a record, so the answer of a position
     * is the same bytes whenever it is read; one read while the next record is being applied (the position not
     * stored yet) may hold part of it, as a read without the cache may, and is replaced when the position moves.
     *
     * @return the bytes, or null when this copy has no such talk
     */
    public byte[] answer(String talkId, int partition, long position, Origin origin) throws LocalStores.Unavailable {
        byte[] kept = kept(talkId, partition, position);
        if (kept != null) {
            return kept;
        }
        Found found = read(talkId, partition, false);
        if (found == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            write(found, origin, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = out.toByteArray();
        if (position >= 0 && watch != null && watch.processed(partition) == position
                && position(partition, false) == position) {
            answers.put(talkId, partition, position, body);
        }
        return body;
    }

    /** @return the answer of {@code talkId} kept for {@code position} of the active copy of {@code partition}, or null */
    public byte[] kept(String talkId, int partition, long position) {
        return position < 0 ? null : answers.get(talkId, partition, position);
    }

    /** @return the bytes of the answers kept */
    long answerBytes() {
        return answers.bytes();
    }

    /**
     * @return the last processed offset of the active copy of {@code partition}: the offset this JVM's fold last
     *         processed when it has processed one since its task started (no store lookup: Kafka Streams finds a
     *         store's copy anew at every interactive query, a third of a cached answer's cost), else the stored one
     */
    public long activePosition(int partition) throws LocalStores.Unavailable {
        long processed = watch == null ? -1L : watch.processed(partition);
        return processed >= 0 ? processed : position(partition, false);
    }

    /** @return the last processed offset of {@code partition} in this copy, -1 when none */
    public long position(int partition, boolean stale) throws LocalStores.Unavailable {
        try {
            Long offset = store(TalkViewTopology.POSITIONS_STORE, partition, stale, Integer.class, Long.class)
                    .get(partition);
            return offset == null ? -1L : offset;
        } catch (InvalidStateStoreException e) {
            throw new LocalStores.Unavailable("position of partition " + partition + " not queryable here: "
                    + e.getMessage(), e);
        }
    }

    /** @return the talk's header and note rows, or null when this copy has no such talk */
    public Found read(String talkId, int partition, boolean stale) throws LocalStores.Unavailable {
        try {
            TalkHead entry = store(TalkViewTopology.HEADS_STORE, partition, stale, String.class, TalkHead.class)
                    .get(talkId);
            TalkView head = entry == null ? null : entry.view(); // no view before the talk's creation
            if (head == null) {
                return null;
            }
            Found found = new Found(head);
            int skip = talkId.length() + 2;
            ReadOnlyKeyValueStore<String, TalkNotes.Row> notes =
                    store(TalkViewTopology.NOTES_STORE, partition, stale, String.class, TalkNotes.Row.class);
            try (KeyValueIterator<String, TalkNotes.Row> rows = notes.prefixScan(TalkNotes.prefix(talkId), PREFIX)) {
                while (rows.hasNext()) {
                    KeyValue<String, TalkNotes.Row> kv = rows.next();
                    char kind = kv.key.charAt(skip - 1);
                    if (kind == 'n' && kv.value instanceof TalkNotes.Note n) {
                        found.texts.put(kv.key.substring(skip), n.text());
                    } else if (kind == 'c' && kv.value instanceof TalkNotes.Children c) {
                        found.children.put(kv.key.substring(skip), c.ids());
                    } else if (kind == 'r' && kv.value instanceof TalkNotes.Children c) {
                        found.roots = c.ids();
                    }
                }
            }
            return found;
        } catch (InvalidStateStoreException e) {
            throw new LocalStores.Unavailable("views of partition " + partition + " not queryable here: "
                    + e.getMessage(), e);
        }
    }

    /** Where an answer was read: the {@code stale}, {@code source}, {@code position} and {@code served_by} fields. */
    public record Origin(boolean stale, String source, String position, String servedBy) {
    }

    /** Writes the answer {@code {"talk": view, "stale", "source", "position", "served_by"}} to {@code out}. */
    public static void write(Found found, Origin origin, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("talk");
            writeView(g, found.head, found);
            writeOrigin(g, origin);
            g.writeEndObject();
        }
    }

    /** @return the answer of {@link #write} as a string */
    public static String json(Found found, Origin origin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            write(found, origin, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return the answer of a version from the history: a full view (its notes a tree) and {@code valid_from} */
    public static String json(TalkView view, Origin origin, String validFrom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("talk");
            writeView(g, view, null);
            writeOrigin(g, origin);
            g.writeStringField("valid_from", validFrom);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeOrigin(JsonGenerator g, Origin origin) throws IOException {
        g.writeBooleanField("stale", origin.stale());
        g.writeStringField("source", origin.source());
        g.writeStringField("position", origin.position());
        g.writeStringField("served_by", origin.servedBy());
    }

    /** The fields of {@link Json#view} in its order; the notes from {@code rows}, or from the view when null. */
    private static void writeView(JsonGenerator g, TalkView v, Found rows) throws IOException {
        g.writeStartObject();
        g.writeStringField("talk_id", v.getTalkId());
        g.writeStringField("title", v.getTitle());
        g.writeStringField("conference", v.getConference());
        strings(g, "speakers", v.getSpeakers());
        strings(g, "tags", v.getTags());
        g.writeNumberField("revision", v.getRevision());
        g.writeStringField("updated_at", v.getUpdatedAt().toString());
        g.writeBooleanField("deleted", v.getDeleted());
        g.writeArrayFieldStart("links");
        for (Link l : v.getLinks()) {
            g.writeStartObject();
            g.writeStringField("label", l.getLabel());
            g.writeStringField("url", l.getUrl());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("notes");
        if (rows == null) {
            writeTree(g, v.getNotes());
        } else {
            writeRows(g, rows.roots, rows);
        }
        g.writeArrayFieldStart("contributors");
        for (Contributor c : v.getContributors()) {
            g.writeStartObject();
            g.writeStringField("author", c.getAuthor());
            g.writeNumberField("edits", c.getEdits());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("created_at", v.getCreatedAt().toString());
        g.writeStringField("last_event_id", v.getLastEventId().toString());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeRows(JsonGenerator g, List<String> ids, Found rows) throws IOException {
        g.writeStartArray();
        for (String id : ids) {
            g.writeStartObject();
            g.writeStringField("note_id", id);
            g.writeStringField("text", rows.texts.get(id));
            g.writeFieldName("children");
            writeRows(g, rows.children.getOrDefault(id, List.of()), rows);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeTree(JsonGenerator g, List<NoteNode> nodes) throws IOException {
        g.writeStartArray();
        for (NoteNode n : nodes) {
            g.writeStartObject();
            g.writeStringField("note_id", n.getNoteId());
            g.writeStringField("text", n.getText());
            g.writeFieldName("children");
            writeTree(g, n.getChildren());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * @return the query handle of store {@code name} for {@code partition}, made once: Kafka Streams' handle finds
     *         the partition's copy at every read (and throws {@link InvalidStateStoreException} when it cannot be
     *         read there now), so it stays right across rebalances; while the instance is not running or
     *         rebalancing, {@link KafkaStreams#store}'s exception
     */
    @SuppressWarnings("unchecked")
    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition, boolean stale, Class<K> keyType,
                                                     Class<V> valueType) {
        String key = name + (stale ? "/s/" : "/a/") + partition;
        ReadOnlyKeyValueStore<?, ?> handle = handles.get(key);
        if (handle == null || !streams.state().isRunningOrRebalancing()) {
            StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> params = StoreQueryParameters
                    .fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition);
            handle = streams.store(stale ? params.enableStaleStores() : params); // throws as ever when not running
            handles.putIfAbsent(key, handle);
        }
        return (ReadOnlyKeyValueStore<K, V>) handle;
    }
}
