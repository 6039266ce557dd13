package io.notespipeline.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Readers of the chaos suite: clients asking one query API for the views of random known talks, one request after
 * the other, remembering when each request that was not answered 200 was sent. A talk created by the writers is
 * always there to be read, so any other answer (or none) is a query the views failed to answer.
 */
final class QueryLoad implements AutoCloseable {

    private final Supplier<String> api;
    private final Set<String> talks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong lastAnsweredNanos = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> failedAtNanos = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param api     the query API's URL, read before each request (the survivor's after a kill)
     * @param talks   the talks that exist (grows as the writers create them)
     * @param seed    drives which talk each request reads
     * @param clients concurrent readers
     */
    QueryLoad(Supplier<String> api, Set<String> talks, long seed, int clients) {
        this.api = api;
        this.talks = talks;
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 17 + c);
            Thread t = new Thread(() -> run(random), "query-load-" + c);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    QueryLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    long answered() {
        return answered.get();
    }

    /** @return nanoTimes at which the requests that were not answered 200 were sent */
    List<Long> failures() {
        return new ArrayList<>(failedAtNanos);
    }

    long lastAnsweredNanos() {
        return lastAnsweredNanos.get();
    }

    private void run(Random random) {
        while (running.get()) {
            List<String> known = new ArrayList<>(talks);
            if (known.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                continue;
            }
            String talk = known.get(random.nextInt(known.size()));
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(api.get() + "/v1/talks/" + talk))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    answered.incrementAndGet();
                    lastAnsweredNanos.set(System.nanoTime());
                    continue;
                }
            } catch (java.io.IOException e) {
                // not answered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            failedAtNanos.add(sent);
            // a client's pacing after a failed query (a refused connection answers at once), not a test wait
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}
