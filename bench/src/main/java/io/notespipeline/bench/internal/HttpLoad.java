package io.notespipeline.bench.internal;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.notespipeline.bench.BenchException;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load: {@code clients} threads, each sending its next request as soon as the
 * previous one is answered, for a fixed time after a warm-up. Every answer that arrives inside the
 * measured window counts (a slow request that started in the warm-up too); latencies (µs) go into an
 * HdrHistogram; answers other than the expected status are counted as errors.
 */
public final class HttpLoad {

    /**
     * The outcome.
     *
     * @param requests  answered requests in the measured window
     * @param errors    answers with an unexpected status, or failed requests
     * @param perSecond requests per second
     * @param latency   latencies in µs
     */
    public record Outcome(long requests, long errors, double perSecond, Histogram latency) {
        public double p99Ms() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        public double p50Ms() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }
    }

    private HttpLoad() {
    }

    /**
     * @param clients  concurrent clients (threads, one connection each)
     * @param warmup   time not measured
     * @param measured time measured
     * @param expected expected status code
     * @param request  builds the n-th request of a client ({@code client * 1_000_000 + n})
     */
    public static Outcome run(int clients, Duration warmup, Duration measured, int expected,
            IntFunction<HttpRequest> request) {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> loop(client, measureFrom, end, expected, request, recorder, errors, count),
                    "bench-http-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(end - start) + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted", e);
            }
        }
        Histogram latency = recorder.getIntervalHistogram();
        double seconds = measured.toNanos() / 1e9;
        return new Outcome(count.get(), errors.get(), count.get() / seconds, latency);
    }

    private static void loop(int client, long measureFrom, long end, int expected, IntFunction<HttpRequest> request,
            Recorder recorder, AtomicLong errors, AtomicLong count) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int n = 0;
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                return;
            }
            boolean ok;
            try {
                HttpResponse<byte[]> response = http.send(request.apply(client * 1_000_000 + n++),
                        HttpResponse.BodyHandlers.ofByteArray());
                ok = response.statusCode() == expected;
            } catch (java.io.IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long t1 = System.nanoTime();
            if (t1 >= measureFrom && t1 <= end) {
                recorder.recordValue(Math.max(1, (t1 - t0) / 1000));
                count.incrementAndGet();
                if (!ok) {
                    errors.incrementAndGet();
                }
            }
        }
    }
}
