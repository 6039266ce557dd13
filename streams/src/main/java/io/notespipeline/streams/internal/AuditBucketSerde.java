package io.notespipeline.streams.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.notespipeline.streams.AuditBucket;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Binary serde of {@link AuditBucket} for the audit view's stores (version byte first). */
public final class AuditBucketSerde {

    private static final byte VERSION = 2; // 2: the log tier's count

    private AuditBucketSerde() {
    }

    public static Serde<AuditBucket> serde() {
        Serializer<AuditBucket> ser = (topic, b) -> b == null ? null : write(b);
        Deserializer<AuditBucket> de = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] write(AuditBucket b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(b.topic());
            out.writeInt(b.partition());
            for (long v : new long[] {b.bucketStart(), b.bucketMs(), b.log(), b.produced(), b.views(), b.rejected(),
                b.duplicates(), b.lake(), b.warehouse(), b.lastProducedAt()}) {
                out.writeLong(v);
            }
            out.writeBoolean(b.flagged());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static AuditBucket read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != 1) {
                throw new IllegalStateException("unknown audit bucket format version " + version);
            }
            String topic = in.readUTF();
            int partition = in.readInt();
            long start = in.readLong();
            long ms = in.readLong();
            long log = version == 1 ? 0 : in.readLong();
            return new AuditBucket(topic, partition, start, ms, log, in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
