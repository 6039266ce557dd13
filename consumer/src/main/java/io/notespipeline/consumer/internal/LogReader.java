package io.notespipeline.consumer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.notespipeline.consumer.ProgressListener;
import io.notespipeline.consumer.SinkRecord;
import io.notespipeline.schemas.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from the beginning to the end offsets seen at the start with the shared
 * {@link TopicReader}, handing converted batches and their next offsets to a callback. Unreadable
 * records are counted and skipped (the sinks have dead-lettered them already). Internal.
 */
public final class LogReader {

    private static final Logger log = LoggerFactory.getLogger(LogReader.class);

    /** A whole replay of a large log may take long; past this it fails rather than hang. */
    static final Duration DEADLINE = Duration.ofHours(6);

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
     * @throws io.notespipeline.schemas.TopicReadTimeoutException when the end is not reached within {@link #DEADLINE}
     */
    public long readToEnd(String topic, BiConsumer<List<SinkRecord>, Map<TopicPartition, Long>> handler,
                          ProgressListener progress, String stage) {
        long[] read = {0};
        TopicReader.of(bootstrapServers).withDeadline(DEADLINE).withMaxPollRecords(5000).read(topic, null,
                TopicReader.Start.beginning(), new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                (records, snapshot) -> {
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
                    handler.accept(batch, next);
                    read[0] += records.count();
                    progress.progress(stage, read[0], snapshot.span());
                });
        return read[0];
    }
}
