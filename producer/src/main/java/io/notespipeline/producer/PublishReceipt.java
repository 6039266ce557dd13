package io.notespipeline.producer;

import java.util.UUID;

/**
 * Where an event landed.
 *
 * @param topic     the topic
 * @param partition its partition
 * @param offset    its offset
 * @param eventId   the event's id (its idempotency key)
 */
public record PublishReceipt(String topic, int partition, long offset, UUID eventId) {

    /** @return the read-your-writes position token {@code <partition>-<offset>}. */
    public String position() {
        return partition + "-" + offset;
    }
}
