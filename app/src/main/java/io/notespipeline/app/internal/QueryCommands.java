package io.notespipeline.app.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.http.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The read commands: thin clients of the query API that print its JSON, indented. */
public final class QueryCommands {

    private static final ObjectMapper JSON = Json.mapper();

    private QueryCommands() {
    }

    static int print(CommandSpec spec, String body) throws Exception {
        Object tree = JSON.readTree(body);
        spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code notes talk ID [--as-of T] [--after TOKEN]}. */
    @Command(name = "talk", mixinStandardHelpOptions = true, description = "Show a talk's view (now, or as of a time).")
    public static final class Talk implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--as-of", paramLabel = "T", description = "ISO-8601 time: the talk as it stood then.") String asOf;
        @Option(names = "--after", paramLabel = "TOKEN", description = "Wait until the view includes this write position.") String after;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("asOf", asOf);
            q.put("after", after);
            return print(spec, new Connection(client).get("/v1/talks/" + id, q));
        }
    }

    /** {@code notes talks [--speaker S] [--tag T] [--conference C]}. */
    @Command(name = "talks", mixinStandardHelpOptions = true, description = "List talks (paged, filtered).")
    public static final class Talks implements Callable<Integer> {
        @Option(names = "--speaker") String speaker;
        @Option(names = "--tag") String tag;
        @Option(names = "--conference") String conference;
        @Option(names = "--page", defaultValue = "0") int page;
        @Option(names = "--size", defaultValue = "50") int size;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("speaker", speaker);
            q.put("tag", tag);
            q.put("conference", conference);
            q.put("page", String.valueOf(page));
            q.put("size", String.valueOf(size));
            return print(spec, new Connection(client).get("/v1/talks", q));
        }
    }

    /** {@code notes search Q}. */
    @Command(name = "search", mixinStandardHelpOptions = true, description = "Fuzzy search over titles, speakers and notes.")
    public static final class Search implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "Q") String query;
        @Option(names = "--limit", defaultValue = "10") int limit;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return print(spec, new Connection(client).get("/v1/search", Map.of("q", query, "limit", String.valueOf(limit))));
        }
    }

    /** {@code notes history ID}. */
    @Command(name = "history", mixinStandardHelpOptions = true, description = "The events applied to a talk, with time, author and kind.")
    public static final class History implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--page", defaultValue = "0") int page;
        @Option(names = "--size", defaultValue = "100") int size;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return print(spec, new Connection(client).get("/v1/talks/" + id + "/history",
                    Map.of("page", String.valueOf(page), "size", String.valueOf(size))));
        }
    }
}
