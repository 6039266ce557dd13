-- Warehouse tables (SQLite). Times are ISO-8601 UTC text 'yyyy-MM-ddTHH:mm:ss.SSSZ' (sortable).
CREATE TABLE note_events (
    event_id          TEXT    NOT NULL PRIMARY KEY,
    talk_id           TEXT    NOT NULL,
    occurred_at       TEXT    NOT NULL,
    author            TEXT    NOT NULL,
    correlation_id    TEXT    NOT NULL,
    expected_revision INTEGER,
    event_type        TEXT    NOT NULL,
    payload           TEXT    NOT NULL
);
CREATE INDEX note_events_talk ON note_events (talk_id, occurred_at);

CREATE TABLE talks (
    talk_id       TEXT    NOT NULL PRIMARY KEY,
    title         TEXT    NOT NULL,
    conference    TEXT,
    speakers      TEXT    NOT NULL,
    links         TEXT    NOT NULL,
    tags          TEXT    NOT NULL,
    contributors  TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    last_event_id TEXT    NOT NULL,
    deleted       INTEGER NOT NULL,
    note_count    INTEGER NOT NULL
);

CREATE TABLE notes (
    talk_id   TEXT    NOT NULL,
    note_id   TEXT    NOT NULL,
    parent_id TEXT,
    position  INTEGER NOT NULL,
    text      TEXT    NOT NULL,
    PRIMARY KEY (talk_id, note_id)
);

CREATE TABLE sink_offsets (
    group_id        TEXT    NOT NULL,
    topic           TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    next_offset     INTEGER NOT NULL,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (group_id, topic, kafka_partition)
);
