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
}
