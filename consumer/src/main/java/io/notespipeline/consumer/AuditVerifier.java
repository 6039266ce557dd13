package io.notespipeline.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.consumer.internal.LogReader;
import io.notespipeline.consumer.internal.RecordConverter;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

/**
 * {@code notes audit verify --tier warehouse|lake [--from T --to T]}: compares the eventIds of the log
 * ({@code notes.events}, read to its current end) with those of a tier (the warehouse's {@code note_events}
 * through JDBC, or the lake's Avro files) for the events whose {@code occurredAt} is in {@code [from, to)}, and
 * names every id missing from the tier, every id the tier holds more often than the log, and every id the
 * tier holds that the log does not.
 */
public final class AuditVerifier {

    /** The tier to compare with the log. */
    public enum Tier {
        WAREHOUSE, LAKE;

        /** @return the tier named {@code warehouse} or {@code lake} (any case) */
        public static Tier parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** An event of the log the tier lacks. */
    public record Missing(String eventId, String talkId, int partition, long offset, Instant occurredAt) {
    }

    /** An event the tier holds {@code inTier} times while the log holds it {@code inLog} times. */
    public record Duplicated(String eventId, int inLog, int inTier) {
    }

    /**
     * The comparison.
     *
     * @param tier       the tier compared
     * @param from       first occurredAt included (null: none)
     * @param to         occurredAt bound, excluded (null: none)
     * @param logEvents  events of the range in the log (records, duplicates included)
     * @param tierEvents events of the range in the tier (rows or lake records)
     * @param missing    events in the log and not in the tier, by occurredAt
     * @param duplicated events the tier holds more often than the log
     * @param unexpected eventIds in the tier and not in the log
     */
    public record Result(Tier tier, Instant from, Instant to, long logEvents, long tierEvents, List<Missing> missing,
                         List<Duplicated> duplicated, List<String> unexpected) {

        /** @return true when the tier holds exactly the log's events */
        public boolean ok() {
            return missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty();
        }
    }

    private final SinksConfig config;
    private final String bootstrapServers;
    private final TopicCatalog catalog;

    /**
     * @param config           where the warehouse and the lake are, the events topic
     * @param bootstrapServers the Kafka cluster
     * @param catalog          the events' value serde
     */
    public AuditVerifier(SinksConfig config, String bootstrapServers, TopicCatalog catalog) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.catalog = catalog;
    }

    /** Compares the log with {@code tier} for occurredAt in {@code [from, to)} (either bound may be null). */
    public Result verify(Tier tier, Instant from, Instant to) {
        Map<String, List<Missing>> inLog = readLog(from, to);
        Map<String, Integer> inTier = tier == Tier.WAREHOUSE ? readWarehouse(from, to) : readLake(from, to);
        List<Missing> missing = new ArrayList<>();
        List<Duplicated> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long logEvents = 0;
        for (Map.Entry<String, List<Missing>> e : inLog.entrySet()) {
            logEvents += e.getValue().size();
            int n = inTier.getOrDefault(e.getKey(), 0);
            if (n == 0) {
                missing.add(e.getValue().get(0));
            } else if (n > e.getValue().size()) {
                duplicated.add(new Duplicated(e.getKey(), e.getValue().size(), n));
            }
        }
        long tierEvents = 0;
        for (Map.Entry<String, Integer> e : inTier.entrySet()) {
            tierEvents += e.getValue();
            if (!inLog.containsKey(e.getKey())) {
                unexpected.add(e.getKey());
            }
        }
        missing.sort(Comparator.comparing(Missing::occurredAt).thenComparing(Missing::eventId));
        duplicated.sort(Comparator.comparing(Duplicated::eventId));
        unexpected.sort(Comparator.naturalOrder());
        return new Result(tier, from, to, logEvents, tierEvents, missing, duplicated, unexpected);
    }

    private static boolean inRange(Instant t, Instant from, Instant to) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }

    private Map<String, List<Missing>> readLog(Instant from, Instant to) {
        Map<String, List<Missing>> events = new HashMap<>();
        String topic = catalog.events().name();
        LogReader reader = new LogReader(bootstrapServers, RecordConverter.of(catalog, topic, catalog.talkViews().name()));
        reader.readToEnd(topic, (batch, next) -> {
            for (SinkRecord r : batch) {
                NoteEvent e = (NoteEvent) r.value();
                if (inRange(e.getOccurredAt(), from, to)) {
                    events.computeIfAbsent(e.getEventId().toString(), id -> new ArrayList<>(1))
                            .add(new Missing(e.getEventId().toString(), e.getTalkId(), r.partition(), r.offset(),
                                    e.getOccurredAt()));
                }
            }
        }, (stage, done, total) -> { }, "audit-verify");
        return events;
    }

    private Map<String, Integer> readWarehouse(Instant from, Instant to) {
        Map<String, Integer> ids = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT event_id FROM note_events WHERE 1 = 1");
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
        }
        try (Warehouse warehouse = Warehouse.open(config);
             Connection c = warehouse.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (from != null) {
                warehouse.dialect().setInstant(ps, i++, from);
            }
            if (to != null) {
                warehouse.dialect().setInstant(ps, i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.merge(rs.getString(1), 1, Integer::sum);
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new NotesSinkException("cannot read the warehouse's event ids: " + e.getMessage(), e);
        }
        return ids;
    }

    private Map<String, Integer> readLake(Instant from, Instant to) {
        Map<String, Integer> ids = new HashMap<>();
        Path root = config.lakeDir();
        try {
            for (Path file : LakeFiles.list(root, catalog.events().name())) {
                for (NoteEvent e : LakeFiles.read(file)) {
                    if (inRange(e.getOccurredAt(), from, to)) {
                        ids.merge(e.getEventId().toString(), 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake under " + root, e);
        }
        return ids;
    }

    /** @return the result as the lines {@code notes audit verify} prints */
    public static String format(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s vs log, occurredAt in [%s, %s): log %d events, %s %d; "
                        + "%d missing, %d duplicated, %d unexpected%n", r.tier().name().toLowerCase(Locale.ROOT),
                r.from() == null ? "-inf" : r.from(), r.to() == null ? "+inf" : r.to(), r.logEvents(),
                r.tier().name().toLowerCase(Locale.ROOT), r.tierEvents(), r.missing().size(), r.duplicated().size(),
                r.unexpected().size()));
        r.missing().forEach(m -> out.append(String.format(Locale.ROOT, "missing    %s talk=%s partition=%d offset=%d "
                + "occurredAt=%s%n", m.eventId(), m.talkId(), m.partition(), m.offset(), m.occurredAt())));
        r.duplicated().forEach(d -> out.append(String.format(Locale.ROOT, "duplicated %s log=%d tier=%d%n",
                d.eventId(), d.inLog(), d.inTier())));
        r.unexpected().forEach(id -> out.append(String.format(Locale.ROOT, "unexpected %s%n", id)));
        return out.toString();
    }
}
