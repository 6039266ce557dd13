package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.notespipeline.schemas.CatalogConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile bodies, at scale, against every write path of both HTTP servers of {@code notes up} (the producer API on
 * the app server, every POST/PUT of the registry), with a valid admin token so that each body reaches its parser:
 * no answer is a 5xx, nothing is written ({@code notes.events} and {@code _schemas} end offsets do not move) and
 * both servers still answer after. A seeded generator ({@code -Dhostile.seed=N} replays a run, the seed is
 * printed); {@code -Dhostile.bodies=100000} for the long run (default 3,000).
 */
class HostileBodiesIT {

    private static final Logger log = LoggerFactory.getLogger(HostileBodiesIT.class);
    private static final int BODIES = Integer.getInteger("hostile.bodies", 3_000);
    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final String TOKEN = "hostile-admin-token";
    private static final String EVENT = "{\"type\": \"NoteAdded\", \"author\": \"ann\", \"payload\": "
            + "{\"noteId\": \"n1\", \"text\": \"Python as glue\"}}";
    private static final String SCHEMA = "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"H\\\", "
            + "\\\"fields\\\": [{\\\"name\\\": \\\"a\\\", \\\"type\\\": \\\"string\\\"}]}\"}";
    private static final String METADATA = "{\"owner\": \"team\", \"description\": \"d\", \"retention\": \"forever\"}";

    @TempDir
    Path tmp;

    /** A write path: method, path, and the valid body whose invalid variants are thrown at it. */
    private record Route(String server, String method, String path, String valid, List<String> badValues) {
    }

    @Test
    void shouldNeverAnswer5xxNorWriteAnythingAndStillAnswerAfter() throws Exception {
        log.info("Hostile bodies seed={} bodies={} (replay with -Dhostile.seed={})", SEED, BODIES, SEED);
        AppConfig config = new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, tmp.resolve("data").toString(),
                AppConfig.KAFKA_PORT_CONFIG, 0, AppConfig.HTTP_PORT_CONFIG, 0, AppConfig.REGISTRY_PORT_CONFIG, 0,
                AppConfig.ADMIN_TOKEN_CONFIG, TOKEN));
        try (Pipeline pipeline = Pipeline.start(config, CatalogConfig.defaults(),
                EnumSet.of(Component.REGISTRY, Component.PRODUCER), Map.of())) {
            String api = pipeline.apiUrl();
            String registry = pipeline.registryUrl();
            List<Route> routes = List.of(
                    new Route(api, "POST", "/v1/talks/talk-1/events", EVENT,
                            List.of("null", "42", "\"\"", "[]", "{}", "-1", "1e999999", "\"\\u0000\"", "true")),
                    new Route(registry, "POST", "/subjects/hostile-value/versions", SCHEMA,
                            List.of("null", "42", "\"{\\\"type\\\": \\\"nope\\\"}\"", "\"\"", "[]", "{}", "\"[\"")),
                    new Route(registry, "POST", "/subjects/hostile-value", SCHEMA, List.of("null", "42", "\"{\"", "[]")),
                    new Route(registry, "POST", "/compatibility/subjects/notes.events-value/versions/latest", SCHEMA,
                            List.of("null", "42", "\"{\"", "[]")),
                    new Route(registry, "PUT", "/config", "{\"compatibility\": \"BACKWARD\"}",
                            List.of("null", "42", "\"SIDEWAYS\"", "\"\"", "[]", "{}")),
                    new Route(registry, "PUT", "/config/hostile-value", "{\"compatibility\": \"BACKWARD\"}",
                            List.of("null", "42", "\"SIDEWAYS\"", "\"\"", "[]", "{}")),
                    new Route(registry, "PUT", "/mode", "{\"mode\": \"READWRITE\"}",
                            List.of("null", "42", "\"WRITEONLY\"", "\"\"", "[]", "{}")),
                    new Route(registry, "PUT", "/mode/hostile-value", "{\"mode\": \"READWRITE\"}",
                            List.of("null", "42", "\"WRITEONLY\"", "\"\"", "[]", "{}")),
                    new Route(registry, "PUT", "/v1/topics/notes.events/metadata", METADATA,
                            List.of())); // its fields' rules are the registry's: only bodies that are not an object
            Map<String, Long> before = ends(pipeline.bootstrap());

            Random random = new Random(SEED);
            List<HttpRequest> requests = new ArrayList<>(BODIES);
            List<String> shown = new ArrayList<>(BODIES);
            for (int i = 0; i < BODIES; i++) {
                Route route = routes.get(random.nextInt(routes.size()));
                byte[] body = hostile(route, random);
                String contentType = random.nextInt(10) < 8 ? "application/json"
                        : List.of("text/plain", "application/x-www-form-urlencoded", "", "application/jsonx")
                                .get(random.nextInt(4));
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(route.server() + route.path()))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                        .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body));
                if (!contentType.isEmpty()) {
                    b.header("Content-Type", contentType);
                }
                requests.add(b.build());
                shown.add(route.method() + " " + route.path() + " " + contentType + " "
                        + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> resent = java.util.Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        HttpResponse<String> r;
                        try {
                            r = http.send(requests.get(n), HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException e) {
                            // a pooled keep-alive connection the server closed as it was reused: sent again, once,
                            // and counted; it must then be refused like any other
                            resent.add(shown.get(n) + " (" + e + ")");
                            try {
                                r = http.send(requests.get(n), HttpResponse.BodyHandlers.ofString());
                            } catch (Exception again) {
                                serverErrors.add("no answer (" + again + ") for " + shown.get(n));
                                return null;
                            }
                        } catch (Exception e) {
                            serverErrors.add("no answer (" + e + ") for " + shown.get(n));
                            return null;
                        }
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        if (r.statusCode() >= 500 || r.statusCode() < 400) {
                            serverErrors.add(r.statusCode() + " for " + shown.get(n) + " -> " + r.body());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Hostile bodies seed={} bodies={} in {} ms, answers by status {}, sent again after a closed "
                    + "keep-alive connection {}: {}", SEED, BODIES, ms, statuses, resent.size(), resent);
            assertThat(serverErrors).as("seed=%d: answers that are not a 4xx refusal", SEED).isEmpty();
            assertThat(resent.size()).as("seed=%d: connections closed under a request", SEED).isLessThanOrEqualTo(
                    Math.max(3, BODIES / 10_000));
            assertThat(ends(pipeline.bootstrap())).as("seed=%d: nothing written", SEED).isEqualTo(before);
            assertThat(get(http, api + "/health").statusCode()).as("the app server still answers").isEqualTo(200);
            assertThat(get(http, registry + "/subjects").statusCode()).as("the registry still answers").isEqualTo(200);
        }
    }

    /** One invalid variant of the route's valid body (never valid: see each case). */
    private static byte[] hostile(Route route, Random random) {
        String valid = route.valid();
        int kind = random.nextInt(8);
        while (route.badValues().isEmpty() && (kind == 2 || kind == 5)) {
            kind = random.nextInt(8);
        }
        switch (kind) {
            case 0: { // random bytes, often not UTF-8
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                return b;
            }
            case 1: // a proper prefix of a JSON object is never valid JSON
                return valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            case 2: { // one field's value replaced by a value of the wrong type or out of range
                int colon = nthColon(valid, random);
                int end = valueEnd(valid, colon + 1);
                String bad = route.badValues().get(random.nextInt(route.badValues().size()));
                return (valid.substring(0, colon + 1) + " " + bad + valid.substring(end)).getBytes(StandardCharsets.UTF_8);
            }
            case 3: { // deep nesting
                int n = 65 + random.nextInt(20_000);
                return ("[".repeat(n) + "]".repeat(random.nextBoolean() ? n : n / 2)).getBytes(StandardCharsets.UTF_8);
            }
            case 4: // trailing garbage after a valid body
                return (valid + List.of("}", "{}", " x", "]", ",", "\u0000").get(random.nextInt(6)))
                        .getBytes(StandardCharsets.UTF_8);
            case 5: // a huge number or string where a small one goes
                return valid.replaceFirst(":\\s*\"[^\"]*\"", ": " + (random.nextBoolean() ? "1" + "0".repeat(5000)
                        : "\"" + "\\ud800".repeat(1 + random.nextInt(50)) + "\"")).getBytes(StandardCharsets.UTF_8);
            case 6: // invalid UTF-8 inside a string
                return (valid.substring(0, valid.length() - 1) + ", \"x\": \"\u0000").getBytes(StandardCharsets.UTF_8);
            default: // a JSON scalar, array or empty body instead of the object
                return List.of("", " ", "null", "[]", "[" + valid + "]", "\"" + valid.replace("\"", "\\\"") + "\"", "0")
                        .get(random.nextInt(7)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static int nthColon(String s, Random random) {
        List<Integer> colons = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c == ':' && !inString) {
                colons.add(i);
            }
        }
        return colons.get(random.nextInt(colons.size()));
    }

    /** @return the index after the JSON value starting at or after {@code from} */
    private static int valueEnd(String s, int from) {
        int i = from;
        while (s.charAt(i) == ' ') {
            i++;
        }
        int depth = 0;
        boolean inString = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> ends(String bootstrap) throws Exception {
        Map<String, Long> result = new HashMap<>();
        try (Admin admin = Pipeline.admin(bootstrap)) {
            for (String topic : List.of("notes.events", "_schemas")) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                result.put(topic, admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum());
            }
        }
        return result;
    }
}
