package io.notespipeline.schemas.registry;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** @return magic byte 0 then {@code schemaId} big-endian */
    static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
            (byte) schemaId};
    }

    /** @return the schema id of a framed message */
    static int readSchemaId(String topic, byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new SerializationException("record on topic " + topic + " has " + bytes.length
                    + " bytes, fewer than the 5-byte Confluent wire-format header");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("record on topic " + topic + " starts with byte " + bytes[0]
                    + ", not the Confluent wire-format magic byte 0");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}
