-- Audit counts of the warehouse tier: events of notes.events committed per (partition, occurredAt bucket),
-- incremented in the same transaction as the rows and sink_offsets, so they are exactly what is committed.
CREATE TABLE audit_counts (
    group_id        TEXT    NOT NULL,
    topic           TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    bucket_start    BIGINT  NOT NULL,
    bucket_ms       BIGINT  NOT NULL,
    records         BIGINT  NOT NULL,
    PRIMARY KEY (group_id, topic, kafka_partition, bucket_start)
);
