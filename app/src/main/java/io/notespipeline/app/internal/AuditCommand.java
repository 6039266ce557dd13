package io.notespipeline.app.internal;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.notespipeline.consumer.AuditVerifier;
import io.notespipeline.schemas.IsoTime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes audit}: which time buckets reached every tier; {@code notes audit verify}: which eventIds did not. */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditCommand.Verify.class,
        description = "Print the audit table: per bucket, produced vs applied/rejected vs lake vs warehouse, and the lag per tier.")
public final class AuditCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "T", description = "ISO-8601 start of the range.") String from;
    @Option(names = "--to", paramLabel = "T", description = "ISO-8601 end of the range.") String to;
    @Option(names = "--json", description = "Print the API's JSON instead of the table.") boolean json;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("from", from);
        q.put("to", to);
        Connection connection = new Connection(client);
        if (json) {
            return QueryCommands.print(spec, connection.get("/v1/audit", q));
        }
        String table = connection.get("/v1/audit", q, "text/plain");
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return table.contains(" 0 incomplete") ? 0 : 3;
    }

    /** {@code notes audit verify --tier warehouse|lake}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Compare the eventIds in the log and in a tier for a range; list every missing or duplicated id.")
    public static final class Verify implements Callable<Integer> {
        @Option(names = "--tier", required = true, paramLabel = "warehouse|lake") String tier;
        @Option(names = "--from", paramLabel = "T") String from;
        @Option(names = "--to", paramLabel = "T") String to;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Connection connection = new Connection(client);
            Instant start = from == null ? null : IsoTime.parse("--from", from);
            Instant end = to == null ? null : IsoTime.parse("--to", to);
            AuditVerifier.Result result = new AuditVerifier(ReplayCommands.sinksConfig(client),
                    connection.endpoints().bootstrap(), connection.catalog())
                    .verify(AuditVerifier.Tier.parse(tier), start, end);
            PrintWriter out = spec.commandLine().getOut();
            out.print(AuditVerifier.format(result));
            out.flush();
            return result.ok() ? 0 : 3;
        }
    }
}
