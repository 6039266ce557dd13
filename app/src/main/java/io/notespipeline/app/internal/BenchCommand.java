package io.notespipeline.app.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.notespipeline.bench.BenchOptions;
import io.notespipeline.bench.BenchResult;
import io.notespipeline.bench.BenchRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes bench}: every headline figure next to its baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmark harness: prints a Markdown table, writes bench/results/<date>-<commit>.json.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller sizes (under 5 minutes on 2 cores).") boolean quick;
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this cluster instead of an embedded broker.") String bootstrap;
    @Option(names = "--seed", description = "Workload seed (printed in every run).") Long seed;
    @Option(names = "--events", description = "Events per figure.") Long events;
    @Option(names = "--only", paramLabel = "1,4,8", description = "Rows to run.") String only;
    @Option(names = "--out", paramLabel = "DIR", description = "Where results go (default bench/results).") String out;
    @Option(names = "--postgres", paramLabel = "JDBC_URL|none", description = "PostgreSQL for row 8.") String postgres;
    @Spec CommandSpec spec;

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
