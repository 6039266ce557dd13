package io.notespipeline.streams.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.FoldResult;
import io.notespipeline.streams.TalkViewFolder;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The local history of each talk: every event read for it, in log order, under
 * {@code talkId NUL <16 hex digits of its sequence>}, with a snapshot of the view every few events, so
 * {@code asOf(T)} and {@code /history} are a snapshot plus a short fold over local data, never a read of the topic.
 * Keys sort by talk then sequence (fixed-width hex after a NUL), so a talk's entries are one prefix range.
 */
public final class TalkLog {

    private TalkLog() {
    }

    /**
     * One event of a talk's log: where it was read and whether the dedupe dropped it (its eventId was seen before).
     * {@code bytes}, when not null, are the event as read from the topic: the store keeps them as they are instead
     * of encoding the event again (an entry read back from the store has none).
     */
    public record Entry(NoteEvent event, int partition, long offset, boolean duplicate, byte[] bytes) {
        public Entry(NoteEvent event, int partition, long offset, boolean duplicate) {
            this(event, partition, offset, duplicate, null);
        }
    }

    /**
     * The view right after the event of sequence {@code seq}, with its version time (the largest
     * {@code occurredAt} applied so far), as the fold kept it.
     */
    public record Snapshot(TalkView view, long versionTime) {
    }

    /**
     * Folds events of one talk in order, keeping its notes in one working tree across events (the pure
     * {@link TalkViewFolder#apply(TalkView, NoteEvent)} copies the tree per event): a snapshot plus N events cost
     * the snapshot's size plus the events' sizes, not N times the talk.
     */
    public static final class Folding {
        private final io.notespipeline.schemas.NoteTree tree;
        private final TalkViewFolder.Notes notes;
        private TalkView header;

        /** @param start the view to fold from, or null before the talk's first event */
        public Folding(TalkView start) {
            this.header = start == null ? null : TalkNotes.withNotes(start, new java.util.ArrayList<>());
            this.tree = new io.notespipeline.schemas.NoteTree(start == null ? java.util.List.of() : start.getNotes());
            this.notes = TalkViewFolder.TreeNotes.working(tree);
        }

        /** @return what the fold made of {@code event}; its view is the header only (use {@link #view}) */
        public FoldResult apply(NoteEvent event) {
            FoldResult result = TalkViewFolder.apply(header, event, notes);
            if (result instanceof FoldResult.Applied applied) {
                header = applied.view();
            }
            return result;
        }

        /** @return whether {@code event} would apply now (nothing changes) */
        public boolean wouldApply(NoteEvent event) {
            TalkViewFolder.Notes readOnly = new TalkViewFolder.Notes() {
                @Override
                public boolean contains(String noteId) {
                    return notes.contains(noteId);
                }

                @Override
                public boolean canHoldChildren(String parentId) {
                    return notes.canHoldChildren(parentId);
                }

                @Override
                public boolean inSubtree(String noteId, String candidate) {
                    return notes.inSubtree(noteId, candidate);
                }

                @Override
                public void add(String noteId, String text, String parentId, int position) {
                }

                @Override
                public void edit(String noteId, String text) {
                }

                @Override
                public void move(String noteId, String parentId, int position) {
                }

                @Override
                public void delete(String noteId) {
                }
            };
            return TalkViewFolder.apply(header, event, readOnly) instanceof FoldResult.Applied;
        }

        /** @return the header as it stands (null before creation): revision, times, ... but no notes */
        public TalkView header() {
            return header;
        }

        /** @return the whole view as it stands (a copy: later events do not change it), null before creation */
        public TalkView view() {
            return header == null ? null : TalkNotes.withNotes(header,
                    new io.notespipeline.schemas.NoteTree(tree.roots()).roots());
        }
    }

    /** The view valid at a time and the time it became valid. */
    public record Version(TalkView view, long validFrom) {
    }

    /** @return the key of entry {@code seq} of {@code talkId} */
    public static String key(String talkId, long seq) {
        String hex = Long.toHexString(seq);
        return talkId + '\u0000' + "0000000000000000".substring(hex.length()) + hex;
    }

    /** @return the smallest key of {@code talkId} (inclusive) */
    public static String first(String talkId) {
        return key(talkId, 0);
    }

    /** @return the largest key of {@code talkId} (inclusive) */
    public static String last(String talkId) {
        return talkId + '\u0000' + "ffffffffffffffff";
    }

    /** @return the sequence of an entry's key */
    public static long seq(String key) {
        return Long.parseUnsignedLong(key.substring(key.length() - 16), 16);
    }

    /**
     * The view valid at {@code time}, folding from {@code start} (the latest snapshot whose version time is at most
     * {@code time}, or null to fold from the talk's first event) over the entries that follow it, exactly as
     * {@link TalkViewFolder#foldUntil} does over the whole log: duplicates skipped, and folding stops at the first
     * applied event whose version time would pass {@code time}.
     *
     * @return the version, or null when the talk did not exist at {@code time}
     */
    public static Version asOf(Snapshot start, Iterable<Entry> after, Instant time) {
        long versionTime = start == null ? Long.MIN_VALUE : start.versionTime();
        long limit = time.toEpochMilli();
        Folding fold = new Folding(start == null ? null : start.view());
        for (Entry e : after) {
            if (e.duplicate()) {
                continue;
            }
            long at = Math.max(versionTime, e.event().getOccurredAt().toEpochMilli());
            if (at > limit) {
                if (fold.wouldApply(e.event())) {
                    break; // the first applied event whose version time passes the limit ends the fold
                }
                continue; // a reject changes nothing
            }
            if (fold.apply(e.event()) instanceof FoldResult.Applied) {
                versionTime = at;
            }
        }
        TalkView view = fold.view();
        return view == null ? null : new Version(view, versionTime);
    }

    /** Serde of {@link Entry}: partition, offset, duplicate flag, then the event in the events topic's format (its bytes as read when the entry has them). */
    public static Serde<Entry> entrySerde(Serde<NoteEvent> events, String eventsTopic) {
        Serializer<NoteEvent> ser = events.serializer();
        Deserializer<NoteEvent> de = events.deserializer();
        return Serdes.serdeFrom((topic, e) -> {
            if (e == null) {
                return null;
            }
            byte[] body = e.bytes() != null ? e.bytes() : ser.serialize(eventsTopic, e.event());
            return ByteBuffer.allocate(13 + body.length).putInt(e.partition()).putLong(e.offset())
                    .put((byte) (e.duplicate() ? 1 : 0)).put(body).array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int partition = b.getInt();
            long offset = b.getLong();
            boolean dup = b.get() == 1;
            return new Entry(de.deserialize(eventsTopic, Arrays.copyOfRange(bytes, 13, bytes.length)), partition,
                    offset, dup);
        });
    }

    /** Serde of {@link Snapshot}: version time, then the view in the views topic's format. */
    public static Serde<Snapshot> snapshotSerde(Serde<TalkView> views, String viewsTopic) {
        Serializer<TalkView> ser = views.serializer();
        Deserializer<TalkView> de = views.deserializer();
        return Serdes.serdeFrom((topic, s) -> {
            if (s == null) {
                return null;
            }
            byte[] body = ser.serialize(viewsTopic, s.view());
            return ByteBuffer.allocate(8 + body.length).putLong(s.versionTime()).put(body).array();
        }, (topic, bytes) -> bytes == null ? null : new Snapshot(
                de.deserialize(viewsTopic, Arrays.copyOfRange(bytes, 8, bytes.length)), ByteBuffer.wrap(bytes).getLong()));
    }
}
