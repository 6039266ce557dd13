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

    private final Peers peers = new Peers();

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
    void shouldThrowWhenTheRequestCannotEvenBeBuiltInsteadOfAnsweringNoAnswer() {
        assertThatThrownBy(() -> peers.answer(new HostInfo("not a host", 80), "/v1/talks/t1", Map.of(),
                Duration.ofSeconds(2)))
                .as("a malformed peer address is a bug, not an unreachable peer")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
