package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.schemas.http.Json;

/** A raw HTTP client for tests that check the registry's exact answers. */
final class RegistryHttp {

    static final ObjectMapper JSON = Json.mapper();

    /** One answer. */
    record Response(int status, String body, String contentType, String description) {
        Response(int status, String body, String contentType) {
            this(status, body, contentType, "");
        }

        /** @return this answer, whose assertions will state {@code rule} when they fail */
        Response as(String rule) {
            return new Response(status, body, contentType, rule);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** Asserts the status and that the body is exactly {@code expectedJson} (key order aside). */
        Response is(int expectedStatus, String expectedJson) {
            assertThat(status).as("%s: status of answer %s", description, body).isEqualTo(expectedStatus);
            try {
                assertThat(json()).as("%s: body", description).isEqualTo(JSON.readTree(expectedJson));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        /** Asserts a Confluent error answer: status, error_code, and a message containing {@code messagePart}. */
        Response isError(int expectedStatus, int errorCode, String messagePart) {
            assertThat(status).as("%s: status of answer %s", description, body).isEqualTo(expectedStatus);
            assertThat(json().path("error_code").asInt()).as("error_code of %s", body).isEqualTo(errorCode);
            assertThat(json().path("message").asText()).contains(messagePart);
            assertThat(json().size()).as("error answers have exactly error_code and message: %s", body).isEqualTo(2);
            return this;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    RegistryHttp(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return a request body {"schema": "<schema text>"} */
    static String schemaBody(String schema) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("schema", schema));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body, null);
    }

    Response put(String path, String body) {
        return send("PUT", path, body, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response send(String method, String path, String body, String accept) {
        return send(method, path, body, accept, "application/vnd.schemaregistry.v1+json");
    }

    /** @param contentType the request's Content-Type, or null for none */
    Response send(String method, String path, String body, String accept, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
