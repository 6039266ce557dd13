package io.notespipeline.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.notespipeline.bench.BenchException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP load with {@code wrk} (a C load generator: it leaves the cores to the server, where the JDK client in the
 * bench's JVM costs about as much CPU as the server it loads): {@code connections} closed-loop connections on two
 * threads, each request with the next of the given bodies or paths (a Lua script), latency percentiles from
 * {@code --latency}. Answers other than 2xx and socket errors are counted as errors.
 */
final class Wrk {

    private static final Logger log = LoggerFactory.getLogger(Wrk.class);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");

    /** What a run measured: the answered requests, per second, latency percentiles and errors. */
    record Result(double perSecond, double p50Ms, double p99Ms, long errors, long requests) {
    }

    private Wrk() {
    }

    /** @return true when {@code wrk} is on the PATH */
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

    /** POSTs {@code bodies} (JSON, in turn) to {@code url} for {@code time}. */
    static Result post(String url, List<String> bodies, int connections, Duration time) {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "local bodies = {\n");
        for (String body : bodies) {
            if (body.contains("]==]")) {
                throw new BenchException("a body cannot be quoted for Lua", null);
            }
            lua.append("[==[").append(body).append("]==],\n");
        }
        lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                + "  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\nend\n");
        return run(url, lua.toString(), connections, time);
    }

    /** GETs {@code paths} (in turn, on every connection) of the server at {@code base} ({@code http://host:port}). */
    static Result get(String base, List<String> paths, int connections, Duration time) {
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String path : paths) {
            lua.append("  \"").append(path.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
        }
        lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                + "  return wrk.format(\"GET\", paths[(n % #paths) + 1])\nend\n");
        return run(base, lua.toString(), connections, time);
    }

    private static Result run(String url, String lua, int connections, Duration time) {
        Path script = null;
        try {
            script = Files.createTempFile("bench-wrk-", ".lua");
            Files.writeString(script, lua, StandardCharsets.UTF_8);
            long seconds = Math.max(1, time.toSeconds());
            Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                    "-s", script.toString(), url).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new BenchException("wrk failed: " + out, null);
            }
            Matcher rate = RATE.matcher(out);
            Matcher count = COUNT.matcher(out);
            if (!rate.find() || !count.find()) {
                throw new BenchException("no rate in wrk's output: " + out, null);
            }
            long errors = 0;
            Matcher non2xx = NON_2XX.matcher(out);
            if (non2xx.find()) {
                errors += Long.parseLong(non2xx.group(1));
            }
            Matcher socket = SOCKET.matcher(out);
            if (socket.find()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(socket.group(g));
                }
            }
            Result result = new Result(Double.parseDouble(rate.group(1)), percentile(out, "50"), percentile(out, "99"),
                    errors, Long.parseLong(count.group(1)));
            log.info("wrk url={} connections={} result={}", url, connections, result);
            return result;
        } catch (IOException e) {
            throw new BenchException("cannot run wrk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    log.debug("cannot delete {}", script);
                }
            }
        }
    }

    /** @return the percentile line of {@code --latency} ("    99%   12.34ms") in ms */
    static double percentile(String out, String percent) {
        Matcher m = Pattern.compile("^\\s*" + percent + "%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }
}
