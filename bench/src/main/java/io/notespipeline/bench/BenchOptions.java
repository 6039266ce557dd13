package io.notespipeline.bench;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link BenchRunner} runs.
 *
 * @param quick       smaller sizes (the whole run stays under 5 minutes on 2 cores)
 * @param bootstrap   an existing Kafka cluster to use; empty starts an embedded broker for the run
 * @param outputDir   where {@code <date>-<commit>.json} and the table are written (e.g. {@code bench/results})
 * @param seed        seed of the workload generator (printed in the report: it reproduces the workload)
 * @param events      events per throughput figure; 0 picks the mode's default (quick 200k, full 1M)
 * @param notesDir    the Markdown notes the text lengths are drawn from; empty searches
 *                    {@code shared/data/pycon_2017} from the working directory upwards
 * @param postgresUrl JDBC URL of the PostgreSQL warehouse row (a fresh schema is created and dropped in it);
 *                    empty skips PostgreSQL
 * @param only        the row numbers to run ("1" to "9"); empty runs them all
 */
public record BenchOptions(boolean quick, Optional<String> bootstrap, Path outputDir, long seed, long events,
        Optional<Path> notesDir, Optional<String> postgresUrl, Set<String> only) {

    /** The local PostgreSQL the project's integration tests use. */
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    public static final long QUICK_EVENTS = 200_000;
    public static final long FULL_EVENTS = 1_000_000;

    public BenchOptions {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(notesDir, "notesDir");
        Objects.requireNonNull(postgresUrl, "postgresUrl");
        only = Set.copyOf(only);
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0, was " + events);
        }
    }

    /** @return full sizes, embedded broker, {@code bench/results}, a time-based seed, the local PostgreSQL. */
    public static BenchOptions defaults() {
        return new BenchOptions(false, Optional.empty(), Path.of("bench", "results"), System.nanoTime(), 0,
                Optional.empty(), Optional.of(DEFAULT_POSTGRES_URL), Set.of());
    }

    public BenchOptions withQuick(boolean q) {
        return new BenchOptions(q, bootstrap, outputDir, seed, events, notesDir, postgresUrl, only);
    }

    public BenchOptions withBootstrap(String servers) {
        return new BenchOptions(quick, Optional.ofNullable(servers).filter(s -> !s.isBlank()), outputDir, seed,
                events, notesDir, postgresUrl, only);
    }

    public BenchOptions withOutputDir(Path dir) {
        return new BenchOptions(quick, bootstrap, dir, seed, events, notesDir, postgresUrl, only);
    }

    public BenchOptions withSeed(long s) {
        return new BenchOptions(quick, bootstrap, outputDir, s, events, notesDir, postgresUrl, only);
    }

    public BenchOptions withEvents(long n) {
        return new BenchOptions(quick, bootstrap, outputDir, seed, n, notesDir, postgresUrl, only);
    }

    public BenchOptions withNotesDir(Path dir) {
        return new BenchOptions(quick, bootstrap, outputDir, seed, events, Optional.ofNullable(dir), postgresUrl, only);
    }

    /** @param url JDBC URL, or null/blank to skip the PostgreSQL row */
    public BenchOptions withPostgresUrl(String url) {
        return new BenchOptions(quick, bootstrap, outputDir, seed, events, notesDir,
                Optional.ofNullable(url).filter(s -> !s.isBlank()), only);
    }

    /** @param rows the row numbers to run ("1" to "9"); empty runs them all */
    public BenchOptions withOnly(Set<String> rows) {
        return new BenchOptions(quick, bootstrap, outputDir, seed, events, notesDir, postgresUrl, rows);
    }

    /** @return true when row {@code number} ("1" to "9") is to run. */
    public boolean runs(String number) {
        return only.isEmpty() || only.contains(number);
    }

    /** @return the events per throughput figure. */
    public long eventsPerFigure() {
        return events > 0 ? events : quick ? QUICK_EVENTS : FULL_EVENTS;
    }

    /**
     * Parses the flags of {@link BenchCommand}: {@code --quick}, {@code --bootstrap=}, {@code --seed=},
     * {@code --events=}, {@code --out=}, {@code --notes=}, {@code --postgres=<url>|none}, {@code --only=1,4}.
     *
     * @throws IllegalArgumentException on an unknown flag
     */
    public static BenchOptions fromArgs(String... args) {
        BenchOptions options = defaults();
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.equals("--quick")) {
                options = options.withQuick(true);
            } else if (arg.startsWith("--bootstrap=")) {
                options = options.withBootstrap(value);
            } else if (arg.startsWith("--seed=")) {
                options = options.withSeed(Long.parseLong(value));
            } else if (arg.startsWith("--events=")) {
                options = options.withEvents(Long.parseLong(value));
            } else if (arg.startsWith("--out=")) {
                options = options.withOutputDir(Path.of(value));
            } else if (arg.startsWith("--notes=")) {
                options = options.withNotesDir(Path.of(value));
            } else if (arg.startsWith("--only=")) {
                options = options.withOnly(Set.of(value.split(",")));
            } else if (arg.startsWith("--postgres=")) {
                options = options.withPostgresUrl(value.equals("none") ? null : value);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + " (see notes bench --help)");
            }
        }
        return options;
    }
}
