package io.notespipeline.consumer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.notespipeline.consumer.ProgressListener;
import io.notespipeline.consumer.SinkRecord;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from the beginning to the end offsets seen at the start, without a consumer
 * group, handing converted batches and their next offsets to a callback. Unreadable records are
 * counted and skipped (the sinks have dead-lettered them already). Internal.
 */
public final class LogReader {

    private static final Logger log = LoggerFactory.getLogger(LogReader.class);

    private final String bootstrapServers;
    private final RecordConverter converter;
    private long unreadable;

    public LogReader(String bootstrapServers, RecordConverter converter) {
        this.bootstrapServers = bootstrapServers;
        this.converter = converter;
    }

    /** @return records skipped so far because they could not be read */
    public long unreadable() {
        return unreadable;
    }

    /**
     * @param handler receives each batch and the next offset of each partition in it
     * @return the number of records read
     */
    public long readToEnd(String topic, BiConsumer<List<SinkRecord>, Map<TopicPartition, Long>> handler,
                          ProgressListener progress, String stage) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            long total = 0;
            for (TopicPartition tp : partitions) {
                total += ends.get(tp) - begins.get(tp);
            }
            long read = 0;
            while (!reachedEnd(consumer, ends)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                List<SinkRecord> batch = new ArrayList<>(records.count());
                Map<TopicPartition, Long> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        batch.add(converter.convert(r));
                    } catch (RuntimeException e) {
                        unreadable++;
                        log.warn("Skipping unreadable record topic={} partition={} offset={} error={}",
                                r.topic(), r.partition(), r.offset(), e.toString());
                    }
                    next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
                if (!records.isEmpty()) {
                    handler.accept(batch, next);
                    read += records.count();
                    progress.progress(stage, read, total);
                }
            }
            return read;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
