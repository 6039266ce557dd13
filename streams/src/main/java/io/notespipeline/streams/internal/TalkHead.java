package io.notespipeline.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.notespipeline.schemas.avro.Contributor;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.TalkView;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one entry the fold reads and writes per talk and event: the talk's header (its {@link TalkView} without notes,
 * null while no event of it applied) and the fold's counters of the talk. One record instead of a header and a
 * meta entry, in a small binary form of its own instead of Avro, because it is written once per event (cached:
 * RocksDB and the changelog see it once per commit).
 *
 * @param view           the header (notes empty), or null before the talk's creation
 * @param nextSeq        the sequence the talk's next event takes in its local log ({@link TalkLog})
 * @param versionTime    the largest {@code occurredAt} applied so far ({@link Long#MIN_VALUE} before any)
 * @param notes          the number of notes of the talk
 * @param snapshotSeq    {@code nextSeq} when the last snapshot was taken
 * @param activityWindow start of the activity window last counted, {@link Long#MIN_VALUE} before any
 * @param activityCount  applied events counted in that window (what the activity store holds for it)
 */
public record TalkHead(TalkView view, long nextSeq, long versionTime, long notes, long snapshotSeq,
                       long activityWindow, long activityCount) {

    /** A talk of which no event was read. */
    public static final TalkHead EMPTY = new TalkHead(null, 0, Long.MIN_VALUE, 0, 0, Long.MIN_VALUE, 0);

    private static final byte FORMAT = 1;

    /** @return whether the talk takes a snapshot after the entry of sequence {@code nextSeq - 1} */
    public boolean snapshotDue(long nextSeq, int every) {
        return nextSeq - snapshotSeq >= Math.max(every, notes);
    }

    /** @return the serde of the heads store: a format byte, the counters, then the header field by field */
    public static Serde<TalkHead> serde() {
        return Serdes.serdeFrom((topic, head) -> head == null ? null : encode(head),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    static byte[] encode(TalkHead h) {
        Writer w = new Writer();
        w.b.put(FORMAT).putLong(h.nextSeq).putLong(h.versionTime).putLong(h.notes).putLong(h.snapshotSeq)
                .putLong(h.activityWindow).putLong(h.activityCount);
        TalkView v = h.view;
        w.ensure(1);
        w.b.put((byte) (v == null ? 0 : 1));
        if (v != null) {
            w.string(v.getTalkId());
            w.string(v.getTitle());
            w.nullable(v.getConference());
            w.strings(v.getSpeakers());
            w.count(v.getLinks().size());
            for (Link l : v.getLinks()) {
                w.string(l.getLabel());
                w.string(l.getUrl());
            }
            w.strings(v.getTags());
            w.ensure(8 * 5 + 1);
            w.b.putLong(v.getRevision()).putLong(v.getCreatedAt().toEpochMilli())
                    .putLong(v.getUpdatedAt().toEpochMilli())
                    .putLong(v.getLastEventId().getMostSignificantBits())
                    .putLong(v.getLastEventId().getLeastSignificantBits())
                    .put((byte) (v.getDeleted() ? 1 : 0));
            w.count(v.getContributors().size());
            for (Contributor c : v.getContributors()) {
                w.string(c.getAuthor());
                w.ensure(8);
                w.b.putLong(c.getEdits());
            }
        }
        return w.bytes();
    }

    static TalkHead decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != FORMAT) {
            throw new SerializationException("unknown talk-heads format " + bytes[0]
                    + ": the views were written by another version, rebuild them (notes replay views)");
        }
        long nextSeq = b.getLong();
        long versionTime = b.getLong();
        long notes = b.getLong();
        long snapshotSeq = b.getLong();
        long activityWindow = b.getLong();
        long activityCount = b.getLong();
        TalkView view = null;
        if (b.get() == 1) {
            String talkId = string(b);
            String title = string(b);
            String conference = b.get() == 1 ? string(b) : null;
            List<String> speakers = strings(b);
            int links = b.getInt();
            List<Link> linkList = new ArrayList<>(links);
            for (int i = 0; i < links; i++) {
                linkList.add(new Link(string(b), string(b)));
            }
            List<String> tags = strings(b);
            long revision = b.getLong();
            Instant createdAt = Instant.ofEpochMilli(b.getLong());
            Instant updatedAt = Instant.ofEpochMilli(b.getLong());
            UUID lastEventId = new UUID(b.getLong(), b.getLong());
            boolean deleted = b.get() == 1;
            int n = b.getInt();
            List<Contributor> contributors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                contributors.add(new Contributor(string(b), b.getLong()));
            }
            view = new TalkView(talkId, title, conference, speakers, linkList, tags, new ArrayList<>(), revision,
                    createdAt, updatedAt, contributors, lastEventId, deleted);
        }
        return new TalkHead(view, nextSeq, versionTime, notes, snapshotSeq, activityWindow, activityCount);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    private static List<String> strings(ByteBuffer b) {
        int n = b.getInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string(b));
        }
        return out;
    }

    /**
     * A buffer reused by every encode of its thread (the heads are encoded once per event: growing a fresh buffer
     * through 256, 512, 1024 bytes and copying it each time was most of the encode in the fold's profile); the
     * encoded bytes are copied out once, at their exact length, since the store keeps them.
     */
    private static final class Writer {
        private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));
        ByteBuffer b;

        Writer() {
            b = BUFFER.get();
            b.clear();
        }

        void ensure(int more) {
            if (b.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + more));
                System.arraycopy(b.array(), 0, bigger.array(), 0, b.position());
                bigger.position(b.position());
                b = bigger;
                BUFFER.set(bigger);
            }
        }

        void count(int n) {
            ensure(4);
            b.putInt(n);
        }

        void string(String s) {
            int n = s.length();
            ensure(4 + n);
            int at = b.position() + 4;
            byte[] a = b.array();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    ensure(4 + bytes.length);
                    b.putInt(bytes.length).put(bytes);
                    return;
                }
                a[at + i] = (byte) c;
            }
            b.putInt(n);
            b.position(at + n);
        }

        void nullable(String s) {
            ensure(1);
            b.put((byte) (s == null ? 0 : 1));
            if (s != null) {
                string(s);
            }
        }

        void strings(List<String> list) {
            count(list.size());
            for (String s : list) {
                string(s);
            }
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            System.arraycopy(b.array(), 0, out, 0, out.length);
            return out;
        }
    }
}
