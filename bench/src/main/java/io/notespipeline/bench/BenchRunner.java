package io.notespipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.bench.internal.BenchCluster;
import io.notespipeline.bench.internal.FoldBench;
import io.notespipeline.bench.internal.HttpBench;
import io.notespipeline.bench.internal.LatencyBench;
import io.notespipeline.bench.internal.Machine;
import io.notespipeline.bench.internal.MemoryBench;
import io.notespipeline.bench.internal.NotesCorpus;
import io.notespipeline.bench.internal.PublisherBench;
import io.notespipeline.bench.internal.RegistryBench;
import io.notespipeline.bench.internal.Rows;
import io.notespipeline.bench.internal.SinksBench;
import io.notespipeline.bench.internal.TalkSizeBench;
import io.notespipeline.bench.internal.ViewsBench;
import io.notespipeline.bench.internal.Workload;

import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark harness: one run measures every figure of the issue next to its baseline, measured
 * in the same run on the same broker, and reports the ratio. Start it with {@link #run(BenchOptions)}
 * or {@link #main(String[])}: {@code ./notes bench --quick}, which runs {@code bench/target/notes-bench.jar}.
 *
 * <p>A figure that cannot be measured is reported as "not measured (reason)"; a failed figure does not
 * stop the others. Nothing here asserts on time.
 */
public final class BenchRunner {

    private final Logger log = LoggerFactory.getLogger(BenchRunner.class);

    /**
     * Runs every figure, writes {@code <outputDir>/<date>-<commit>.json} and {@code .md}.
     *
     * @return the result (its {@link BenchResult#toMarkdown()} is the table to print)
     */
    public BenchResult run(BenchOptions options) {
        Instant started = Instant.now();
        NotesCorpus corpus = corpus(options);
        int n = (int) Math.min(Integer.MAX_VALUE - 8, options.eventsPerFigure());
        log.info("Bench starting seed={} quick={} events={} corpus={} meanTextLength={}", options.seed(),
                options.quick(), n, corpus.source(), String.format(Locale.ROOT, "%.1f", corpus.meanTextLength()));
        Map<String, BenchRow> rows = new TreeMap<>(Comparator.comparing(BenchRunner::rowOrder));
        Path temp = tempDir();
        String cluster;
        try (BenchCluster kafka = BenchCluster.start(options.bootstrap(), Long.toHexString(System.currentTimeMillis()))) {
            cluster = kafka.description();
            String eventsTopic = kafka.name("events") + "." + TopicCatalog.EVENTS;
            Workload workload = Workload.generate(n, options.seed(), corpus, started.minusMillis(n + 60_000L),
                    kafka.catalog().events().valueSerde().serializer(), eventsTopic);
            log.info("Workload ready events={} meanSerializedBytes={}", n, (long) workload.meanSize());
            Sizes sizes = new Sizes(options.quick(), n);
            boolean preloaded = preload(options, rows, kafka, workload, eventsTopic, sizes);
            Double publisherRate = rows.containsKey("1") ? rows.get("1").value() : null;
            if (options.runs("4") || options.runs("7")) {
                add(rows, options, preloaded ? views(kafka, workload, eventsTopic, temp, sizes, options.seed())
                        : missing("4a", "4b", "7"));
            }
            if (options.runs("8")) {
                add(rows, options, preloaded ? sinks(kafka, eventsTopic, temp, options, sizes)
                        : missing("8a", "8b", "8c"));
            }
            if (options.runs("5")) {
                add(rows, options, latency(kafka, workload, temp, sizes));
            }
            if (options.runs("2") || options.runs("3") || options.runs("6")) {
                add(rows, options, new HttpBench(kafka, workload, temp.resolve("http"), sizes.httpSeconds(),
                        publisherRate).rows());
            }
            if (options.runs("9")) {
                rows.put("9", MemoryBench.row(temp.resolve("notes-up"), workload,
                        Duration.ofSeconds(sizes.settleSeconds()), Duration.ofSeconds(Math.max(5, sizes.httpSeconds()))));
            }
            if (options.runs("10")) {
                put(rows, "10", () -> RegistryBench.row(kafka, sizes.httpSeconds(), sizes.rounds()));
            }
            for (String number : List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")) {
                if (!options.runs(number)) {
                    rows.put(number, BenchRow.notMeasured(number, "row " + number, "—", "—", "not selected (only "
                            + String.join(",", new java.util.TreeSet<>(options.only())) + ")"));
                }
            }
        } finally {
            deleteRecursively(temp);
        }
        BenchResult result = new BenchResult(started, Instant.now(), Machine.commit(), options.seed(), options.quick(),
                n, cluster, corpus.source(), Machine.describe(), new ArrayList<>(rows.values()));
        Path json = result.write(options.outputDir());
        log.info("Bench done in {} s, results in {}", (result.finishedAt().toEpochMilli() - started.toEpochMilli())
                / 1000, json);
        return result;
    }

    /** Runs row 1 (or, when it is not selected but 4, 7 or 8 are, only loads the topic). @return loaded */
    private boolean preload(BenchOptions options, Map<String, BenchRow> rows, BenchCluster kafka, Workload workload,
            String eventsTopic, Sizes sizes) {
        if (options.runs("1")) {
            return put(rows, "1", () -> publisher(kafka, workload, eventsTopic, sizes));
        }
        if (options.runs("4") || options.runs("7") || options.runs("8")) {
            new PublisherBench(kafka, workload).publisher(kafka.createTopic("events"), 0, workload.size());
            return true;
        }
        return false;
    }

    private static void add(Map<String, BenchRow> rows, BenchOptions options, List<BenchRow> measured) {
        for (BenchRow r : measured) {
            if (options.runs(r.id().replaceAll("\\D", ""))) {
                rows.put(r.id(), r);
            }
        }
    }

    private static List<BenchRow> missing(String... ids) {
        List<BenchRow> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(BenchRow.notMeasured(id, "(needs the preloaded topic)", "—", "—",
                    "row 1 failed, so the events topic was not loaded"));
        }
        return rows;
    }

    /** Sizes and time budgets of a run. */
    private record Sizes(boolean quick, int events, long budgetMs, int latencyRate, int latencySeconds,
            int httpSeconds, int settleSeconds, int rounds) {
        Sizes(boolean quick, int events) {
            this(quick, events, quick ? 40_000 : 120_000, 5_000, quick ? 10 : 30,
                    events < 50_000 ? 1 : quick ? 5 : 15, events < 50_000 ? 2 : quick ? 10 : 20, quick ? 2 : 3);
        }
    }

    private boolean put(Map<String, BenchRow> rows, String id, Supplier<BenchRow> figure) {
        try {
            BenchRow row = figure.get();
            rows.put(id, row);
            return row.measured();
        } catch (RuntimeException e) {
            log.error("Figure {} failed", id, e);
            rows.put(id, BenchRow.notMeasured(id, "row " + id, "—", "—", "failed: " + e));
            return false;
        }
    }

    private BenchRow publisher(BenchCluster kafka, Workload workload, String eventsTopic, Sizes sizes) {
        PublisherBench bench = new PublisherBench(kafka, workload);
        int n = workload.size();
        int warm = Math.min(n, Math.max(1, n / 10));
        bench.raw(kafka.createTopic("warmup-raw"), 0, warm);
        bench.publisher(kafka.createTopic("warmup-publisher"), 0, warm);
        PublisherBench.Run raw = null;
        PublisherBench.Run pub = null;
        List<String> runs = new ArrayList<>();
        for (int round = 1; round <= sizes.rounds(); round++) {
            PublisherBench.Run r = bench.raw(kafka.createTopic("raw-r" + round), 0, n);
            PublisherBench.Run p = bench.publisher(round == 1 ? kafka.createTopic("events")
                    : kafka.createTopic("events-r" + round), 0, n);
            runs.add(String.format(Locale.ROOT, "round %d raw %,.0f pub %,.0f", round, r.rate(), p.rate()));
            raw = raw == null || r.rate() > raw.rate() ? r : raw;
            pub = pub == null || p.rate() > pub.rate() ? p : pub;
        }
        return Rows.atLeastRatio("1", "publisher events/s (build + validate + Avro/registry id, idempotent, acks=all)",
                pub.rate(), "events/s", "raw KafkaProducer<byte[],byte[]>, same bytes and settings", raw.rate(), 0.9,
                String.format(Locale.ROOT, "best of %d rounds after a %,d-event warm-up (%s); %,d events, mean value "
                        + "%.0f B; one sending thread each; CPU per event in the best rounds (this JVM: sending thread, "
                        + "producer network thread, embedded broker): publisher %.2f µs, raw %.2f µs", sizes.rounds(),
                        warm, String.join("; ", runs), n, workload.meanSize(), pub.cpuNsPerEvent() / 1000.0,
                        raw.cpuNsPerEvent() / 1000.0));
    }

    private List<BenchRow> views(BenchCluster kafka, Workload workload, String eventsTopic, Path temp, Sizes sizes,
            long seed) {
        ViewsBench bench = new ViewsBench(kafka, temp.resolve("streams"));
        List<BenchRow> rows = new ArrayList<>();
        double[] pure = FoldBench.pureRate(workload, sizes.budgetMs() / 8);
        double[] plain = FoldBench.rate(workload, sizes.budgetMs() / 4);
        ViewsBench.FoldRun eosViews = null;
        ViewsBench.FoldRun eosTrivial = null;
        Double alosRate = null;
        try {
            bench.trivial(eventsTopic, StreamsConfig.AT_LEAST_ONCE, sizes.budgetMs(), "warmup");
        } catch (RuntimeException e) {
            log.warn("Kafka Streams warm-up failed", e);
        }
        for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
            boolean alos = guarantee.equals(StreamsConfig.AT_LEAST_ONCE);
            String id = alos ? "4a" : "4b";
            String figure = "views fold events/s, " + (alos ? "at-least-once" : "exactly-once v2");
            try {
                ViewsBench.FoldRun trivial = bench.trivial(eventsTopic, guarantee, sizes.budgetMs());
                ViewsBench.FoldRun fold = bench.views(eventsTopic, guarantee, sizes.budgetMs());
                rows.add(Rows.atLeastRatio(id, figure, fold.rate(), "events/s",
                        "trivial groupByKey().aggregate (sum of longs), same topic and settings", trivial.rate(), 0.5,
                        foldNote(fold, trivial)));
                if (!alos) {
                    eosViews = fold;
                    eosTrivial = trivial;
                } else {
                    alosRate = fold.rate();
                    rows.add(Rows.absolute("4c", "diagnostic: the fold function alone, as the topology folds (no Kafka, no store)",
                            plain[0], "events/s", "trivial aggregate, at-least-once (row 4a)", trivial.rate(), "—", null,
                            String.format(Locale.ROOT, "%,.0f events folded in order on one thread, one working note "
                                    + "tree per talk in a HashMap (TalkLog.Folding, the fold an event of the topology "
                                    + "runs): the ceiling of row 4 whatever the stores cost; the pure reference fold "
                                    + "(TalkViewFolder.apply, a new view and a copy of the talk's tree per event): "
                                    + "%,.0f events/s over %,.0f events", plain[1], pure[0], pure[1])));
                }
            } catch (RuntimeException e) {
                log.error("Figure {} failed", id, e);
                rows.add(BenchRow.notMeasured(id, figure, "trivial aggregate", "≥ 0.5×", "failed: " + e));
            }
        }
        rows.addAll(bench.diagnostics(eventsTopic, sizes.budgetMs() / 4, alosRate));
        try {
            rows.add(new TalkSizeBench(kafka, bench, seed).row(sizes.quick() ? 20_000 : 100_000, sizes.budgetMs()));
        } catch (RuntimeException e) {
            log.error("Figure 4f failed", e);
            rows.add(BenchRow.notMeasured("4f", "views fold events/s (edits) on a talk of 10,000 notes",
                    "the same edits on a talk of 100 notes", "≥ 0.8×", "failed: " + e));
        }
        if (eosViews != null && eosTrivial.complete()) {
            boolean projected = !eosViews.complete();
            double seconds = projected ? eosViews.wallSeconds() + (sizes.events() - eosViews.events())
                    / Math.max(eosViews.rate(), 1e-9) : eosViews.wallSeconds();
            rows.add(Rows.atMostRatio("7", "replay: rebuild all views from the topic (s, start to caught up)",
                    seconds, "s", "the trivial aggregate's time, same topic, exactly-once v2",
                    eosTrivial.wallSeconds(), 2, String.format(Locale.ROOT, "%,d events; the exactly-once run of 4b "
                            + "(the default guarantee) timed from KafkaStreams.start()%s", sizes.events(),
                            projected ? String.format(Locale.ROOT, "; PROJECTED: the fold processed %,d events in "
                                    + "the %d s budget, the rest at its measured rate", eosViews.events(),
                                    sizes.budgetMs() / 1000) : "")));
        } else {
            rows.add(BenchRow.notMeasured("7", "replay: rebuild all views from the topic", "trivial aggregate's time",
                    "≤ 2×", eosViews == null ? "the exactly-once fold failed"
                            : "the trivial aggregate did not finish within the time budget"));
        }
        return rows;
    }

    private static String foldNote(ViewsBench.FoldRun fold, ViewsBench.FoldRun trivial) {
        int threads = new io.notespipeline.streams.ViewsConfig(java.util.Map.of())
                .getInt(io.notespipeline.streams.ViewsConfig.THREADS_CONFIG); // the default, for fold and baseline alike
        return String.format(Locale.ROOT, "%,d events from offset 0, 6 partitions, %d stream thread%s, commit 100 ms;"
                + " rate from RUNNING to the last offset processed, after %d warm-up folds (alternately at-least-once"
                + " and exactly-once) and a warm-up of the baseline; fold: %s; baseline: %s%s%s",
                fold.events(), threads, threads == 1 ? "" : "s", ViewsBench.WARMUPS, fold.jvmText(), trivial.jvmText(),
                fold.complete() ? "" : "; fold stopped at the time budget (rate from partial progress)",
                trivial.complete() ? "" : "; trivial aggregate stopped at the time budget");
    }

    private List<BenchRow> sinks(BenchCluster kafka, String eventsTopic, Path temp, BenchOptions options, Sizes sizes) {
        SinksBench bench = new SinksBench(kafka, temp.resolve("sinks"));
        List<BenchRow> rows = new ArrayList<>();
        long total = sizes.events();
        SinksBench.Drain raw;
        try {
            raw = bench.rawConsumer(eventsTopic, total, sizes.budgetMs());
        } catch (RuntimeException e) {
            log.error("Raw consumer failed", e);
            for (String id : List.of("8a", "8b", "8c")) {
                rows.add(BenchRow.notMeasured(id, "sink events/s", "raw consumer", "—", "raw consumer failed: " + e));
            }
            return rows;
        }
        String baseline = "raw KafkaConsumer<byte[],byte[]>, read_committed, 5000 records/poll";
        String note = "%,d events from offset 0; from the first batch to the end of a graceful close%s";
        if (options.postgresUrl().isPresent()) {
            try (SinksBench.PgSchema pg = SinksBench.PgSchema.create(options.postgresUrl().get(),
                    Long.toHexString(System.currentTimeMillis()))) {
                SinksBench.Drain d = bench.warehouse(eventsTopic, "pg", pg.url(), total, sizes.budgetMs());
                rows.add(Rows.absolute("8a", "warehouse events/s into PostgreSQL", d.rate(), "events/s", baseline,
                        raw.rate(), "≥ 50,000 events/s", d.rate() >= 50_000, String.format(Locale.ROOT, note,
                                d.events(), complete(d))));
            } catch (RuntimeException e) {
                log.error("PostgreSQL warehouse failed", e);
                rows.add(BenchRow.notMeasured("8a", "warehouse events/s into PostgreSQL", baseline, "≥ 50,000 events/s",
                        "failed: " + e));
            }
        } else {
            rows.add(BenchRow.notMeasured("8a", "warehouse events/s into PostgreSQL", baseline, "≥ 50,000 events/s",
                    "no PostgreSQL URL given"));
        }
        rows.add(measure("8b", "warehouse events/s into SQLite", baseline, "—", () -> {
            SinksBench.Drain d = bench.warehouse(eventsTopic, "sqlite", "jdbc:sqlite:"
                    + temp.resolve("sinks").resolve("warehouse.db"), total, sizes.budgetMs());
            return Rows.absolute("8b", "warehouse events/s into SQLite", d.rate(), "events/s", baseline, raw.rate(),
                    "— (no target)", null, String.format(Locale.ROOT, note, d.events(), complete(d)));
        }));
        rows.add(measure("8c", "lake events/s (Avro container files)", baseline, "≥ 0.5×", () -> {
            SinksBench.Drain d = bench.lake(eventsTopic, total, sizes.budgetMs());
            return Rows.atLeastRatio("8c", "lake events/s (Avro container files)", d.rate(), "events/s", baseline,
                    raw.rate(), 0.5, String.format(Locale.ROOT, note, d.events(), complete(d)));
        }));
        return rows;
    }

    private static String complete(SinksBench.Drain d) {
        return d.complete() ? "" : "; stopped at the time budget (rate from partial progress)";
    }

    private BenchRow measure(String id, String figure, String baseline, String target, Supplier<BenchRow> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            log.error("Figure {} failed", id, e);
            return BenchRow.notMeasured(id, figure, baseline, target, "failed: " + e);
        }
    }

    private List<BenchRow> latency(BenchCluster kafka, Workload workload, Path temp, Sizes sizes) {
        String baseline = "raw producer → raw consumer, same bytes and rate";
        try {
            LatencyBench bench = new LatencyBench(kafka, workload, temp.resolve("latency"));
            Histogram raw = bench.rawLatency(sizes.latencyRate(), sizes.latencySeconds());
            LatencyBench.ViewsLatency measured = bench.viewsLatency(sizes.latencyRate(), sizes.latencySeconds(),
                    sizes.latencySeconds());
            Histogram views = measured.histogram();
            String note = String.format(Locale.ROOT, "%,d events at %,d/s for %d s, first second left out; publisher "
                    + "→ positions store of the views service (exactly-once v2) via interactive queries, read every "
                    + "1 ms; max %.1f ms (raw %.1f ms)%s", views.getTotalCount(), sizes.latencyRate(), sizes.latencySeconds(),
                    views.getMaxValue() / 1000.0, raw.getMaxValue() / 1000.0, measured.censored() == 0 ? ""
                            : String.format(Locale.ROOT, "; %,d events were still not queryable %d s after the last "
                                    + "send: the views fell behind the offered rate (see row 4), they are counted at "
                                    + "their latency so far (a lower bound)", measured.censored(),
                                    sizes.latencySeconds()));
            double p50 = views.getValueAtPercentile(50) / 1000.0;
            double p99 = views.getValueAtPercentile(99) / 1000.0;
            return List.of(
                    Rows.absolute("5a", "produce → queryable latency p50", p50, "ms", baseline,
                            raw.getValueAtPercentile(50) / 1000.0, "—", null, note),
                    Rows.absolute("5b", "produce → queryable latency p99", p99, "ms", baseline,
                            raw.getValueAtPercentile(99) / 1000.0, "p99 ≤ 50 ms", p99 <= 50, note));
        } catch (RuntimeException e) {
            log.error("Figure 5 failed", e);
            return List.of(BenchRow.notMeasured("5b", "produce → queryable latency p99", baseline, "p99 ≤ 50 ms",
                    "failed: " + e));
        }
    }

    private NotesCorpus corpus(BenchOptions options) {
        return options.notesDir().or(() -> NotesCorpus.locate(Path.of("")))
                .filter(Files::isDirectory).map(NotesCorpus::read).orElseGet(() -> {
                    log.warn("Notes folder {} not found; using the built-in length distribution",
                            NotesCorpus.DEFAULT_RELATIVE);
                    return NotesCorpus.builtIn();
                });
    }

    /** Orders row ids the way the table does: by number, then letter. */
    private static String rowOrder(String id) {
        String digits = id.replaceAll("\\D", "");
        return String.format(Locale.ROOT, "%03d%s", digits.isEmpty() ? 999 : Integer.parseInt(digits),
                id.replaceAll("\\d", ""));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("notes-bench");
        } catch (IOException e) {
            throw new BenchException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}", dir, e);
        }
    }

    /**
     * Runs the harness from the command line ({@link BenchCommand}: {@code --help} lists the flags) and prints
     * the table; the main class of {@code bench/target/notes-bench.jar}, which {@code ./notes bench} runs.
     */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        System.exit(BenchCommand.run(args));
    }
}
