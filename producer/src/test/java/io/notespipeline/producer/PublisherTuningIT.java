package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what compression and linger do to single-event publishing of real note events (the PyCon 2017 v1
 * import, 481 events, ten times over): throughput and bytes stored per event. The numbers are logged; the
 * assertion only holds the default (lz4) to storing less than no compression.
 */
@ExtendWith(KafkaExtension.class)
class PublisherTuningIT {

    private static final Logger log = LoggerFactory.getLogger(PublisherTuningIT.class);
    private static final int ROUNDS = 10;

    private record Result(double eventsPerSecond, double bytesPerEvent) {
    }

    @Test
    void shouldStoreFewerBytesWithTheDefaultCompressionThanWithout(TestKafka kafka) throws Exception {
        List<NoteCommand> commands = new ArrayList<>();
        List<NoteCommand> plan = new MarkdownImporter(ImportOptions.defaults()).plan(MarkdownImporterTest.doc("v1"))
                .commands();
        for (int round = 0; round < ROUNDS; round++) {
            for (NoteCommand c : plan) {
                commands.add(new NoteCommand(c.talkId() + "-" + round, c.payload(), null, null, c.author(), null, null));
            }
        }
        run(kafka, commands, "lz4", "5"); // warm-up: JIT and connections, not measured
        Map<String, Result> results = new LinkedHashMap<>();
        for (String[] setting : new String[][] {{"none", "0"}, {"none", "5"}, {"lz4", "5"}, {"zstd", "5"},
                {"lz4", "20"}}) {
            results.put(setting[0] + " linger=" + setting[1], run(kafka, commands, setting[0], setting[1]));
        }
        results.forEach((name, r) -> log.info("Publisher tuning compression={} events/s={} bytes/event={}", name,
                Math.round(r.eventsPerSecond()), Math.round(r.bytesPerEvent())));
        assertThat(results.get("lz4 linger=5").bytesPerEvent()).isLessThan(results.get("none linger=5").bytesPerEvent());
    }

    private static Result run(TestKafka kafka, List<NoteCommand> commands, String compression, String linger)
            throws Exception {
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("tuning") + ".");
        String topic = topics.events().name();
        kafka.createTopic(topic, 3);
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.COMPRESSION_CONFIG, compression, PublisherConfig.LINGER_CONFIG, linger));
        long start;
        long elapsed;
        try (NotePublisher publisher = new NotePublisher(config, kafka.bootstrapServers(), topics)
                .start()) {
            publisher.publish(commands.get(0)).get(30, TimeUnit.SECONDS); // warm up metadata and connections
            start = System.nanoTime();
            List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>(commands.size());
            for (NoteCommand command : commands) {
                futures.add(publisher.publish(command));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            elapsed = System.nanoTime() - start;
        }
        return new Result(commands.size() * 1e9 / elapsed, (double) storedBytes(kafka, topic) / (commands.size() + 1));
    }

    private static long storedBytes(TestKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        TopicPartition tp = replica.getKey();
                        if (tp.topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }
}
