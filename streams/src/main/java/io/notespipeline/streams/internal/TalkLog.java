package io.notespipeline.streams.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

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

    /** One event of a talk's log: where it was read and whether the dedupe dropped it (its eventId was seen before). */
    public record Entry(NoteEvent event, int partition, long offset, boolean duplicate) {
    }

    /**
     * The view right after the event of sequence {@code seq}, with its version time (the largest
     * {@code occurredAt} applied so far), as the fold kept it.
     */
    public record Snapshot(TalkView view, long versionTime) {
    }

    /** Per-talk counters of the fold: the next sequence and the current version time. */
    public record Meta(long nextSeq, long versionTime) {
        public static final Meta EMPTY = new Meta(0, Long.MIN_VALUE);
    }

    /** The view valid at a time and the time it became valid. */
    public record Version(TalkView view, long validFrom) {
    }

    /** @return the key of entry {@code seq} of {@code talkId} */
    public static String key(String talkId, long seq) {
        return talkId + '\u0000' + String.format(Locale.ROOT, "%016x", seq);
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
        TalkView view = start == null ? null : start.view();
        long versionTime = start == null ? Long.MIN_VALUE : start.versionTime();
        long limit = time.toEpochMilli();
        for (Entry e : after) {
            if (e.duplicate()) {
                continue;
            }
            FoldResult result = TalkViewFolder.apply(view, e.event());
            if (result instanceof FoldResult.Applied applied) {
                long at = Math.max(versionTime, e.event().getOccurredAt().toEpochMilli());
                if (at > limit) {
                    break;
                }
                versionTime = at;
                view = applied.view();
            }
        }
        return view == null ? null : new Version(view, versionTime);
    }

    /** Serde of {@link Entry}: partition, offset, duplicate flag, then the event in the events topic's format. */
    public static Serde<Entry> entrySerde(Serde<NoteEvent> events, String eventsTopic) {
        Serializer<NoteEvent> ser = events.serializer();
        Deserializer<NoteEvent> de = events.deserializer();
        return Serdes.serdeFrom((topic, e) -> {
            if (e == null) {
                return null;
            }
            byte[] body = ser.serialize(eventsTopic, e.event());
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

    /** Serde of {@link Meta}: two longs. */
    public static Serde<Meta> metaSerde() {
        return Serdes.serdeFrom((topic, m) -> m == null ? null
                        : ByteBuffer.allocate(16).putLong(m.nextSeq()).putLong(m.versionTime()).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    return new Meta(b.getLong(), b.getLong());
                });
    }
}
