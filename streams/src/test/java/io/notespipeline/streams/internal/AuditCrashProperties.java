package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteDeleted;
import io.notespipeline.schemas.avro.NoteEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The views tier's audit counts under at-least-once survive any crash: records are counted ({@link AuditTally})
 * and reported ({@link AuditEmitter}) with commits and crashes at random points; a crash keeps what Kafka keeps
 * of the writes since the last commit: any prefix of each store's changelog and, per {@code _audit} key, any
 * prefix of its reports. The task then restarts from the stores so restored and reads the input again from the
 * committed offset. Once it has read everything and reported, the latest report of every bucket equals what a
 * run without a crash counts: each record once, none left unreported.
 */
class AuditCrashProperties {

    private static final String TOPIC = "notes.events";
    private static final long BUCKET_MS = 60_000;
    private static final Instant START = Instant.parse("2017-05-19T10:00:00Z");
    private static final AuditTally.Names NAMES = new AuditTally.Names("audit-counts", "audit-changed");

    @Property(tries = 300)
    void everyRecordIsCountedOnceAndReportedWhateverTheCrashes(@ForAll long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(40);
        List<NoteEvent> records = new ArrayList<>();
        List<AuditTally.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(event(i, random.nextInt(4)));
            outcomes.add(AuditTally.Outcome.values()[random.nextInt(3)]);
        }
        Map<String, long[]> expected = expected(records, outcomes);

        Task task = new Task(new TreeMap<>(), new TreeMap<>());
        int committed = 0;
        int next = 0;
        int crashes = random.nextInt(4);
        while (next < n || crashes > 0) {
            // a run from the committed offset: records, reports and commits, then maybe a crash
            task.history.clear();
            task.snapshot();
            int commitStep = 0;
            Map<String, Integer> reportsAtCommit = sizes(task.sent);
            boolean crash = crashes > 0 && random.nextBoolean();
            int stop = crash ? Math.min(n, next + random.nextInt(n - committed + 1)) : n;
            while (next < stop) {
                int action = random.nextInt(6);
                if (action == 0) {
                    task.report();
                } else if (action == 1) {
                    committed = next;
                    commitStep = task.history.size() - 1;
                    reportsAtCommit = sizes(task.sent);
                } else {
                    task.count(next, records.get(next), outcomes.get(next));
                    next++;
                }
            }
            if (!crash) {
                break;
            }
            crashes--;
            // what a crash leaves: each changelog a prefix of its writes since the commit, each _audit key a prefix
            int counts = commitStep + random.nextInt(task.history.size() - commitStep);
            int marks = commitStep + random.nextInt(task.history.size() - commitStep);
            Map<String, List<AuditCount>> kept = new HashMap<>();
            for (Map.Entry<String, List<AuditCount>> e : task.sent.entrySet()) {
                int durable = reportsAtCommit.getOrDefault(e.getKey(), 0);
                int cut = durable + random.nextInt(e.getValue().size() - durable + 1);
                kept.put(e.getKey(), new ArrayList<>(e.getValue().subList(0, cut)));
            }
            task = new Task(task.history.get(counts).counts(), task.history.get(marks).marks());
            task.sent.putAll(kept);
            next = committed;
        }
        task.report();
        Map<String, List<AuditCount>> audit = task.sent; // what reached _audit, per key in order

        Map<String, long[]> reported = new TreeMap<>();
        audit.forEach((key, reports) -> {
            AuditCount last = reports.get(reports.size() - 1);
            assertThat(last.getCommittedOffset()).as("a count report carries no offset (seed %d)", seed).isNull();
            reported.put(key, new long[] {last.getCount(), last.getRejected(), last.getDuplicates()});
        });
        assertThat(reported.keySet()).as("every bucket reported (seed %d)", seed).isEqualTo(expected.keySet());
        expected.forEach((key, want) -> assertThat(reported.get(key))
                .as("count, rejected, duplicates of %s (seed %d)", key, seed).containsExactly(want));
    }

    private static Map<String, Integer> sizes(Map<String, List<AuditCount>> sent) {
        Map<String, Integer> out = new HashMap<>();
        sent.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    private static Map<String, long[]> expected(List<NoteEvent> records, List<AuditTally.Outcome> outcomes) {
        Map<String, long[]> out = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            long bucket = AuditKeys.bucketStart(records.get(i).getOccurredAt().toEpochMilli(), BUCKET_MS);
            long[] c = out.computeIfAbsent(AuditKeys.countKey(AuditKeys.VIEWS, "", TOPIC, 0, bucket), k -> new long[3]);
            c[0]++;
            c[1] += outcomes.get(i) == AuditTally.Outcome.REJECTED ? 1 : 0;
            c[2] += outcomes.get(i) == AuditTally.Outcome.DUPLICATE ? 1 : 0;
        }
        return out;
    }

    private static NoteEvent event(int i, int minute) {
        return NoteEvent.newBuilder().setEventId(UUID.nameUUIDFromBytes(("e" + i).getBytes()))
                .setTalkId("t" + (i % 3)).setOccurredAt(START.plusSeconds(60L * minute + i % 60)).setAuthor("alice")
                .setCorrelationId("c" + i).setExpectedRevision(null).setPayload(new NoteDeleted("n" + i)).build();
    }

    /** State of both stores after a step of a run. */
    record Snapshot(TreeMap<String, AuditCount> counts, TreeMap<String, Long> marks) {
    }

    /** One start of the task: its stores, the counting fold and the reporting node, under at-least-once. */
    private static final class Task {
        final MockProcessorContext<String, AuditCount> context;
        final KeyValueStore<String, AuditCount> counts;
        final KeyValueStore<String, Long> marks;
        final AuditTally tally;
        final AuditEmitter emitter;
        final List<Snapshot> history = new ArrayList<>();
        final Map<String, List<AuditCount>> sent = new HashMap<>();
        long now = START.toEpochMilli();

        Task(TreeMap<String, AuditCount> restoredCounts, TreeMap<String, Long> restoredMarks) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-crash");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            props.put("processing.exception.handler.global.enabled", true); // Kafka 5.0's default, no warning
            context = new MockProcessorContext<>(props, new TaskId(0, 0), null);
            counts = store(NAMES.counts(), new AvroSerde());
            marks = store(NAMES.changed(), Serdes.Long());
            store("positions", Serdes.Integer(), Serdes.Long()); // the emitter's position report: none here
            restoredCounts.forEach(counts::put);
            restoredMarks.forEach(marks::put);
            tally = new AuditTally(context, NAMES, BUCKET_MS);
            emitter = new AuditEmitter(NAMES, "positions", TOPIC, java.time.Duration.ofSeconds(5));
            emitter.init(context);
        }

        private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
            return store(name, Serdes.String(), values);
        }

        private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
            KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                    .withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            return store;
        }

        void count(int offset, NoteEvent event, AuditTally.Outcome outcome) {
            context.setRecordMetadata(TOPIC, 0, offset);
            tally.count(TOPIC, 0, offset, event, outcome, ++now);
            snapshot();
        }

        void report() {
            context.resetForwards();
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(++now);
            for (MockProcessorContext.CapturedForward<? extends String, ? extends AuditCount> f : context.forwarded()) {
                Record<? extends String, ? extends AuditCount> r = f.record();
                if (!AuditKeys.isOffsetReport(r.value())) {
                    sent.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }
            snapshot();
        }

        void snapshot() {
            history.add(new Snapshot(copy(counts), copy(marks)));
        }

        private static <V> TreeMap<String, V> copy(KeyValueStore<String, V> store) {
            TreeMap<String, V> out = new TreeMap<>();
            try (KeyValueIterator<String, V> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, V> kv = it.next();
                    out.put(kv.key, kv.value);
                }
            }
            return out;
        }
    }

    /** Plain Avro binary of {@link AuditCount}, no registry: the stores only need bytes. */
    private static final class AvroSerde implements Serde<AuditCount> {
        @Override
        public org.apache.kafka.common.serialization.Serializer<AuditCount> serializer() {
            SpecificDatumWriter<AuditCount> writer = new SpecificDatumWriter<>(AuditCount.class);
            return (topic, value) -> {
                if (value == null) {
                    return null;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                try {
                    writer.write(value, encoder);
                    encoder.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            };
        }

        @Override
        public org.apache.kafka.common.serialization.Deserializer<AuditCount> deserializer() {
            SpecificDatumReader<AuditCount> reader = new SpecificDatumReader<>(AuditCount.class);
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                try {
                    return reader.read(null, decoder);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }
}
