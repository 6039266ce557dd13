package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.http.Json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every chaos scenario must end with, checked with the product's own commands as a user would run them:
 * the audit is complete ({@code notes audit}), {@code notes audit verify} finds nothing missing, duplicated or
 * unexpected in the warehouse and the lake, and the live views equal {@code notes replay views}. Then every
 * acknowledged event is looked up in the warehouse (which now equals the log): the figures lost and doubled.
 */
final class ChaosChecks {

    private static final Logger log = LoggerFactory.getLogger(ChaosChecks.class);
    private static final Pattern VERIFY = Pattern.compile(
            "log (\\d+) events, \\w+ (\\d+); (\\d+) missing, (\\d+) duplicated, (\\d+) unexpected");

    /** The figures of the end state. */
    record Outcome(long inLog, long lost, long doubled, long writtenUnacknowledged, double settleSeconds) {
    }

    private final Path dataDir;
    private final List<String> where;

    /**
     * @param dataDir the sinks' data dir (warehouse.db, lake/)
     * @param where   extra client flags ({@code --bootstrap}, {@code --registry-url}, {@code --api-url}) when the
     *                pipeline does not run as one {@code notes up} in {@code dataDir}
     */
    ChaosChecks(Path dataDir, String... where) {
        this.dataDir = dataDir;
        this.where = List.of(where);
    }

    /** Waits for every tier to reach the log, then runs every check; fails the test on the first that fails. */
    Outcome settle(Set<String> acknowledged, Duration atMost) {
        long started = System.nanoTime();
        JsonNode[] last = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            last[0] = Json.mapper().readTree(run("audit", "--json").out()).get("summary");
            assertThat(last[0].get("buckets").asInt()).as("audit buckets").isPositive();
            assertThat(last[0].get("complete").asInt()).as("every audit bucket complete: %s", last[0])
                    .isEqualTo(last[0].get("buckets").asInt());
        });
        double settleSeconds = (System.nanoTime() - started) / 1e9;
        Cli table = run("audit");
        assertThat(table.code()).as("notes audit exits 0 when no bucket is incomplete: %s", table.out()).isZero();
        long doubled = 0;
        long inLog = -1;
        for (String tier : List.of("warehouse", "lake")) {
            Cli verify = run("audit", "verify", "--tier", tier);
            Matcher m = VERIFY.matcher(verify.out());
            assertThat(m.find()).as("notes audit verify --tier %s printed %s %s", tier, verify.out(), verify.err()).isTrue();
            log.info("notes audit verify --tier {}: {}", tier, m.group());
            assertThat(verify.code()).as("notes audit verify --tier %s: %s", tier, verify.out()).isZero();
            assertThat(m.group(3) + " missing, " + m.group(4) + " duplicated, " + m.group(5) + " unexpected")
                    .as("%s vs log", tier).isEqualTo("0 missing, 0 duplicated, 0 unexpected");
            doubled += Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
            inLog = Long.parseLong(m.group(1));
        }
        // a replay rebuilds every view from offset 0: minutes on a loaded machine; a second one only when the live
        // topic still lagged the stores (it is emitted once per talk per streams.views.emit.interval.ms)
        await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            Cli replay = run("replay", "views");
            assertThat(replay.out()).as("notes replay views: %s %s", replay.out(), replay.err())
                    .contains("EQUAL to the live views");
        });
        Set<String> inWarehouse = warehouseIds();
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(inWarehouse);
        long unacknowledged = inWarehouse.size() - (acknowledged.size() - lost.size());
        return new Outcome(inLog, lost.size(), doubled, unacknowledged, settleSeconds);
    }

    private Set<String> warehouseIds() {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("warehouse.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_id FROM note_events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the warehouse: " + e.getMessage(), e);
        }
        return ids;
    }

    record Cli(int code, String out, String err) {
    }

    /** Runs a {@code notes} client command in this JVM against the pipeline; does not fail on a non-zero exit. */
    Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        all.addAll(where);
        int code = Notes.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    /** One line of figures for the note, in a fixed shape the suite's readers can grep ("CHAOS"). */
    static String figures(String scenario, long seed, Map<String, Object> values) {
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("seed", seed);
        ordered.putAll(values);
        StringBuilder line = new StringBuilder("CHAOS ").append(scenario);
        ordered.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    /** @return the seed: {@code -Dchaos.seed}, else a new one (printed by the caller so the run can be replayed) */
    static long seed() {
        String given = System.getProperty("chaos.seed");
        return given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
    }

    /** @return true when {@code -Dchaos.long=true}: the long versions of the scenarios */
    static boolean longRun() {
        return Boolean.getBoolean("chaos.long");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * @return {@code env} plus {@code NOTES_STREAMS_PROCESSING_GUARANTEE} from {@code -Dchaos.guarantee} when it is
     *         given (exactly_once_v2 or at_least_once), else {@code env}
     */
    static Map<String, String> withGuarantee(Map<String, String> env) {
        String guarantee = System.getProperty("chaos.guarantee", "");
        if (guarantee.isBlank()) {
            return env;
        }
        Map<String, String> with = new HashMap<>(env);
        with.put("NOTES_STREAMS_PROCESSING_GUARANTEE", guarantee);
        return Map.copyOf(with);
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
