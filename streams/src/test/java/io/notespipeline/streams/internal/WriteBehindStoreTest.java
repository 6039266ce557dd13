package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** When a full write-behind store writes ahead of the commit, and when it asks for a commit instead. */
class WriteBehindStoreTest {

    private static final int BOUND = 8;

    private static KeyValueStore<String, String> inner() {
        KeyValueStore<String, String> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("wb-inner"),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        inner.init(new MockProcessorContext<>().getStateStoreContext(), inner);
        return inner;
    }

    private static Properties guarantee(String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wb");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put("processing.exception.handler.global.enabled", true);
        return p;
    }

    @Test
    void shouldAskForACommitInsteadOfWritingAheadOfItUnderAtLeastOnce() {
        KeyValueStore<String, String> inner = inner();
        WriteBehindStore<String, String> store = new WriteBehindStore<>(inner, WriteBehindStore.KEY_ORDER, BOUND);
        store.init(new MockProcessorContext<>(guarantee(StreamsConfig.AT_LEAST_ONCE)).getStateStoreContext(), store);
        WriteBehindStore.takeCommitRequest();
        for (int i = 0; i < BOUND + 3; i++) {
            store.put("k" + i, "v" + i);
        }
        assertThat(inner.approximateNumEntries()).as("nothing written before the commit").isZero();
        assertThat(WriteBehindStore.takeCommitRequest()).as("a commit asked for").isTrue();
        assertThat(WriteBehindStore.takeCommitRequest()).as("once").isFalse();
        store.flushCache();
        assertThat(inner.approximateNumEntries()).isEqualTo(BOUND + 3);

        for (int i = 0; i < BOUND * WriteBehindStore.AT_LEAST_ONCE_FACTOR; i++) {
            store.put("m" + i, "v");
        }
        assertThat(store.pendingWrites()).as("written early past the factor, to bound the heap").isZero();
        store.close();
    }

    @Test
    void shouldWriteAheadOfTheCommitUnderExactlyOnce() {
        KeyValueStore<String, String> inner = inner();
        WriteBehindStore<String, String> store = new WriteBehindStore<>(inner, WriteBehindStore.KEY_ORDER, BOUND);
        store.init(new MockProcessorContext<>(guarantee(StreamsConfig.EXACTLY_ONCE_V2)).getStateStoreContext(), store);
        WriteBehindStore.takeCommitRequest();
        for (int i = 0; i < BOUND; i++) {
            store.put("k" + i, "v" + i);
        }
        assertThat(inner.approximateNumEntries()).as("the writes join the open transaction").isEqualTo(BOUND);
        assertThat(WriteBehindStore.takeCommitRequest()).isFalse();
        store.close();
    }

    /**
     * A key written again before the commit changes its pending holder in place: a read sees the new value at once,
     * an iterator made before the write still yields the value it saw, and the commit writes the last value once.
     */
    @Test
    void shouldKeepWhatAnIteratorSawWhenAPendingKeyIsWrittenAgain() {
        KeyValueStore<String, String> inner = inner();
        WriteBehindStore<String, String> store = new WriteBehindStore<>(inner, WriteBehindStore.KEY_ORDER, BOUND);
        store.init(new MockProcessorContext<>(guarantee(StreamsConfig.EXACTLY_ONCE_V2)).getStateStoreContext(), store);
        inner.put("t\u0000b", "stored");
        store.put("t\u0000a", "a1");
        store.put("t\u0000b", "b1");
        try (var prefix = store.prefixScan("t\u0000", new org.apache.kafka.common.serialization.StringSerializer());
             var range = store.range("t\u0000a", "t\u0000z");
             var all = store.all()) {
            store.put("t\u0000a", "a2");
            store.delete("t\u0000b");
            assertThat(store.get("t\u0000a")).isEqualTo("a2");
            assertThat(store.get("t\u0000b")).isNull();
            assertThat(store.pendingWrites()).as("written again in place: still two pending keys").isEqualTo(2);
            for (var it : java.util.List.of(prefix, range, all)) {
                java.util.List<String> seen = new java.util.ArrayList<>();
                it.forEachRemaining(kv -> seen.add(kv.key.substring(2) + "=" + kv.value));
                assertThat(seen).as("the values when the iterator was made").containsExactly("a=a1", "b=b1");
            }
        }
        store.flushCache();
        assertThat(inner.get("t\u0000a")).isEqualTo("a2");
        assertThat(inner.get("t\u0000b")).as("the delete reached the store").isNull();
        assertThat(store.pendingWrites()).isZero();
        store.close();
    }
}
