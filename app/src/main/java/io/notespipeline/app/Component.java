package io.notespipeline.app;

/** The services a {@link Pipeline} can run; {@code notes up} runs them all. */
public enum Component {
    /** The schema registry on {@code registry.port}. */
    REGISTRY,
    /** The publisher and the REST+JSON producer API on {@code http.port}. */
    PRODUCER,
    /** The views topology and the query API on {@code http.port}. */
    VIEWS,
    /** The lake and warehouse sinks. */
    SINKS,
    /** The audit view (one per cluster) and {@code GET /v1/audit} on {@code http.port}. */
    AUDIT
}
