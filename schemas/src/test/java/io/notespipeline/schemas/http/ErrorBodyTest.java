package io.notespipeline.schemas.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void shouldWriteCodeMessageErrorsAndExtraInOrder() {
        ErrorBody body = ErrorBody.of(ErrorCode.INVALID_EVENTS, "invalid events")
                .withErrors(List.of(new ErrorBody.Item(1, "payload.text", "required", "text is required"),
                        new ErrorBody.Item(2, "", null, "not an event")))
                .withExtra(Map.of("position", "0-7"));

        assertThat(body.httpStatus()).isEqualTo(422);
        assertThat(body.toJson()).isEqualTo("{\"error_code\":42250,\"message\":\"invalid events\",\"errors\":["
                + "{\"index\":1,\"field\":\"payload.text\",\"rule\":\"required\",\"reason\":\"text is required\"},"
                + "{\"index\":2,\"field\":\"\",\"reason\":\"not an event\"}],\"position\":\"0-7\"}");
    }

    @Test
    void shouldLeaveOutAnEmptyErrorListSoRegistryAnswersStayConfluentShaped() {
        assertThat(ErrorBody.of(40401, "Subject 'x' not found.").toJson())
                .isEqualTo("{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");
    }

    @Test
    void shouldReadBackWhatItWrites() throws Exception {
        ErrorBody body = ErrorBody.of(ErrorCode.TIMEOUT, "late")
                .withErrors(List.of(new ErrorBody.Item(0, "after", "position", "not reached")))
                .withExtra(Map.of("position", "1-2"));

        JsonNode tree = Json.mapper().readTree(body.toJson());

        assertThat(ErrorBody.read(tree, 504, "?")).isEqualTo(body);
    }

    @Test
    void shouldUseTheStatusAsGenericCodeWhenAnAnswerHasNone() throws Exception {
        ErrorBody read = ErrorBody.read(Json.mapper().readTree("\"oops\""), 502, "oops");

        assertThat(read.errorCode()).isEqualTo(50200);
        assertThat(read.message()).isEqualTo("oops");
    }

    @Test
    void shouldRefuseExtraFieldsThatReplaceBodyFields() {
        assertThatThrownBy(() -> ErrorBody.of(ErrorCode.MALFORMED_JSON, "x").withExtra(Map.of("message", "y")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapEveryCodeToItsStatusAndKeepConfluentsIncompatibleCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.code() / 100).as(code.name()).isEqualTo(code.httpStatus());
            assertThat(code.code() % 100).as("%s: notes codes are xx00 or xx50+, or a Confluent code of the same meaning",
                    code).satisfiesAnyOf(n -> assertThat(n).isZero(), n -> assertThat(n).isGreaterThanOrEqualTo(50),
                    n -> assertThat(code).isIn(ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN));
        }
        assertThat(ErrorCode.httpStatusOf(409)).isEqualTo(409);
        assertThat(ErrorCode.httpStatusOf(40403)).isEqualTo(404);
    }

    @Test
    void shouldWriteTimesAsIsoStrings() throws Exception {
        String json = Json.mapper().writeValueAsString(Map.of("at", Instant.parse("2024-05-01T10:00:00Z"),
                "grace", Duration.ofSeconds(90)));

        assertThat(Json.mapper().readTree(json).path("at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(Json.mapper().readTree(json).path("grace").asText()).isEqualTo("PT1M30S");
        assertThat(Json.mapper().readValue("\"2024-05-01T10:00:00Z\"", Instant.class))
                .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    record Point(int x) {
    }

    @Test
    void shouldKeepEachMappersStrictness() throws Exception {
        assertThatThrownBy(() -> Json.strictMapper().readTree("{\"a\": 1, \"a\": 2}")).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> Json.strictMapper().readTree("{} {}")).hasMessageContaining("Trailing");
        assertThat(Json.mapper().readTree("{\"a\": 1, \"a\": 2}").path("a").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> Json.mapper().readValue("{\"x\": 1, \"y\": 2}", Point.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThat(Json.lenientMapper().readValue("{\"x\": 1, \"y\": 2}", Point.class)).isEqualTo(new Point(1));
    }
}
