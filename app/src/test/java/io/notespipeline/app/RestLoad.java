package io.notespipeline.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos suite's writers: {@code threads} clients posting batches of events to the producer API, each on talks
 * of its own ({@code chaos-<thread>-<n>}), each batch drawn from the seed: a talk is created first, then notes are
 * added to it and edited. An event counts as acknowledged when its batch was answered 201; a batch answered
 * otherwise, or not at all (the server was killed), counts as failed and is never sent again, so its events may or
 * may not be in the log (the checks compare every tier with the log, and the log with what was acknowledged).
 */
final class RestLoad implements AutoCloseable {

    private final String api;
    private final int batch;
    private final long limit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> talks = ConcurrentHashMap.newKeySet();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong maxGapNanos = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param api     the producer API's URL (the same across restarts)
     * @param seed    drives every choice of talk, type and note
     * @param clients concurrent clients
     * @param batch   events per request
     * @param limit   stop after this many acknowledged events (the count may pass it by a batch per thread)
     */
    RestLoad(String api, long seed, int clients, int batch, long limit) {
        this.api = api;
        this.batch = batch;
        this.limit = limit;
        for (int t = 0; t < clients; t++) {
            int id = t;
            Random random = new Random(seed * 31 + t);
            Thread thread = new Thread(() -> run(id, random), "rest-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    RestLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failedBatches() {
        return failedBatches.get();
    }

    Set<String> acknowledgedIds() {
        return acknowledgedIds;
    }

    /** @return the talks that were created (their TalkCreated was acknowledged) */
    Set<String> talks() {
        return talks;
    }

    /** @return nanoTime of the latest acknowledgement */
    long lastAckNanos() {
        return lastAckNanos.get();
    }

    /** @return the longest time without any acknowledgement since the last {@link #resetMaxGap()}, in ms */
    long maxGapMs() {
        return maxGapNanos.get() / 1_000_000;
    }

    void resetMaxGap() {
        maxGapNanos.set(0);
    }

    boolean finished() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Stops the clients after their request in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }

    private void run(int thread, Random random) {
        Map<String, Integer> notesOf = new HashMap<>();
        int talkCount = 8;
        while (running.get() && acknowledged.get() < limit) {
            String talk = "chaos-" + thread + "-" + random.nextInt(talkCount);
            List<String> ids = new ArrayList<>(batch);
            StringBuilder body = new StringBuilder("{\"events\": [");
            int notes = notesOf.getOrDefault(talk, -1);
            int planned = notes;
            for (int i = 0; i < batch; i++) {
                String eventId = UUID.randomUUID().toString();
                ids.add(eventId);
                if (i > 0) {
                    body.append(", ");
                }
                if (planned < 0) {
                    body.append(event(eventId, "TalkCreated", "{\"title\": \"Chaos " + talk + "\", \"speakers\": [\"Ann\"]}"));
                    planned = 0;
                } else if (planned == 0 || random.nextInt(10) < 7) {
                    body.append(event(eventId, "NoteAdded", "{\"noteId\": \"n" + planned + "\", \"text\": \"note "
                            + planned + " " + random.nextInt(1_000_000) + "\"}"));
                    planned++;
                } else {
                    int note = random.nextInt(planned);
                    body.append(event(eventId, "NoteEdited", "{\"noteId\": \"n" + note + "\", \"text\": \"edit "
                            + random.nextInt(1_000_000) + "\"}"));
                }
            }
            body.append("]}");
            if (post(talk, body.toString())) {
                acknowledgedIds.addAll(ids);
                acknowledged.addAndGet(ids.size());
                long now = System.nanoTime();
                long previous = lastAckNanos.getAndSet(now);
                maxGapNanos.accumulateAndGet(now - previous, Math::max);
                notesOf.put(talk, planned);
                talks.add(talk);
            } else {
                failedBatches.incrementAndGet();
            }
        }
    }

    private static String event(String eventId, String type, String payload) {
        return "{\"type\": \"" + type + "\", \"eventId\": \"" + eventId + "\", \"author\": \"chaos\", \"payload\": "
                + payload + "}";
    }

    private boolean post(String talk, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/talks/" + talk + "/events"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                return true;
            }
            pause();
            return false;
        } catch (java.io.IOException e) {
            pause();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return false;
        }
    }

    /**
     * A refused connection or a 503 answers at once: the client backs off 100 ms before its next batch, as a real
     * client would, so a server that is down is not spun on (a client's pacing, not a wait for a test condition).
     */
    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
}
