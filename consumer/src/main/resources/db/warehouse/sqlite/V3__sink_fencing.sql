-- Fencing: each (group, partition) has an epoch, bumped by the instance the partition is assigned to; a write
-- commits only while its instance's epoch is the current one (a previous owner still running is refused), and
-- sink_offsets records the epoch that stored each offset. Offsets never move backwards.
CREATE TABLE sink_claims (
    group_id        TEXT    NOT NULL,
    topic           TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    epoch           INTEGER NOT NULL,
    claimed_at      TEXT    NOT NULL,
    PRIMARY KEY (group_id, topic, kafka_partition)
);
ALTER TABLE sink_offsets ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
