package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.http.Json;

import org.junit.jupiter.api.Test;

/** {@code /health}: 200 while every component is up, 503 naming the one that is down (open, no token needed). */
class HealthEndpointTest {

    @Test
    void shouldAnswer503WhileAComponentIsDownAnd200WhenItIsBack() throws Exception {
        Health health = new Health();
        AtomicBoolean warehouseUp = new AtomicBoolean(true);
        health.register("broker", () -> Health.Check.up(Map.of("brokers", 1)));
        health.register("sink.warehouse", () -> warehouseUp.get() ? Health.Check.up(Map.of("lag", 0L))
                : Health.Check.down("database unreachable", Map.of("lag", 12L)));
        health.register("views", () -> {
            throw new IllegalStateException("a broken check");
        });
        try (ApiServer server = ApiServer.start("127.0.0.1", 0, Optional.of(ApiTokens.parse("", "admin-token")),
                List.of(), health)) {
            HttpResponse<String> r = get(server);
            assertThat(r.statusCode()).as("a check that throws is down").isEqualTo(503);
            health.register("views", () -> Health.Check.up(Map.of("state", "RUNNING")));
            assertThat(get(server).statusCode()).isEqualTo(200);

            warehouseUp.set(false);
            r = get(server);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = Json.mapper().readTree(r.body());
            assertThat(body.at("/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/components/sink.warehouse/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/components/sink.warehouse/cause").asText()).isEqualTo("database unreachable");
            assertThat(body.at("/components/sink.warehouse/lag").asLong()).isEqualTo(12);
            assertThat(body.at("/components/broker/status").asText()).isEqualTo("UP");

            warehouseUp.set(true);
            assertThat(get(server).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(ApiServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
