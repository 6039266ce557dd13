package io.notespipeline.consumer.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.TopicPartition;

/**
 * The warehouse's SQL, common to SQLite and PostgreSQL: batched insert-or-ignore of events,
 * revision-guarded upsert of talks with their notes replaced when the talk row changed, and the
 * sink offsets; all on the caller's connection and transaction. Internal.
 */
public final class WarehouseWriter {

    private static final String INSERT_EVENT = "INSERT INTO note_events (event_id, talk_id, occurred_at, author, "
            + "correlation_id, expected_revision, event_type, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (event_id) DO NOTHING";
    private static final String UPSERT_TALK = "INSERT INTO talks (talk_id, title, conference, speakers, links, tags, "
            + "contributors, revision, created_at, updated_at, last_event_id, deleted, note_count) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (talk_id) DO UPDATE SET "
            + "title = excluded.title, conference = excluded.conference, speakers = excluded.speakers, "
            + "links = excluded.links, tags = excluded.tags, contributors = excluded.contributors, "
            + "revision = excluded.revision, created_at = excluded.created_at, updated_at = excluded.updated_at, "
            + "last_event_id = excluded.last_event_id, deleted = excluded.deleted, note_count = excluded.note_count "
            + "WHERE talks.revision < excluded.revision";
    private static final String DELETE_NOTES = "DELETE FROM notes WHERE talk_id = ?";
    private static final String DELETE_TALK = "DELETE FROM talks WHERE talk_id = ?";
    private static final String INSERT_NOTE = "INSERT INTO notes (talk_id, note_id, parent_id, position, text) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (talk_id, note_id) DO NOTHING";
    private static final String UPSERT_OFFSET = "INSERT INTO sink_offsets (group_id, topic, kafka_partition, "
            + "next_offset, updated_at, epoch) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, topic, kafka_partition) "
            + "DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at, epoch = excluded.epoch "
            + "WHERE sink_offsets.next_offset <= excluded.next_offset";
    private static final String CLAIM = "INSERT INTO sink_claims (group_id, topic, kafka_partition, epoch, claimed_at) "
            + "VALUES (?, ?, ?, 1, ?) ON CONFLICT (group_id, topic, kafka_partition) "
            + "DO UPDATE SET epoch = sink_claims.epoch + 1, claimed_at = excluded.claimed_at";
    private static final String EPOCH = "SELECT epoch FROM sink_claims WHERE group_id = ? AND topic = ? "
            + "AND kafka_partition = ?";
    /** Holds the claim row (locked until commit on PostgreSQL) only while its epoch is still ours. */
    private static final String HOLD = "UPDATE sink_claims SET epoch = epoch WHERE group_id = ? AND topic = ? "
            + "AND kafka_partition = ? AND epoch = ?";

    private final Dialect dialect;

    public WarehouseWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Inserts events, ignoring those whose event_id is already there.
     *
     * @return rows inserted, as far as the driver reports it (0 when it rewrites batches)
     */
    public int insertEvents(Connection c, Collection<NoteEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (NoteEvent e : events) {
                ps.setString(1, e.getEventId().toString());
                ps.setString(2, e.getTalkId());
                dialect.setInstant(ps, 3, e.getOccurredAt());
                ps.setString(4, e.getAuthor());
                ps.setString(5, e.getCorrelationId());
                if (e.getExpectedRevision() == null) {
                    ps.setNull(6, Types.BIGINT);
                } else {
                    ps.setLong(6, e.getExpectedRevision());
                }
                ps.setString(7, e.getPayload().getClass().getSimpleName());
                ps.setString(8, e.getPayload().toString());
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    /**
     * Applies talk views in order: the newest per talk is upserted unless the stored revision is
     * already at or past it; a null view (tombstone) deletes the talk.
     *
     * @param views talkId → view or null, in log order
     */
    public void applyViews(Connection c, List<Map.Entry<String, TalkView>> views) throws SQLException {
        Map<String, TalkView> latest = new LinkedHashMap<>();
        for (Map.Entry<String, TalkView> e : views) {
            TalkView prev = latest.get(e.getKey());
            TalkView next = e.getValue();
            if (next == null || prev == null || next.getRevision() >= prev.getRevision()) {
                latest.put(e.getKey(), next);
            }
        }
        List<String> deleted = new ArrayList<>();
        List<TalkView> upserts = new ArrayList<>();
        latest.forEach((talkId, view) -> {
            if (view == null) {
                deleted.add(talkId);
            } else {
                upserts.add(view);
            }
        });
        deleteTalks(c, deleted);
        List<TalkView> changed = upsertTalks(c, upserts);
        replaceNotes(c, changed);
    }

    private void deleteTalks(Connection c, List<String> talkIds) throws SQLException {
        if (talkIds.isEmpty()) {
            return;
        }
        try (PreparedStatement notes = c.prepareStatement(DELETE_NOTES);
             PreparedStatement talks = c.prepareStatement(DELETE_TALK)) {
            for (String id : talkIds) {
                notes.setString(1, id);
                notes.addBatch();
                talks.setString(1, id);
                talks.addBatch();
            }
            notes.executeBatch();
            talks.executeBatch();
        }
    }

    private List<TalkView> upsertTalks(Connection c, List<TalkView> views) throws SQLException {
        List<TalkView> changed = new ArrayList<>();
        if (views.isEmpty()) {
            return changed;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_TALK)) {
            for (TalkView v : views) {
                ps.setString(1, v.getTalkId());
                ps.setString(2, v.getTitle());
                ps.setString(3, v.getConference());
                ps.setString(4, json(v.getSpeakers()));
                ps.setString(5, json(v.getLinks()));
                ps.setString(6, json(v.getTags()));
                ps.setString(7, json(v.getContributors()));
                ps.setLong(8, v.getRevision());
                dialect.setInstant(ps, 9, v.getCreatedAt());
                dialect.setInstant(ps, 10, v.getUpdatedAt());
                ps.setString(11, v.getLastEventId().toString());
                ps.setBoolean(12, v.getDeleted());
                ps.setInt(13, countNotes(v.getNotes()));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                boolean applied = counts[i] == PreparedStatement.SUCCESS_NO_INFO
                        ? storedRevisionIs(c, views.get(i)) : counts[i] > 0;
                if (applied) {
                    changed.add(views.get(i));
                }
            }
        }
        return changed;
    }

    /** For drivers that do not report per-statement counts (e.g. batched-insert rewriting). */
    private static boolean storedRevisionIs(Connection c, TalkView v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM talks WHERE talk_id = ?")) {
            ps.setString(1, v.getTalkId());
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == v.getRevision();
            }
        }
    }

    private void replaceNotes(Connection c, List<TalkView> views) throws SQLException {
        if (views.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(DELETE_NOTES);
             PreparedStatement insert = c.prepareStatement(INSERT_NOTE)) {
            for (TalkView v : views) {
                delete.setString(1, v.getTalkId());
                delete.addBatch();
            }
            delete.executeBatch();
            for (TalkView v : views) {
                addNotes(insert, v.getTalkId(), null, v.getNotes());
            }
            insert.executeBatch();
        }
    }

    private static void addNotes(PreparedStatement ps, String talkId, String parentId, List<NoteNode> nodes)
            throws SQLException {
        for (int i = 0; i < nodes.size(); i++) {
            NoteNode n = nodes.get(i);
            ps.setString(1, talkId);
            ps.setString(2, n.getNoteId());
            ps.setString(3, parentId);
            ps.setInt(4, i);
            ps.setString(5, n.getText());
            ps.addBatch();
            addNotes(ps, talkId, n.getNoteId(), n.getChildren());
        }
    }

    private static int countNotes(List<NoteNode> nodes) {
        int n = nodes.size();
        for (NoteNode node : nodes) {
            n += countNotes(node.getChildren());
        }
        return n;
    }

    /**
     * Claims {@code partitions} for {@code group}: bumps each one's epoch, so that whoever held it before can no
     * longer commit. On the caller's transaction.
     *
     * @return the new epoch of each partition
     */
    public Map<TopicPartition, Long> claim(Connection c, String group, Collection<TopicPartition> partitions,
                                           Instant now) throws SQLException {
        Map<TopicPartition, Long> epochs = new LinkedHashMap<>();
        try (PreparedStatement claim = c.prepareStatement(CLAIM); PreparedStatement read = c.prepareStatement(EPOCH)) {
            for (TopicPartition tp : sorted(partitions)) {
                claim.setString(1, group);
                claim.setString(2, tp.topic());
                claim.setInt(3, tp.partition());
                dialect.setInstant(claim, 4, now);
                claim.executeUpdate();
                read.setString(1, group);
                read.setString(2, tp.topic());
                read.setInt(3, tp.partition());
                try (var rs = read.executeQuery()) {
                    rs.next();
                    epochs.put(tp, rs.getLong(1));
                }
            }
        }
        return epochs;
    }

    /** Stores the next offset of each partition for {@code group}, unclaimed (a replay into a fresh database). */
    public void storeOffsets(Connection c, String group, Map<TopicPartition, Long> next, Instant now)
            throws SQLException {
        storeOffsets(c, group, next, Map.of(), now);
    }

    /**
     * Stores the next offset of each partition for {@code group}, fenced: each partition must still be claimed
     * with the epoch given in {@code epochs} (a partition without one was never claimed: not checked), and its
     * stored offset must not be past the new one.
     *
     * @throws io.notespipeline.consumer.SinkFencedException when either is not so; the caller rolls back
     */
    public void storeOffsets(Connection c, String group, Map<TopicPartition, Long> next, Map<TopicPartition, Long> epochs,
                             Instant now) throws SQLException {
        if (next.isEmpty()) {
            return;
        }
        try (PreparedStatement hold = c.prepareStatement(HOLD); PreparedStatement ps = c.prepareStatement(UPSERT_OFFSET)) {
            for (TopicPartition tp : sorted(next.keySet())) {
                Long epoch = epochs.get(tp);
                if (epoch != null) {
                    hold.setString(1, group);
                    hold.setString(2, tp.topic());
                    hold.setInt(3, tp.partition());
                    hold.setLong(4, epoch);
                    if (hold.executeUpdate() != 1) {
                        throw new io.notespipeline.consumer.SinkFencedException("partition " + tp + " of group " + group
                                + " was claimed by another instance since epoch " + epoch + "; nothing committed");
                    }
                }
                ps.setString(1, group);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                ps.setLong(4, next.get(tp));
                dialect.setInstant(ps, 5, now);
                ps.setLong(6, epoch == null ? 0 : epoch);
                if (ps.executeUpdate() != 1) {
                    throw new io.notespipeline.consumer.SinkFencedException("the stored offset of " + tp + " in group "
                            + group + " is past " + next.get(tp) + ": refusing to move it backwards; nothing committed");
                }
            }
        }
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        List<TopicPartition> list = new ArrayList<>(partitions);
        list.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return list;
    }

    private static String json(Object value) {
        return SpecificData.get().toString(value);
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += Math.max(c, 0);
        }
        return n;
    }
}
