package io.notespipeline.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.notespipeline.bench.BenchException;

/**
 * A closed-loop HTTP load by {@code wrk} (Debian package {@code wrk}, from the PATH): a C load generator that leaves
 * the cores to the server, where {@link HttpLoad}'s Java clients would take most of them. The paths are requested in
 * turn by a Lua script; latencies are wrk's (its percentiles), answers other than 2xx count as errors.
 */
final class WrkLoad {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("\\s(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)");

    /** The outcome: answered requests, non-2xx answers, rate, and the 50th and 99th percentiles in ms. */
    record Outcome(long requests, long errors, double perSecond, double p50Ms, double p99Ms) {
    }

    private WrkLoad() {
    }

    /** @return true when {@code wrk} runs */
    static boolean available() {
        try {
            Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param base        {@code http://host:port}
     * @param paths       requested in turn by every connection
     * @param connections concurrent connections (over 2 wrk threads)
     */
    static Outcome run(String base, List<String> paths, int connections, int seconds) {
        Path script = null;
        try {
            script = Files.createTempFile("bench-wrk", ".lua");
            Files.writeString(script, script(paths), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                    "-s", script.toString(), base).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new BenchException("wrk failed: " + out, null);
            }
            Matcher rate = RATE.matcher(out);
            Matcher count = COUNT.matcher(out);
            if (!rate.find() || !count.find()) {
                throw new BenchException("no rate in wrk's output: " + out, null);
            }
            Matcher errors = NON_2XX.matcher(out);
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            Matcher percentile = PERCENTILE.matcher(out);
            while (percentile.find()) {
                double ms = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                    case "us" -> 0.001;
                    case "s" -> 1000.0;
                    default -> 1.0;
                };
                if (percentile.group(1).equals("50")) {
                    p50 = ms;
                } else {
                    p99 = ms;
                }
            }
            return new Outcome(Long.parseLong(count.group(1)), errors.find() ? Long.parseLong(errors.group(1)) : 0,
                    Double.parseDouble(rate.group(1)), p50, p99);
        } catch (IOException e) {
            throw new BenchException("cannot run wrk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } finally {
            if (script != null) {
                script.toFile().delete();
            }
        }
    }

    private static String script(List<String> paths) {
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String path : paths) {
            lua.append("  \"").append(path.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
        }
        return lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                + "  return wrk.format(\"GET\", paths[(n % #paths) + 1])\nend\n").toString();
    }
}
