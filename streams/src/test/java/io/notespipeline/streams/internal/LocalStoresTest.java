package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.notespipeline.streams.TalkViewTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoresTest {

    @TempDir
    Path dir;

    @Test
    void shouldReportAStoreOfStreamsNotStartedYetAsUnavailable() {
        try (KafkaStreams streams = UnstartedStreams.create(dir)) {
            LocalStores stores = new LocalStores(streams, "events");

            assertThatThrownBy(() -> stores.view("talk-1", 0, true)).isInstanceOf(LocalStores.Unavailable.class)
                    .hasCauseInstanceOf(StreamsNotStartedException.class);
            assertThatThrownBy(() -> stores.position(0, false)).isInstanceOf(LocalStores.Unavailable.class);
            assertThat(stores.scan(null, true, (view, partition, standby) -> { })).isEqualTo(
                    new LocalStores.Copies(java.util.Set.of(), java.util.Set.of()));
        }
    }

    @Test
    void shouldLetAFailureThatIsNotAboutTheStoresStateSurfaceInsteadOfCallingItUnavailable() {
        IllegalStateException bug = new IllegalStateException("a bug while reading " + TalkViewTopology.HEADS_STORE);
        try (KafkaStreams streams = new FailingStoreStreams(dir, bug)) {
            LocalStores stores = new LocalStores(streams, "events");

            assertThatThrownBy(() -> stores.view("talk-1", 0, true)).as("a bug must give a 500, not a 503")
                    .isSameAs(bug);
        }
    }

    /** Real streams whose store lookup fails with a given exception, as a bug in a store would. */
    private static final class FailingStoreStreams extends KafkaStreams {
        private final RuntimeException failure;

        FailingStoreStreams(Path stateDir, RuntimeException failure) {
            super(UnstartedStreams.topology(), UnstartedStreams.props(stateDir));
            this.failure = failure;
        }

        @Override
        public <T> T store(StoreQueryParameters<T> parameters) {
            throw failure;
        }
    }
}
