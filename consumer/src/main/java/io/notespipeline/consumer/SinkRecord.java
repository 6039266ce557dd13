package io.notespipeline.consumer;

/**
 * A record a sink writes: its origin in the log and its converted value.
 *
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp record timestamp (ms since the epoch, UTC)
 * @param key       record key (talkId), may be null
 * @param value     the deserialized value ({@code NoteEvent}, {@code TalkView}); null for a tombstone
 */
public record SinkRecord(String topic, int partition, long offset, long timestamp, String key, Object value) {
}
