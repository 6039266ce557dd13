package io.notespipeline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 16: "no answer" and 5xx are unavailable (retry), only a 404 means the schema does not exist. */
class RegistryFailureClassificationTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void noAnswerIsUnavailable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void a5xxAnswerIsUnavailableEvenWithoutAJsonBody() throws IOException {
        HttpSchemaRegistryClient json = new HttpSchemaRegistryClient(answering(503,
                "{\"error_code\":50301,\"message\":\"not ready\"}"));
        assertThatThrownBy(() -> json.schemaById(1)).isInstanceOf(RegistryUnavailableException.class);
        stop();
        HttpSchemaRegistryClient html = new HttpSchemaRegistryClient(answering(502, "<html>bad gateway</html>"));
        assertThatThrownBy(() -> html.schemaById(1)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void a404IsNotFoundNotUnavailable() throws IOException {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(answering(404,
                "{\"error_code\":40403,\"message\":\"Schema 1 not found\"}"));
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(RegistryUnavailableException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
    }

    @Test
    void theDeserializerLetsUnavailableThroughSoCallersCanTellItFromAnUnreadableRecord() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RegistryAvroDeserializer<org.apache.avro.generic.GenericRecord> down = RegistryAvroDeserializer.generic(
                new HttpSchemaRegistryClient("http://127.0.0.1:" + port), null);
        byte[] bytes = {0, 0, 0, 0, 7, 2};
        assertThatThrownBy(() -> down.deserialize("t", bytes))
                .satisfies(e -> assertThat(RegistryUnavailableException.isCause(e)).isTrue());
        RegistryAvroDeserializer<org.apache.avro.generic.GenericRecord> missing = RegistryAvroDeserializer.generic(
                new HttpSchemaRegistryClient(answering(404, "{\"error_code\":40403,\"message\":\"not found\"}")), null);
        assertThatThrownBy(() -> missing.deserialize("t", bytes))
                .satisfies(e -> assertThat(RegistryUnavailableException.isCause(e)).isFalse());
        assertThatThrownBy(() -> missing.deserialize("t", new byte[] {9}))
                .isInstanceOf(SerializationException.class);
    }
}
