package io.notespipeline.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The dedupe store's value for an applied eventId: the sequence it took in its talk's log, and the talk.
 *
 * <p>The talk tells apart, without another store, the two meanings of an entry at or past its talk head's next
 * sequence: under at-least-once the dedupe entry of an event reached its changelog before a crash while the head
 * (written at the commit) did not, so the event must be applied again; or the eventId was applied to another talk of
 * the partition, whose sequences are its own, and is a duplicate here. Before, the talk's log entry at that sequence
 * told them apart, but it lives in another changelog, and a crash could keep the dedupe entry and lose the log entry:
 * the event then read as a duplicate and was dropped.
 *
 * <p>Format: the sequence as 8 big-endian bytes (as {@code Serdes.Long()} wrote the whole value before), then the
 * talk id in UTF-8. An entry of 8 bytes, written before the talk was kept, reads with a null {@link #talkId}.
 *
 * @param seq    sequence of the event in its talk's log
 * @param talkId the talk, null in an entry written before it was kept
 */
public record Seen(long seq, String talkId) {

    private static final Serializer<Seen> SERIALIZER = (topic, seen) -> {
        if (seen == null) {
            return null;
        }
        byte[] talk = seen.talkId() == null ? new byte[0] : seen.talkId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + talk.length).putLong(seen.seq()).put(talk).array();
    };

    private static final Deserializer<Seen> DESERIALIZER = (topic, bytes) -> {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < Long.BYTES) {
            throw new SerializationException("a dedupe entry holds at least 8 bytes, got " + bytes.length);
        }
        long seq = ByteBuffer.wrap(bytes).getLong();
        String talk = bytes.length == Long.BYTES ? null
                : new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
        return new Seen(seq, talk);
    };

    private static final Serde<Seen> SERDE = Serdes.serdeFrom(SERIALIZER, DESERIALIZER);

    /** @return the serde of the dedupe store's values (reads the older 8-byte entries too) */
    public static Serde<Seen> serde() {
        return SERDE;
    }
}
