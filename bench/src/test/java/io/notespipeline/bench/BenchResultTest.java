package io.notespipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultTest {

    private static final BenchResult RESULT = new BenchResult(Instant.parse("2026-11-27T02:15:00Z"),
            Instant.parse("2026-11-27T02:19:30Z"), "abc1234", 42, true, 200_000, "embedded", "pycon_2017",
            Map.of("cores", "2", "memoryGiB", "23.5", "java", "17", "os", "Linux"),
            List.of(new BenchRow("1", "publisher events/s", 180_000.0, "events/s", "raw producer", 400_000.0, 0.45,
                            "≥ 0.9×", false, "best of 2 | rounds"),
                    new BenchRow("4a", "views fold", 400.0, "events/s", "trivial", 110_000.0, 400 / 110_000.0,
                            "≥ 0.5×", false, ""),
                    BenchRow.notMeasured("6", "key lookups/s", "—", "≥ 30,000/s", "QueryApi missing")));

    @Test
    void shouldPrintEveryRowWithItsBaselineRatioAndVerdict() {
        String table = RESULT.toMarkdown();

        assertThat(table).contains("seed 42", "quick", "2 cores, 23.5 GiB RAM, Java 17")
                .contains("| 1 | publisher events/s | 180,000 events/s | raw producer | 400,000 events/s | 0.45× | ≥ 0.9× "
                        + "| **no** | best of 2 \\| rounds |")
                .contains("| 0.004× |")
                .contains("| 6 | key lookups/s | — | — | — | — | ≥ 30,000/s | — | not measured (QueryApi missing) |");
    }

    @Test
    void shouldWriteJsonAndMarkdownNamedByDateAndCommit(@TempDir Path dir) throws Exception {
        Path json = RESULT.write(dir);

        assertThat(json.getFileName().toString()).isEqualTo("2026-11-27T0215-abc1234.json");
        JsonNode tree = Json.mapper().readTree(json.toFile());
        assertThat(tree.get("startedAt").asText()).isEqualTo("2026-11-27T02:15:00Z");
        assertThat(tree.get("rows").get(0).get("ratio").asDouble()).isEqualTo(0.45);
        assertThat(tree.get("rows").get(2).get("value").isNull()).isTrue();
        assertThat(Files.readString(dir.resolve("2026-11-27T0215-abc1234.md"))).isEqualTo(RESULT.toMarkdown());
    }
}
