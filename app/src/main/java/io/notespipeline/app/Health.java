package io.notespipeline.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The health of the components a process runs, as {@code GET /health} reports it: each named check answers up or
 * down with its details (a sink's lag, the views' state, the cause of a failure); the whole is down when one is.
 * Components register their check when they start. Thread-safe.
 */
public final class Health {

    /**
     * One component's answer.
     *
     * @param up      false when the component cannot do its work now
     * @param details what it says of itself (state, lag, cause, ...), shown as is in {@code /health}
     */
    public record Check(boolean up, Map<String, Object> details) {
        public static Check up(Map<String, Object> details) {
            return new Check(true, details);
        }

        public static Check down(String cause, Map<String, Object> details) {
            Map<String, Object> d = new LinkedHashMap<>(details);
            d.put("cause", cause);
            return new Check(false, d);
        }
    }

    /**
     * @param up         true when every component is
     * @param components each component's check, in registration order
     */
    public record Report(boolean up, Map<String, Check> components) {
        /** @return the JSON body of {@code /health}: {@code {"status":"UP|DOWN","components":{name:{status,...}}}} */
        public Map<String, Object> toJson() {
            Map<String, Object> parts = new LinkedHashMap<>();
            components.forEach((name, check) -> {
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("status", check.up() ? "UP" : "DOWN");
                part.putAll(check.details());
                parts.put(name, part);
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("components", parts);
            return body;
        }
    }

    private final Map<String, Supplier<Check>> checks = new LinkedHashMap<>();

    /** Adds (or replaces) the check of component {@code name}. */
    public synchronized void register(String name, Supplier<Check> check) {
        checks.put(name, check);
    }

    /** @return every component's check now; a check that throws is down with its exception as the cause */
    public Report report() {
        Map<String, Supplier<Check>> current;
        synchronized (this) {
            current = new LinkedHashMap<>(checks);
        }
        Map<String, Check> result = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, Supplier<Check>> e : current.entrySet()) {
            Check c;
            try {
                c = e.getValue().get();
            } catch (RuntimeException ex) {
                c = Check.down(ex.toString(), Map.of());
            }
            result.put(e.getKey(), c);
            up &= c.up();
        }
        return new Report(up, result);
    }
}
