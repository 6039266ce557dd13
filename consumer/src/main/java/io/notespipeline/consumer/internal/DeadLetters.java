package io.notespipeline.consumer.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.notespipeline.consumer.DeadLetterPolicy;
import io.notespipeline.consumer.NotesSinkException;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the dead-letter policy to a record that could not be read. With {@code dlq} the original
 * key and bytes go to {@code <topic>.dlq} with headers naming the origin and the error; the sends
 * are awaited in {@link #awaitSent()} before the sink stores offsets past them. Internal.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String HEADER_TOPIC = "dlq.source.topic";
    public static final String HEADER_PARTITION = "dlq.source.partition";
    public static final String HEADER_OFFSET = "dlq.source.offset";
    public static final String HEADER_TIMESTAMP = "dlq.source.timestamp";
    public static final String HEADER_ERROR_CLASS = "dlq.error.class";
    public static final String HEADER_ERROR_MESSAGE = "dlq.error.message";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPolicy policy;
    private final String sinkName;
    private final Producer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public DeadLetters(DeadLetterPolicy policy, String sinkName, String bootstrapServers) {
        this.policy = policy;
        this.sinkName = sinkName;
        this.producer = policy != DeadLetterPolicy.DLQ ? null : new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "notes-sink-" + sinkName + "-dlq",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Handles one unreadable record according to the policy; throws under {@code fail}. */
    public void handle(ConsumerRecord<byte[], byte[]> record, Exception error) {
        switch (policy) {
            case FAIL -> throw new NotesSinkException("sink " + sinkName + " cannot read a record: " + error,
                    error, record.topic(), record.partition(), record.offset());
            case LOG_AND_SKIP -> log.warn("Skipping unreadable record sink={} topic={} partition={} offset={} error={}",
                    sinkName, record.topic(), record.partition(), record.offset(), error.toString(), error);
            case DLQ -> {
                String dlq = record.topic() + TopicCatalog.DLQ_SUFFIX;
                log.warn("Dead-lettering record sink={} topic={} partition={} offset={} dlq={} error={}",
                        sinkName, record.topic(), record.partition(), record.offset(), dlq, error.toString());
                pending.add(producer.send(new ProducerRecord<>(dlq, null, record.key(), record.value(),
                        headers(record, error))));
            }
            default -> throw new IllegalStateException("unknown policy " + policy);
        }
    }

    /** Waits until every dead letter handed over so far is acknowledged by the broker. */
    public void awaitSent() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotesSinkException("interrupted while sending dead letters", e);
        } catch (ExecutionException e) {
            throw new NotesSinkException("cannot send dead letters: " + e.getCause(), e.getCause());
        } finally {
            pending.clear();
        }
    }

    static Headers headers(ConsumerRecord<byte[], byte[]> record, Exception error) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add(HEADER_TOPIC, utf8(record.topic()));
        headers.add(HEADER_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(HEADER_TIMESTAMP, utf8(String.valueOf(record.timestamp())));
        headers.add(HEADER_ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(HEADER_ERROR_MESSAGE, utf8(String.valueOf(error.getMessage())));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
