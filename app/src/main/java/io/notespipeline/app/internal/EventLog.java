package io.notespipeline.app.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewFolder;

import java.util.HashMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the log from the beginning to its current end (committed records only). */
final class EventLog {

    private EventLog() {
    }

    /** @return every record's value of {@code topic}, per key, in partition order */
    static Map<String, List<NoteEvent>> readEventsByTalk(String bootstrap, Topic<String, NoteEvent> topic) {
        Map<String, List<NoteEvent>> byTalk = new LinkedHashMap<>();
        var deserializer = topic.valueSerde().deserializer();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "notes-cli-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(20))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            awaitSettledTransactions(bootstrap, partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new NotesAppException("reading " + topic.name() + " did not finish within 5 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    NoteEvent event = deserializer.deserialize(r.topic(), r.value());
                    byTalk.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event);
                }
            }
        }
        return byTalk;
    }

    /**
     * Waits (at most 15 s) until no transaction is open or unfinished on {@code partitions}: the last
     * stable offset equals the high watermark. A transaction's commit returns before its markers are
     * written, so an import right after another would otherwise diff against a log missing the first.
     */
    static void awaitSettledTransactions(String bootstrap, List<TopicPartition> partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try (Admin admin = io.notespipeline.app.Pipeline.admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            while (System.nanoTime() < deadline) {
                var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                if (partitions.stream().allMatch(tp -> stable.get(tp).offset() == high.get(tp).offset())) {
                    return;
                }
                Thread.sleep(50); // no notification exists for transaction markers
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotesAppException("interrupted while waiting for open transactions", e);
        } catch (ExecutionException e) {
            throw new NotesAppException("cannot read offsets: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** @return the current view of every talk, folded from the log exactly as the topology folds it */
    static List<TalkView> currentViews(String bootstrap, Topic<String, NoteEvent> topic) {
        List<TalkView> views = new ArrayList<>();
        readEventsByTalk(bootstrap, topic).values().forEach(events -> {
            TalkView view = TalkViewFolder.foldAll(null, events);
            if (view != null) {
                views.add(view);
            }
        });
        return views;
    }
}
