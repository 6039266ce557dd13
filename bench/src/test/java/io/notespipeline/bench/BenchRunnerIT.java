package io.notespipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: the harness runs end to end at a tiny size. Benchmarks are not tests: nothing asserts on time. */
class BenchRunnerIT {

    @Test
    void shouldReportEveryRowWithItsBaselineOrTheReasonItWasNotMeasured(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.defaults().withQuick(true).withEvents(1_000).withSeed(7)
                .withOutputDir(out).withOnly(Set.of("1", "8", "10"));

        BenchResult result = new BenchRunner().run(options);

        assertThat(result.rows()).extracting(BenchRow::id)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "9", "10");
        for (BenchRow row : result.rows()) {
            if (row.measured()) {
                assertThat(row.value()).as("row %s", row.id()).isPositive();
                assertThat(row.baselineValue()).as("row %s has its baseline from the same run", row.id()).isPositive();
                assertThat(row.ratio()).as("row %s", row.id()).isPositive();
            } else {
                assertThat(row.note()).as("row %s", row.id()).startsWith("not measured (");
            }
        }
        assertThat(result.rows().stream().filter(r -> List.of("1", "8b", "8c", "10").contains(r.id())))
                .allMatch(BenchRow::measured);
        assertThat(result.seed()).isEqualTo(7);
        Path json = out.resolve(result.fileStem() + ".json");
        JsonNode tree = Json.mapper().readTree(json.toFile());
        assertThat(tree.get("rows")).hasSize(12);
        assertThat(tree.get("machine").get("cores").asText()).isNotBlank();
        assertThat(Files.readString(out.resolve(result.fileStem() + ".md"))).contains("| 1 | publisher events/s");
        assertThat(result.toMarkdown()).contains("seed 7");
    }
}
