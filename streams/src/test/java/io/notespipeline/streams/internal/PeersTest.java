package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class PeersTest {

    private final Peers peers = new Peers("test-secret");

    @Test
    void shouldAnswerEmptyWhenThePeerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(peers.answer(new HostInfo("127.0.0.1", closedPort), "/v1/talks/t1", Map.of(), Duration.ofSeconds(2)))
                .as("connection refused is an expected outcome: no answer from that copy").isEmpty();
    }

    @Test
    void shouldForwardWithTheSharedSecretAndNeverTheCallersToken() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        io.javalin.Javalin peer = io.javalin.Javalin.create(c -> c.showJavalinBanner = false)
                .get("/v1/talks/t1", ctx -> {
                    seen.set(Map.of("forwarded", String.valueOf(ctx.header(Peers.FORWARDED)),
                            "authorization", String.valueOf(ctx.header("Authorization"))));
                    ctx.result("{}");
                }).start("127.0.0.1", 0);
        try {
            assertThat(peers.answer(new HostInfo("127.0.0.1", peer.port()), "/v1/talks/t1",
                    Map.of(Peers.PARTITION, "3"), Duration.ofSeconds(5))).isPresent();
        } finally {
            peer.stop();
        }
        assertThat(seen.get()).containsEntry("forwarded", "test-secret")
                .containsEntry("authorization", "Bearer test-secret");
        assertThat(peers.isPeer("test-secret")).isTrue();
        assertThat(peers.isPeer("1")).isFalse();
        assertThat(peers.isPeer(null)).isFalse();
    }

    @Test
    void shouldTreatAPeerRefusingTheSecretAsNoAnswer() throws Exception {
        io.javalin.Javalin peer = io.javalin.Javalin.create(c -> c.showJavalinBanner = false)
                .get("/v1/talks/t1", ctx -> ctx.status(401).result("{}")).start("127.0.0.1", 0);
        try {
            assertThat(peers.answer(new HostInfo("127.0.0.1", peer.port()), "/v1/talks/t1", Map.of(),
                    Duration.ofSeconds(5))).as("another secret: try another copy, never hand its 401 to the caller")
                    .isEmpty();
        } finally {
            peer.stop();
        }
    }

    @Test
    void shouldThrowWhenTheRequestCannotEvenBeBuiltInsteadOfAnsweringNoAnswer() {
        assertThatThrownBy(() -> peers.answer(new HostInfo("not a host", 80), "/v1/talks/t1", Map.of(),
                Duration.ofSeconds(2)))
                .as("a malformed peer address is a bug, not an unreachable peer")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
