package io.notespipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.notespipeline.schemas.http.Json;

/**
 * The outcome of one benchmark run: every row with its baseline, and what it ran on.
 *
 * @param startedAt       start of the run (UTC)
 * @param finishedAt      end of the run (UTC)
 * @param commit          the git commit the code was built from ("unknown" outside a checkout)
 * @param seed            the workload seed
 * @param quick           whether the sizes were the quick ones
 * @param eventsPerFigure events per throughput figure
 * @param cluster         "embedded" or the bootstrap servers used
 * @param corpus          where the note text lengths came from
 * @param machine         cores, memory, Java and OS of the machine
 * @param rows            the figures, in the order
 */
public record BenchResult(Instant startedAt, Instant finishedAt, String commit, long seed, boolean quick,
        long eventsPerFigure, String cluster, String corpus, Map<String, String> machine, List<BenchRow> rows) {

    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm")
            .withZone(ZoneOffset.UTC);

    public BenchResult {
        machine = Map.copyOf(machine);
        rows = List.copyOf(rows);
    }

    /** @return the base name of the result files: {@code <date>-<commit>}. */
    public String fileStem() {
        return FILE_DATE.format(startedAt) + "-" + commit;
    }

    /** @return the report as a Markdown table with a header naming the run. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Run %s, commit %s, %s, seed %d, %,d events per figure, cluster %s, "
                        + "%.0f s.%nMachine: %s.%nText lengths from: %s.%n%n", startedAt, commit,
                quick ? "quick" : "full", seed, eventsPerFigure, cluster,
                (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0, machineLine(), corpus));
        sb.append("| # | figure | value | baseline (same run) | baseline value | ratio | target | met | notes |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (BenchRow r : rows) {
            sb.append("| ").append(r.id()).append(" | ").append(r.figure()).append(" | ")
                    .append(format(r.value(), r.unit())).append(" | ").append(r.baseline()).append(" | ")
                    .append(format(r.baselineValue(), r.unit())).append(" | ")
                    .append(ratio(r.ratio())).append(" | ")
                    .append(r.target()).append(" | ")
                    .append(r.met() == null ? "—" : r.met() ? "yes" : "**no**").append(" | ")
                    .append(r.note().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return sb.toString();
    }

    private String machineLine() {
        return String.format(Locale.ROOT, "%s cores, %s GiB RAM, Java %s, %s", machine.getOrDefault("cores", "?"),
                machine.getOrDefault("memoryGiB", "?"), machine.getOrDefault("java", "?"), machine.getOrDefault("os", "?"));
    }

    static String ratio(Double ratio) {
        if (ratio == null) {
            return "—";
        }
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f×" : "%.2f×", ratio);
    }

    static String format(Double value, String unit) {
        if (value == null) {
            return "—";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f %s", value, unit).trim();
        }
        return String.format(Locale.ROOT, "%.2f %s", value, unit).trim();
    }

    /** @return the result as plain maps and lists (times as ISO-8601 strings), ready for JSON. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("startedAt", startedAt.toString());
        tree.put("finishedAt", finishedAt.toString());
        tree.put("commit", commit);
        tree.put("seed", seed);
        tree.put("quick", quick);
        tree.put("eventsPerFigure", eventsPerFigure);
        tree.put("cluster", cluster);
        tree.put("corpus", corpus);
        tree.put("machine", new java.util.TreeMap<>(machine));
        tree.put("rows", rows);
        return tree;
    }

    /**
     * Writes {@code <dir>/<date>-<commit>.json} and {@code <dir>/<date>-<commit>.md}.
     *
     * @return the JSON file
     */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(fileStem() + ".json");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), toJsonTree());
            Files.writeString(dir.resolve(fileStem() + ".md"), toMarkdown(), StandardCharsets.UTF_8);
            return json;
        } catch (IOException e) {
            throw new BenchException("cannot write the results to " + dir + ": " + e.getMessage(), e);
        }
    }
}
