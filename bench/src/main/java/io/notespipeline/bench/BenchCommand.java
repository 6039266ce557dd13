package io.notespipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of the bench jar ({@code java -jar bench/target/notes-bench.jar}, or {@code ./notes bench}):
 * every headline figure next to its baseline measured in the same run.
 */
@Command(name = "notes bench", mixinStandardHelpOptions = true, version = "notes-pipeline bench 0.1.0",
        description = "Run the benchmark harness: prints a Markdown table, writes bench/results/<date>-<commit>.json.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller sizes (under 5 minutes on 2 cores).") boolean quick;
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this cluster instead of an embedded broker.") String bootstrap;
    @Option(names = "--seed", description = "Workload seed (printed in every run).") Long seed;
    @Option(names = "--events", description = "Events per figure.") Long events;
    @Option(names = "--only", paramLabel = "1,4,8", description = "Rows to run.") String only;
    @Option(names = "--out", paramLabel = "DIR", description = "Where results go (default bench/results).") String out;
    @Option(names = "--notes", paramLabel = "DIR", description = "Markdown notes the text lengths are drawn from.") String notes;
    @Option(names = "--postgres", paramLabel = "JDBC_URL|none", description = "PostgreSQL for row 8.") String postgres;
    @Spec CommandSpec spec;

    /** Runs the command line; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new BenchCommand()).execute(args);
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        add(args, "bootstrap", bootstrap);
        add(args, "seed", seed);
        add(args, "events", events);
        add(args, "only", only);
        add(args, "out", out);
        add(args, "notes", notes);
        add(args, "postgres", postgres);
        BenchResult result = new BenchRunner().run(BenchOptions.fromArgs(args.toArray(String[]::new)));
        spec.commandLine().getOut().println(result.toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void add(List<String> args, String name, Object value) {
        if (value != null) {
            args.add("--" + name + "=" + value);
        }
    }
}
