package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRouterTest {

    @TempDir
    Path dir;

    private static Reply route(KafkaStreams streams, java.util.function.IntSupplier partitions,
                               KeyRouter.LocalCall local) {
        return new KeyRouter(streams, null, new Peers("test-secret"), Duration.ofMillis(300), Duration.ofSeconds(1), partitions,
                KeyRouter.timer(), PositionWatch.of("key-router-test"))
                .route("talk-1", "/v1/talks/talk-1", local);
    }

    @Test
    void shouldAnswerFromTheLocalCopyWhileStreamsHaveNoMetadataYet() {
        try (KafkaStreams streams = UnstartedStreams.create(dir)) {
            Reply reply = route(streams, () -> 6, (partition, stale) -> Reply.ok(java.util.Map.of("p", partition)));

            assertThat(reply.status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswer503WhenThePartitionCountCannotBeLearnedInTime() {
        try (KafkaStreams streams = UnstartedStreams.create(dir)) {
            Reply reply = route(streams, () -> {
                throw new TimeoutException("cluster unreachable");
            }, (partition, stale) -> Reply.ok(java.util.Map.of()));

            assertThat(reply.status()).isEqualTo(503);
        }
    }

    @Test
    void shouldLetABugInTheLocalAnswerSurfaceInsteadOfRetryingUntil503() {
        IllegalStateException bug = new IllegalStateException("a bug in the handler");
        try (KafkaStreams streams = UnstartedStreams.create(dir)) {
            assertThatThrownBy(() -> route(streams, () -> 6, (partition, stale) -> {
                throw bug;
            })).isSameAs(bug);
        }
    }

    @Test
    void shouldLetABugInThePartitionCountSurface() {
        IllegalArgumentException bug = new IllegalArgumentException("negative partition count");
        try (KafkaStreams streams = UnstartedStreams.create(dir)) {
            assertThatThrownBy(() -> route(streams, () -> {
                throw bug;
            }, (partition, stale) -> Reply.ok(java.util.Map.of()))).isSameAs(bug);
        }
    }
}
