package io.notespipeline.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewFolder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The notes of every talk, normalised: one store entry per note and one per parent's ordered list of children, so
 * that an event costs what it touches (an edit rewrites one note; an add or a move one or two sibling lists; a
 * delete its subtree), never the whole talk. Keys, all under the talk's prefix {@code talkId NUL} (one prefix
 * scan reads a talk):
 * <ul>
 *   <li>{@code talkId NUL 'n' noteId} → {@link Note} (parent id, text);</li>
 *   <li>{@code talkId NUL 'c' noteId} → {@link Children} of that note, in order (absent: none);</li>
 *   <li>{@code talkId NUL 'r'} → {@link Children} of the talk: its top-level notes in order.</li>
 * </ul>
 * The talk's header (the {@link TalkView} without notes) lives in its own store; {@link #view} puts both together.
 */
public final class TalkNotes {

    private static final char SEP = '\u0000';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private TalkNotes() {
    }

    /** An entry of the notes store. */
    public sealed interface Row permits Note, Children {
    }

    /** A note: its parent (null at the top level) and its current text. */
    public record Note(String parentId, String text) implements Row {
    }

    /** The ordered children of a note (or of the talk, for its top level). */
    public record Children(List<String> ids) implements Row {
    }

    /** @return the prefix of every entry of {@code talkId} */
    public static String prefix(String talkId) {
        return talkId + SEP;
    }

    static String noteKey(String talkId, String noteId) {
        return talkId + SEP + 'n' + noteId;
    }

    static String childrenKey(String talkId, String parentId) {
        return parentId == null ? talkId + SEP + 'r' : talkId + SEP + 'c' + parentId;
    }

    /** @return the view of a talk: its header with the notes read from {@code store} (one prefix scan) */
    public static TalkView view(TalkView header, ReadOnlyKeyValueStore<String, Row> store) {
        if (header == null) {
            return null;
        }
        try (KeyValueIterator<String, Row> rows = store.prefixScan(prefix(header.getTalkId()), PREFIX_SERIALIZER)) {
            return withNotes(header, assemble(header.getTalkId(), rows));
        }
    }

    /** @return {@code header} with {@code notes} (a new object; the header is not changed) */
    public static TalkView withNotes(TalkView header, List<NoteNode> notes) {
        return TalkView.newBuilder()
                .setTalkId(header.getTalkId())
                .setTitle(header.getTitle())
                .setConference(header.getConference())
                .setSpeakers(header.getSpeakers())
                .setLinks(header.getLinks())
                .setTags(header.getTags())
                .setNotes(notes)
                .setRevision(header.getRevision())
                .setCreatedAt(header.getCreatedAt())
                .setUpdatedAt(header.getUpdatedAt())
                .setContributors(header.getContributors())
                .setLastEventId(header.getLastEventId())
                .setDeleted(header.getDeleted())
                .build();
    }

    /** @return the ordered tree of the talk's notes from its rows (any order) */
    static List<NoteNode> assemble(String talkId, KeyValueIterator<String, Row> rows) {
        int skip = talkId.length() + 2;
        Map<String, String> texts = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = List.of();
        while (rows.hasNext()) {
            KeyValue<String, Row> kv = rows.next();
            char kind = kv.key.charAt(talkId.length() + 1);
            if (kv.value instanceof Note n && kind == 'n') {
                texts.put(kv.key.substring(skip), n.text());
            } else if (kv.value instanceof Children c && kind == 'c') {
                children.put(kv.key.substring(skip), c.ids());
            } else if (kv.value instanceof Children c && kind == 'r') {
                roots = c.ids();
            }
        }
        return nodes(roots, texts, children);
    }

    private static List<NoteNode> nodes(List<String> ids, Map<String, String> texts, Map<String, List<String>> children) {
        List<NoteNode> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(new NoteNode(id, texts.get(id), nodes(children.getOrDefault(id, List.of()), texts, children)));
        }
        return out;
    }

    /**
     * The notes of one talk in the store, as the fold reads and changes them (see {@link TalkViewFolder.Notes}).
     * Counts the notes added and removed ({@link #delta}).
     */
    public static final class Stored implements TalkViewFolder.Notes {
        private final KeyValueStore<String, Row> store;
        private final String talkId;
        /** Notes read or written by this event (null: known absent), so a check and the change read a note once. */
        private final Map<String, Note> seen = new HashMap<>(4);
        private long delta;

        /** Rows kept decoded across events by key (null: none), kept equal to the store by every write of this class. */
        private final Map<String, Row> rows;

        public Stored(KeyValueStore<String, Row> store, String talkId) {
            this(store, talkId, null);
        }

        /**
         * @param rows decoded rows of the store kept across events (an LRU of the fold, the store's only writer):
         *             a row found there is not read from the store; every put and delete here updates it
         */
        public Stored(KeyValueStore<String, Row> store, String talkId, Map<String, Row> rows) {
            this.store = store;
            this.talkId = talkId;
            this.rows = rows;
        }

        private Row get(String key) {
            if (rows == null) {
                return store.get(key);
            }
            Row row = rows.get(key);
            if (row == null) {
                row = store.get(key);
                if (row != null) {
                    rows.put(key, row);
                }
            }
            return row;
        }

        private void put(String key, Row row) {
            store.put(key, row);
            if (rows != null) {
                rows.put(key, row);
            }
        }

        private void remove(String key) {
            store.delete(key);
            if (rows != null) {
                rows.remove(key);
            }
        }

        /** @return notes added minus notes deleted so far */
        public long delta() {
            return delta;
        }

        private Note note(String noteId) {
            Note n = seen.get(noteId);
            if (n == null && !seen.containsKey(noteId)) {
                n = (Note) get(noteKey(talkId, noteId));
                seen.put(noteId, n);
            }
            return n;
        }

        private void putNote(String noteId, Note n) {
            put(noteKey(talkId, noteId), n);
            seen.put(noteId, n);
        }

        private List<String> children(String parentId) {
            Row row = get(childrenKey(talkId, parentId));
            return row == null ? new ArrayList<>() : new ArrayList<>(((Children) row).ids());
        }

        private void putChildren(String parentId, List<String> ids) {
            String key = childrenKey(talkId, parentId);
            if (ids.isEmpty()) {
                remove(key);
            } else {
                put(key, new Children(ids));
            }
        }

        @Override
        public boolean contains(String noteId) {
            return note(noteId) != null;
        }

        @Override
        public boolean canHoldChildren(String parentId) {
            return parentId == null || contains(parentId);
        }

        @Override
        public boolean inSubtree(String noteId, String candidate) {
            for (String at = candidate; at != null; ) {
                if (at.equals(noteId)) {
                    return true;
                }
                Note n = note(at);
                at = n == null ? null : n.parentId();
            }
            return false;
        }

        @Override
        public void add(String noteId, String text, String parentId, int position) {
            List<String> siblings = children(parentId);
            siblings.add(Math.min(position, siblings.size()), noteId);
            putChildren(parentId, siblings);
            putNote(noteId, new Note(parentId, text));
            delta++;
        }

        @Override
        public void edit(String noteId, String text) {
            putNote(noteId, new Note(note(noteId).parentId(), text));
        }

        @Override
        public void move(String noteId, String parentId, int position) {
            String from = note(noteId).parentId();
            List<String> old = children(from);
            old.remove(noteId);
            if (java.util.Objects.equals(from, parentId)) {
                old.add(Math.min(position, old.size()), noteId);
                putChildren(from, old);
            } else {
                putChildren(from, old);
                List<String> target = children(parentId);
                target.add(Math.min(position, target.size()), noteId);
                putChildren(parentId, target);
            }
            putNote(noteId, new Note(parentId, note(noteId).text()));
        }

        @Override
        public void delete(String noteId) {
            String parentId = note(noteId).parentId();
            List<String> siblings = children(parentId);
            siblings.remove(noteId);
            putChildren(parentId, siblings);
            forget(noteId);
        }

        private void forget(String noteId) {
            for (String child : children(noteId)) {
                forget(child);
            }
            remove(childrenKey(talkId, noteId));
            remove(noteKey(talkId, noteId));
            seen.put(noteId, null);
            delta--;
        }
    }

    /**
     * Serde of {@link Row}: a kind byte, then for a note a parent flag, the parent id and the text; for children
     * their count and ids (each UTF-8, length first).
     */
    public static Serde<Row> serde() {
        return Serdes.serdeFrom((topic, row) -> row == null ? null : encode(row), (topic, bytes) -> bytes == null ? null
                : decode(bytes));
    }

    private static byte[] encode(Row row) {
        if (row instanceof Note n) {
            byte[] parent = n.parentId() == null ? new byte[0] : n.parentId().getBytes(StandardCharsets.UTF_8);
            byte[] text = n.text().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(2 + 8 + parent.length + text.length).put((byte) 'n')
                    .put((byte) (n.parentId() == null ? 0 : 1)).putInt(parent.length).put(parent)
                    .putInt(text.length).put(text).array();
        }
        List<String> ids = ((Children) row).ids();
        byte[][] encoded = new byte[ids.size()][];
        int size = 1 + 4;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = ids.get(i).getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put((byte) 'c').putInt(encoded.length);
        for (byte[] id : encoded) {
            b.putInt(id.length).put(id);
        }
        return b.array();
    }

    private static Row decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte kind = b.get();
        if (kind == 'n') {
            boolean hasParent = b.get() == 1;
            String parent = string(b);
            return new Note(hasParent ? parent : null, string(b));
        }
        int n = b.getInt();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(string(b));
        }
        return new Children(ids);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
