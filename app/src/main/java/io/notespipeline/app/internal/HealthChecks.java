package io.notespipeline.app.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.notespipeline.app.Health;
import io.notespipeline.app.Health.Check;
import io.notespipeline.consumer.SinkHealth;
import io.notespipeline.consumer.SinkService;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.streams.KafkaStreams;

/** The checks behind {@code /health}: broker reachable, registry answering, a streams app's state, each sink. */
public final class HealthChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private HealthChecks() {
    }

    /** Caches a check's answer for a second, so that polling {@code /health} does not load what it checks. */
    static Supplier<Check> cached(Supplier<Check> check) {
        return new Supplier<>() {
            private Check last;
            private long at;

            @Override
            public synchronized Check get() {
                long now = System.nanoTime();
                if (last == null || now - at >= CACHE_NANOS) {
                    last = check.get();
                    at = System.nanoTime();
                }
                return last;
            }
        };
    }

    /** The broker check: the cluster answers a describe within two seconds. Close it with the process. */
    static final class Broker implements Supplier<Check>, AutoCloseable {
        private final String bootstrap;
        private Admin admin;

        Broker(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public synchronized Check get() {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
            }
            try {
                Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) TIMEOUT.toMillis())).nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
                return Check.up(Map.of("bootstrap", bootstrap, "brokers", nodes.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Check.down("interrupted", Map.of("bootstrap", bootstrap));
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return Check.down("broker unreachable: " + cause, Map.of("bootstrap", bootstrap));
            }
        }

        @Override
        public synchronized void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }

    /** The registry check: it answers {@code GET /} with a status below 500 within two seconds. */
    static Supplier<Check> registry(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return () -> {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(TIMEOUT)
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() < 500 ? Check.up(Map.of("url", url))
                        : Check.down("registry answered " + r.statusCode(), Map.of("url", url));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Check.down("interrupted", Map.of("url", url));
            } catch (Exception e) {
                return Check.down("registry unreachable: " + e, Map.of("url", url));
            }
        };
    }

    /** A streams app: up while created, rebalancing or running; down when in error or stopped. */
    static Supplier<Check> streams(Supplier<KafkaStreams.State> states) {
        return () -> {
            KafkaStreams.State state = states.get();
            Map<String, Object> details = Map.of("state", state.name());
            return switch (state) {
                case CREATED, REBALANCING, RUNNING -> Check.up(details);
                default -> Check.down("streams state " + state, details);
            };
        };
    }

    /** Registers one check per enabled sink ({@code sink.warehouse}, {@code sink.lake}). */
    static void sinks(Health health, SinkService sinks) {
        for (SinkHealth h : sinks.health()) {
            String name = h.name();
            health.register("sink." + name, () -> sinks.health().stream().filter(s -> s.name().equals(name))
                    .findFirst().map(HealthChecks::sink).orElse(Check.down("not running", Map.of())));
        }
    }

    private static Check sink(SinkHealth h) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lag", h.lag());
        details.put("restarts", h.restarts());
        if (h.since() != null) {
            details.put("since", h.since().toString());
        }
        return h.up() ? Check.up(details) : Check.down(h.reason().orElse("down"), details);
    }
}
